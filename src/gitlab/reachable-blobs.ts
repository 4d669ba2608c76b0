/**
 * Blobs reachable from a set of revisions, Git `rev-list --objects` style, for ListBlobs and
 * ListAllBlobs. Revisions follow rev-list's arguments: `^rev` excludes, `--not` flips the
 * polarity of what follows, `--all` means every visible changeset, `a..b` is `^a b`.
 *
 * A Mercurial blob is a file revision; each is listed once (per path), with the oid of the
 * newest selected changeset introducing it, walking changesets newest first.
 */
import type { ByteString } from "../hg/byte-string.ts";
import { introducedFiles } from "../hg/introduced-files.ts";
import { NULL_REV } from "../hg/node.ts";
import { repoGraph, repoHidden } from "../hg/repo-state.ts";
import type { Repository } from "../hg/repository.ts";
import type { GitLabRefs } from "./gitlab-refs.ts";
import { blobOid } from "./object-id.ts";
import { resolveRevision } from "./resolve-revision.ts";

/** A revision argument that is malformed (`invalid`) or names nothing (`unknown`). */
export class RevisionListError extends Error {
  /** @param kind what is wrong; @param revision the offending argument. */
  constructor(readonly kind: "invalid" | "unknown", readonly revision: ByteString) {
    super(`${kind} revision: ${JSON.stringify(revision)}`);
    this.name = "RevisionListError";
  }
}

/** A reachable blob, before its content is read. */
export interface ReachableBlob {
  oid: string;
  path: ByteString;
  /** Hex file node. */
  fileNode: string;
}

/** Marks `starts` and all their ancestors in a new mask over the changelog. */
function ancestorsOf(repo: Repository, starts: readonly number[]): Uint8Array {
  const graph = repoGraph(repo);
  const mask = new Uint8Array(graph.length);
  let top = NULL_REV;
  for (const rev of starts) {
    if (rev === NULL_REV) continue;
    mask[rev] = 1;
    top = Math.max(top, rev);
  }
  for (let r = top; r >= 0; r--) {
    if (mask[r] === 0) continue;
    if (graph.p1[r] >= 0) mask[graph.p1[r]] = 1;
    if (graph.p2[r] >= 0) mask[graph.p2[r]] = 1;
  }
  return mask;
}

/**
 * Selection mask (1 = selected) of the changesets rev-list arguments designate.
 * Throws RevisionListError for options other than `--all`/`--not` and unknown revisions.
 */
export function selectRevisions(
  repo: Repository,
  refs: GitLabRefs,
  revisions: readonly ByteString[],
): Uint8Array {
  const included: number[] = [];
  const excluded: number[] = [];
  const resolve = (revision: ByteString): number => {
    const rev = resolveRevision(repo, revision, refs);
    if (rev === undefined) throw new RevisionListError("unknown", revision);
    return rev;
  };
  let negate = false;
  for (const arg of revisions) {
    if (arg === "--not") {
      negate = !negate;
    } else if (arg === "--all") {
      const hidden = repoHidden(repo);
      for (let r = 0; r < repo.changelog.length; r++) {
        if (!hidden.has(r)) (negate ? excluded : included).push(r);
      }
    } else if (arg.startsWith("-") || arg === "") {
      throw new RevisionListError("invalid", arg);
    } else if (arg.startsWith("^")) {
      (negate ? included : excluded).push(resolve(arg.slice(1)));
    } else if (arg.includes("..") && !arg.includes("...")) {
      const sep = arg.indexOf("..");
      (negate ? included : excluded).push(resolve(arg.slice(0, sep) || "HEAD"));
      (negate ? excluded : included).push(resolve(arg.slice(sep + 2) || "HEAD"));
    } else {
      (negate ? excluded : included).push(resolve(arg));
    }
  }
  const mask = ancestorsOf(repo, included);
  const minus = ancestorsOf(repo, excluded);
  for (let r = 0; r < mask.length; r++) if (minus[r] === 1) mask[r] = 0;
  return mask;
}

/** Every changeset of the snapshot (hidden ones included): ListAllBlobs' selection. */
export function allRevisions(repo: Repository): Uint8Array {
  return new Uint8Array(repo.changelog.length).fill(1);
}

/** Blobs introduced by the selected changesets, newest changeset first, each once. */
export function* reachableBlobs(
  repo: Repository,
  selection: Uint8Array,
): Generator<ReachableBlob> {
  const seen = new Set<string>();
  for (let rev = selection.length - 1; rev >= 0; rev--) {
    if (selection[rev] === 0) continue;
    const node = repo.changelog.node(rev);
    for (const file of introducedFiles(repo, rev)) {
      const key = `${file.node}${file.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      yield { oid: blobOid(node, file.path), path: file.path, fileNode: file.node };
    }
  }
}
