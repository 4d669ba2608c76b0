/**
 * Streaming commit lists the way Gitaly does: GitCommit messages grouped in batches of a fixed
 * size, built lazily from a revision iterator so long histories are never held in memory.
 */
import type { GitCommit } from "../../gen/gitaly/shared_pb.ts";

/** How many commits go in one streamed message (Gitaly's chunker flushes at 20). */
export const COMMITS_PER_MESSAGE = 20;

/** Groups the items of `items` in arrays of at most `size` (no empty trailing batch). */
export function* batches<T>(items: Iterable<T>, size = COMMITS_PER_MESSAGE): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Maps revisions to GitCommits in streamed batches of `{ commits }` messages. */
export function* commitBatches(
  revs: Iterable<number>,
  commit: (rev: number) => GitCommit,
): Generator<{ commits: GitCommit[] }> {
  for (const batch of batches(revs)) yield { commits: batch.map(commit) };
}

/** Skips `offset` items then yields at most `limit` (a negative or zero limit: no limit). */
export function* window<T>(items: Iterable<T>, offset: number, limit: number): Generator<T> {
  let skipped = 0;
  let sent = 0;
  for (const item of items) {
    if (skipped < offset) {
      skipped++;
      continue;
    }
    yield item;
    if (limit > 0 && ++sent >= limit) return;
  }
}
