/**
 * Line diffs of byte contents, the core of CommitStats, DiffStats, CommitDiff and RawDiff:
 * lines are compared as bytes (LF-terminated, a missing final LF makes a line differ, as in
 * Git), with Myers' algorithm. Results are edit hunks without context lines; formatting
 * (unified hunks with context, numstat) belongs to the callers.
 */
import { compactChanges } from "./compact-changes.ts";
import { lineIds, type LineKey } from "./line-ids.ts";
import { myersDiff } from "./myers.ts";

/**
 * A maximal run of changes: `oldCount` lines deleted at old line `oldStart` and `newCount`
 * lines inserted at new line `newStart` (0-based line indices; a count may be 0, its start
 * then being the index of the line the change comes before).
 */
export interface EditHunk {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
}

/** The diff of two texts. */
export interface LineDiff {
  /** Edit hunks in order. */
  hunks: EditHunk[];
  /** Line boundaries of the old text: line i is bytes `[oldStarts[i], oldStarts[i+1])`. */
  oldStarts: Uint32Array;
  /** Line boundaries of the new text. */
  newStarts: Uint32Array;
}

/** Added and deleted line counts. */
export interface ChangeCounts {
  additions: number;
  deletions: number;
}

/**
 * Diffs the lines of `a` (old) and `b` (new), comparing lines by `key` when given; changes are
 * placed as Git places them (see compact-changes.ts), with the indent heuristic unless
 * `indentHeuristic` is false (xdiff called without Git's diff options, e.g. by range-diff's
 * cost estimate).
 */
export function diffLines(
  a: Uint8Array,
  b: Uint8Array,
  key?: LineKey,
  opts: { indentHeuristic?: boolean } = {},
): LineDiff {
  const ids = lineIds(a, b, key);
  const marks = myersDiff(ids.a, ids.b);
  compactChanges(
    { ids: ids.a, marks: marks.a, text: a, starts: ids.aStarts },
    { ids: ids.b, marks: marks.b, text: b, starts: ids.bStarts },
    opts,
  );
  const hunks: EditHunk[] = [];
  const n = ids.a.length;
  const m = ids.b.length;
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && !marks.a[i] && !marks.b[j]) {
      i++, j++;
      continue;
    }
    const oldStart = i;
    const newStart = j;
    while (i < n && marks.a[i]) i++;
    while (j < m && marks.b[j]) j++;
    hunks.push({ oldStart, oldCount: i - oldStart, newStart, newCount: j - newStart });
  }
  return { hunks, oldStarts: ids.aStarts, newStarts: ids.bStarts };
}

/** Counts added and deleted lines between `a` (old) and `b` (new), as `git diff --numstat`. */
export function countChanges(a: Uint8Array, b: Uint8Array): ChangeCounts {
  const ids = lineIds(a, b);
  const marks = myersDiff(ids.a, ids.b);
  let deletions = 0;
  let additions = 0;
  for (const x of marks.a) deletions += x;
  for (const x of marks.b) additions += x;
  return { additions, deletions };
}
