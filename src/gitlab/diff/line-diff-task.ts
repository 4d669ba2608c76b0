/**
 * Line diffs as self-contained tasks (plain data in, plain data out), so that the diffs of
 * big files can run away from the event loop (a worker pool, see LineDiffOffload) and small
 * ones in place, with the same code and the same answers.
 */
import { countChanges, diffLines } from "./line-diff.ts";
import type { ChangeCounts } from "./line-diff.ts";
import { type UnifiedHunks, unifiedHunks } from "./unified-hunks.ts";
import { whitespaceKey, type WhitespaceMode } from "./whitespace.ts";
import { wordDiffHunks } from "./word-diff.ts";
import type { ByteString } from "../../hg/byte-string.ts";

/** Unified hunks of `a` -> `b` (see unified-hunks.ts), ignoring `whitespace` changes. */
export interface HunksTask {
  kind: "hunks";
  a: Uint8Array;
  b: Uint8Array;
  whitespace: WhitespaceMode;
}

/** Added and deleted line counts of `a` -> `b` (see countChanges). */
export interface CountsTask {
  kind: "counts";
  a: Uint8Array;
  b: Uint8Array;
}

/** Git's word-diff porcelain of unified `hunks` (see word-diff.ts). */
export interface WordsTask {
  kind: "words";
  hunks: ByteString;
}

/** The result of a words task. */
export interface WordsResult {
  words: ByteString;
}

/** A line diff task. */
export type LineDiffTask = HunksTask | CountsTask | WordsTask;

/** The result of a line diff task. */
export type LineDiffResult = UnifiedHunks | ChangeCounts | WordsResult;

/** Runs `task` here and now. */
export function runLineDiffTask(task: HunksTask): UnifiedHunks;
/** Runs `task` here and now. */
export function runLineDiffTask(task: CountsTask): ChangeCounts;
/** Runs `task` here and now. */
export function runLineDiffTask(task: WordsTask): WordsResult;
/** Runs `task` here and now. */
export function runLineDiffTask(task: LineDiffTask): LineDiffResult;
export function runLineDiffTask(task: LineDiffTask): LineDiffResult {
  if (task.kind === "counts") return countChanges(task.a, task.b);
  if (task.kind === "words") return { words: wordDiffHunks(task.hunks) };
  return unifiedHunks(task.a, task.b, diffLines(task.a, task.b, whitespaceKey(task.whitespace)));
}

/**
 * Where line diffs of big inputs run instead of the calling thread (a worker pool); the
 * answers must be those of runLineDiffTask.
 */
export interface LineDiffOffload {
  /** Whether diffing `a` and `b` is worth running elsewhere (small diffs stay in place). */
  wants(a: Uint8Array, b: Uint8Array): boolean;
  /** Runs a hunks task elsewhere. */
  hunks(task: HunksTask): Promise<UnifiedHunks>;
  /** Runs a counts task elsewhere. */
  counts(task: CountsTask): Promise<ChangeCounts>;
  /**
   * Git's word-diff porcelain of `hunks`: elsewhere when they are big (the word diff of a
   * heavily rewritten file costs seconds), else in place.
   */
  words(hunks: ByteString): Promise<ByteString>;
}

/** Runs every line diff in place (no offload). */
export const IN_PLACE: LineDiffOffload = {
  wants: () => false,
  hunks: (task) => Promise.resolve(runLineDiffTask(task)),
  counts: (task) => Promise.resolve(runLineDiffTask(task)),
  words: (hunks) => Promise.resolve(wordDiffHunks(hunks)),
};
