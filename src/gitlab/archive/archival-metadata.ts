/**
 * `.hg_archival.txt`, the metadata file Mercurial's archiver puts first in every archive
 * (`ui.archivemeta`, on by default, kept by HGitaly): the first visible changeset (`repo:`),
 * the archived changeset and its branch, then either its global tags (`tag: ` lines) or its
 * latest tag(s), their distance and the number of changes since.
 */
import type { ByteString } from "../../hg/byte-string.ts";
import { latestTag } from "../../hg/latest-tags.ts";
import { NULL_NODE } from "../../hg/node.ts";
import { repoGraph, repoHidden } from "../../hg/repo-state.ts";
import type { Repository } from "../../hg/repository.ts";
import { globalTags } from "../../hg/tags.ts";

/** Name of the metadata member. */
export const ARCHIVAL_METADATA_NAME = ".hg_archival.txt";

function rootNode(repo: Repository, hidden: ReadonlySet<number>): string {
  const cl = repo.changelog;
  for (let rev = 0; rev < cl.length; rev++) if (!hidden.has(rev)) return cl.node(rev);
  return NULL_NODE;
}

/** Content of `.hg_archival.txt` for changeset `rev`, as a ByteString. */
export function archivalMetadata(repo: Repository, rev: number): ByteString {
  const hidden = repoHidden(repo);
  const cl = repo.changelog;
  const cs = cl.read(rev);
  const tagsByRev = new Map<number, ByteString[]>();
  for (const [name, node] of globalTags(repo, hidden)) {
    const r = cl.rev(node);
    if (r === undefined) continue;
    const names = tagsByRev.get(r) ?? [];
    names.push(name);
    tagsByRev.set(r, names);
  }
  const latest = latestTag({
    graph: repoGraph(repo),
    tagsByRev,
    date: (r) => cl.read(r).time,
  }, rev);
  const lines = [`repo: ${rootNode(repo, hidden)}`, `node: ${cs.node}`, `branch: ${cs.branch}`];
  if (latest.distance === 0) {
    lines.push(...latest.names.map((t) => `tag: ${t}`));
  } else {
    lines.push(
      ...latest.names.map((t) => `latesttag: ${t}`),
      `latesttagdistance: ${latest.distance}`,
      `changessincelatesttag: ${latest.changesSince}`,
    );
  }
  return lines.join("\n") + "\n";
}
