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
import { countChanges } from "./line-diff.ts";
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

/** Counts the lines `pair` adds and deletes. */
export function pairStats(repo: Repository, pair: FilePair): PairStat {
  const path = (pair.new ?? pair.old)!.path;
  const stat: PairStat = { path, additions: 0, deletions: 0, binary: false };
  if (pair.old && pair.new && pair.old.path !== pair.new.path) stat.oldPath = pair.old.path;
  const [a, b] = deltaContents(repo, pair);
  if (isBinaryContent(a) || isBinaryContent(b)) {
    stat.binary = true;
    return stat;
  }
  if (pair.old && pair.new && isTypeChange(pair.old.entry, pair.new.entry)) {
    stat.deletions = lineCount(a);
    stat.additions = lineCount(b);
    return stat;
  }
  const c = countChanges(a, b);
  stat.additions = c.additions;
  stat.deletions = c.deletions;
  return stat;
}
