/**
 * Line counts of one file pair, as `git diff --numstat`: binary files count no lines, a type
 * change (symlink <-> file) deletes every old line and adds every new one, other changes
 * count the lines of the line diff.
 */
import type { ByteString } from "../../hg/byte-string.ts";
import type { Repository } from "../../hg/repository.ts";
import { isBinaryContent } from "./binary.ts";
import { type FilePair, isTypeChange } from "./file-pairs.ts";
import { deltaContents } from "./file-patch.ts";
import { type ChangeCounts, countChanges } from "./line-diff.ts";
import type { LineDiffOffload } from "./line-diff-task.ts";
import { lineCount } from "./line-ids.ts";

/** Statistics of one pair. */
export interface PairStat {
  /** Path (the new one; the old one for deletions). */
  path: ByteString;
  /** Source of a rename or copy. */
  oldPath?: ByteString;
  additions: number;
  deletions: number;
  binary: boolean;
}

/** The statistics of `pair` whose contents are `a` -> `b`, given its line counts if known. */
function statOf(pair: FilePair, a: Uint8Array, b: Uint8Array, counts?: ChangeCounts): PairStat {
  const path = (pair.new ?? pair.old)!.path;
  const stat: PairStat = { path, additions: 0, deletions: 0, binary: false };
  if (pair.old && pair.new && pair.old.path !== pair.new.path) stat.oldPath = pair.old.path;
  if (isBinaryContent(a) || isBinaryContent(b)) {
    stat.binary = true;
    return stat;
  }
  if (pair.old && pair.new && isTypeChange(pair.old.entry, pair.new.entry)) {
    stat.deletions = lineCount(a);
    stat.additions = lineCount(b);
    return stat;
  }
  // Equal contents (an exact copy or rename) change no line: no need to diff them.
  const c = counts ?? (a === b ? { additions: 0, deletions: 0 } : countChanges(a, b));
  stat.additions = c.additions;
  stat.deletions = c.deletions;
  return stat;
}

/** Counts the lines `pair` adds and deletes. */
export function pairStats(repo: Repository, pair: FilePair): PairStat {
  const [a, b] = deltaContents(repo, pair);
  return statOf(pair, a, b);
}

/** pairStats whose line diff, for big files, runs through `offload` (a worker pool). */
export async function pairStatsAsync(
  repo: Repository,
  pair: FilePair,
  offload: LineDiffOffload,
): Promise<PairStat> {
  const [a, b] = deltaContents(repo, pair);
  const diffs = a !== b && offload.wants(a, b) && !isBinaryContent(a) && !isBinaryContent(b) &&
    !(pair.old && pair.new && isTypeChange(pair.old.entry, pair.new.entry));
  return statOf(pair, a, b, diffs ? await offload.counts({ kind: "counts", a, b }) : undefined);
}
