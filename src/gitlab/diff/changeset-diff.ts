/**
 * The Git diff between two changesets, file by file (a generator, so callers can stream and
 * let other work run between files): pairs from Mercurial metadata, Git deltas, and each
 * file's formatted patch with the chosen object ids.
 *
 * Ids are Heptapod blob ids (`<changeset>_<base64 path>`, ZERO_SHA for a missing side) as
 * HGitaly sends them, or Git blob ids (what `git diff --full-index` would print for the
 * same contents), used for patch ids so that they do not depend on changeset ids.
 */
import type { ByteString } from "../../hg/byte-string.ts";
import { NULL_NODE } from "../../hg/node.ts";
import type { Repository } from "../../hg/repository.ts";
import { deltaBlobIds, type FileDelta, fileDeltas } from "./file-delta.ts";
import { changesetPairs } from "./file-pairs.ts";
import { deltaContents, type FilePatch, formatFilePatch, needsLineDiff } from "./file-patch.ts";
import { gitBlobId } from "./git-blob-id.ts";
import type { LineDiffOffload } from "./line-diff-task.ts";
import type { WhitespaceMode } from "./whitespace.ts";

/** Which object ids a diff shows. */
export type OidStyle = "heptapod" | "git";

/** Options of a changeset diff. */
export interface ChangesetDiffOptions {
  /** Git-like pathspec (exact paths or directories). */
  paths?: readonly ByteString[];
  /** Whitespace changes to ignore. */
  whitespace?: WhitespaceMode;
  /** Object ids of `index` lines and deltas (default heptapod). */
  oids?: OidStyle;
}

/** One file of a changeset diff. */
export interface DiffEntry {
  delta: FileDelta;
  fromId: string;
  toId: string;
  patch: FilePatch;
}

/** The deltas between `fromRev` and `toRev` (type changes split), without contents. */
export function changesetDeltas(
  repo: Repository,
  fromRev: number,
  toRev: number,
  paths?: readonly ByteString[],
): FileDelta[] {
  return fileDeltas(changesetPairs(repo, fromRev, toRev, { paths }));
}

/** The object ids a delta shows. */
function entryIds(
  delta: FileDelta,
  a: Uint8Array,
  b: Uint8Array,
  nodes: { fromNode: string; toNode: string },
  oids: OidStyle | undefined,
): { fromId: string; toId: string } {
  return oids === "git"
    ? {
      fromId: delta.old ? gitBlobId(a) : NULL_NODE,
      toId: delta.new ? gitBlobId(b) : NULL_NODE,
    }
    : deltaBlobIds(delta, nodes.fromNode, nodes.toNode);
}

/** Yields the diff of `fromRev` -> `toRev` file by file, in Git's order. */
export function* changesetDiff(
  repo: Repository,
  fromRev: number,
  toRev: number,
  opts: ChangesetDiffOptions = {},
): Generator<DiffEntry> {
  const nodes = { fromNode: repo.changelog.node(fromRev), toNode: repo.changelog.node(toRev) };
  for (const delta of changesetDeltas(repo, fromRev, toRev, opts.paths)) {
    const [a, b] = deltaContents(repo, delta);
    const ids = entryIds(delta, a, b, nodes, opts.oids);
    const patch = formatFilePatch(delta, a, b, ids, { whitespace: opts.whitespace });
    yield { delta, ...ids, patch };
  }
}

/**
 * changesetDiff whose line diffs of big files run through `offload` (a worker pool) while
 * the caller's event loop stays free; same entries, same order.
 */
export async function* changesetDiffAsync(
  repo: Repository,
  fromRev: number,
  toRev: number,
  opts: ChangesetDiffOptions,
  offload: LineDiffOffload,
): AsyncGenerator<DiffEntry> {
  const nodes = { fromNode: repo.changelog.node(fromRev), toNode: repo.changelog.node(toRev) };
  const whitespace = opts.whitespace ?? "none";
  for (const delta of changesetDeltas(repo, fromRev, toRev, opts.paths)) {
    const [a, b] = deltaContents(repo, delta);
    const ids = entryIds(delta, a, b, nodes, opts.oids);
    const hunks = offload.wants(a, b) && needsLineDiff(delta, a, b)
      ? await offload.hunks({ kind: "hunks", a, b, whitespace })
      : undefined;
    const patch = formatFilePatch(delta, a, b, ids, { whitespace }, hunks);
    yield { delta, ...ids, patch };
  }
}
