/**
 * Which commit of the old range corresponds to which of the new one, as `git range-diff`
 * decides:
 *
 * 1. commits whose diff parts are identical pair up first (in new-range order, each taking
 *    the latest still unpaired old commit with that diff);
 * 2. the others go through a minimum-cost assignment where pairing two commits costs the size
 *    of the diff between their diffs (hunk headers plus lines, 3 lines of context), and
 *    leaving a commit unpaired costs its own size times the creation factor (60% by default);
 *    already paired commits cost nothing with their partner and too much with anyone else.
 */
import { byteStringToBytes } from "../../hg/byte-string.ts";
import { solveAssignment } from "./linear-assignment.ts";
import { diffLines } from "./line-diff.ts";
import type { RangeDiffPatch } from "./range-diff-patch.ts";
import { unifiedHunks } from "./unified-hunks.ts";

/** Git's default creation factor, in percent. */
export const DEFAULT_CREATION_FACTOR = 60;

/** The cost that rules a pairing out. */
const COST_MAX = 1 << 16;

/** Partners: `oldMatch[i]` is the new index paired with old commit i, or -1; likewise back. */
export interface RangeMatching {
  oldMatch: Int32Array;
  newMatch: Int32Array;
}

const diffPart = (p: RangeDiffPatch) => p.text.slice(p.diffOffset);

/**
 * Hunk headers plus emitted lines of the diff between two texts (0 when equal), the diff
 * made as Git's range-diff makes it: plain xdiff, without the indent heuristic.
 */
export function diffSize(x: Uint8Array, y: Uint8Array): number {
  const text = unifiedHunks(x, y, diffLines(x, y, undefined, { indentHeuristic: false })).text;
  let lines = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x0a) lines++;
  return lines;
}

function exactMatches(olds: readonly RangeDiffPatch[], news: readonly RangeDiffPatch[]) {
  const oldMatch = new Int32Array(olds.length).fill(-1);
  const newMatch = new Int32Array(news.length).fill(-1);
  const byDiff = new Map<string, number[]>();
  olds.forEach((p, i) => {
    const key = diffPart(p);
    const list = byDiff.get(key);
    if (list) list.push(i);
    else byDiff.set(key, [i]);
  });
  news.forEach((p, j) => {
    const i = byDiff.get(diffPart(p))?.pop();
    if (i !== undefined) {
      oldMatch[i] = j;
      newMatch[j] = i;
    }
  });
  return { oldMatch, newMatch };
}

/**
 * Pairs the commits of the old and new ranges; `pause` is awaited between rows of the cost
 * matrix (each row diffs one old commit against every new one), to let other work run.
 */
export async function matchRanges(
  olds: readonly RangeDiffPatch[],
  news: readonly RangeDiffPatch[],
  creationFactor: number = DEFAULT_CREATION_FACTOR,
  pause: () => Promise<void> = () => Promise.resolve(),
): Promise<RangeMatching> {
  const { oldMatch, newMatch } = exactMatches(olds, news);
  const bytes = (p: RangeDiffPatch) => byteStringToBytes(diffPart(p));
  const oldBytes = olds.map((p, i) => oldMatch[i] < 0 ? bytes(p) : undefined);
  const newBytes = news.map((p, j) => newMatch[j] < 0 ? bytes(p) : undefined);
  const n = olds.length + news.length;
  const cost = new Int32Array(n * n);
  const unpairedCost = (p: RangeDiffPatch, paired: boolean) =>
    paired ? COST_MAX : Math.trunc(p.diffSize * creationFactor / 100);
  for (let i = 0; i < olds.length; i++) {
    for (let j = 0; j < news.length; j++) {
      let c: number;
      if (oldMatch[i] === j) c = 0;
      else if (oldMatch[i] < 0 && newMatch[j] < 0) {
        c = diffSize(oldBytes[i]!, newBytes[j]!);
      } else c = COST_MAX;
      cost[i + n * j] = c;
    }
    const c = unpairedCost(olds[i], oldMatch[i] >= 0);
    for (let j = news.length; j < n; j++) cost[i + n * j] = c;
    await pause();
  }
  for (let j = 0; j < news.length; j++) {
    const c = unpairedCost(news[j], newMatch[j] >= 0);
    for (let i = olds.length; i < n; i++) cost[i + n * j] = c;
  }
  // Dummy against dummy costs nothing (the array starts zeroed).
  const { columnRow } = solveAssignment(n, cost);
  for (let i = 0; i < olds.length; i++) {
    const j = columnRow[i];
    if (j >= 0 && j < news.length) {
      oldMatch[i] = j;
      newMatch[j] = i;
    }
  }
  return { oldMatch, newMatch };
}
