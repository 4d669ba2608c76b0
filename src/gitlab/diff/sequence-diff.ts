/**
 * Git's diff of two record sequences, step for step as xdiff does it without `--minimal`, so
 * that equally short edit scripts are chosen as Git chooses them (it serves word diffs, whose
 * output shows every such choice):
 *
 * 1. the common head and tail are trimmed;
 * 2. within the rest, a record is discarded (marked changed up front, left out of the search)
 *    when it has no equal anywhere in the other sequence, or when it has many equals there
 *    (at least xdiff's rough square root of its own sequence's length, capped at 1024) and
 *    sits in a run dominated by records without equals;
 * 3. Myers' search runs on the records kept, splitting at the first middle snake found while
 *    scanning diagonals from the highest down, deletions preferred on ties; past an edit cost
 *    of 256 a long enough snake far along the diagonals is taken as the split, and past
 *    max(256, rough sqrt of the size) the furthest-reaching point is.
 *
 * The result is uncompacted change marks (compact-changes.ts does Git's sliding).
 */
import type { ChangeMarks } from "./myers.ts";

/** Highest match count threshold for "many equals" (XDL_MAX_EQLIMIT). */
const MAX_EQ_LIMIT = 1024;
/** How far a multi-match record looks for its run (XDL_SIMSCAN_WINDOW). */
const SIMSCAN_WINDOW = 100;
/** Kept records per discarded one in a run that stays (XDL_KPDIS_RUN). */
const KPDIS_RUN = 4;

/** Per record: 0 no equal in the other sequence, 1 keep, 2 many equals. */
type Discard = Uint8Array;

/** xdiff's cheap square root: the power of two reached by halving `n` in steps of four. */
function bogoSqrt(n: number): number {
  let i = 1;
  for (; n > 0; n = Math.floor(n / 4)) i *= 2;
  return i;
}

/**
 * Whether multi-match record `i` goes: the records around it (within `[s, e]`) up to the
 * first kept one must include records without equals on both sides, and those must
 * outnumber the multi-match ones more than KPDIS_RUN - 1 to one.
 */
function dropMultiMatch(dis: Discard, i: number, s: number, e: number): boolean {
  if (i - s > SIMSCAN_WINDOW) s = i - SIMSCAN_WINDOW;
  if (e - i > SIMSCAN_WINDOW) e = i + SIMSCAN_WINDOW;
  let none = 0;
  let multi = 1;
  for (let r = 1; i - r >= s; r++) {
    if (dis[i - r] === 0) none++;
    else if (dis[i - r] === 2) multi++;
    else break;
  }
  if (none === 0) return false;
  let noneAfter = 0;
  // Like the backward count, this one starts at 1: xdiff counts record i twice.
  let multiAfter = 1;
  for (let r = 1; i + r <= e; r++) {
    if (dis[i + r] === 0) noneAfter++;
    else if (dis[i + r] === 2) multiAfter++;
    else break;
  }
  if (noneAfter === 0) return false;
  return (multi + multiAfter) * KPDIS_RUN < multi + multiAfter + none + noneAfter;
}

/** Edit cost past which a long snake may end the search (XDL_HEUR_MIN_COST). */
const HEUR_MIN_COST = 256;
/** Length of a snake worth splitting at (XDL_SNAKE_CNT). */
const SNAKE_CNT = 20;
/** How far ahead of its cost an interesting snake must be (XDL_K_HEUR). */
const K_HEUR = 4;
/** Lowest cost bound of a search (XDL_MAX_COST_MIN). */
const MAX_COST_MIN = 256;
/** "Unreached" for backward paths. */
const FAR = 0x7fffffff;

/** State of one search over `a` and `b` (diagonal d = index in a - index in b). */
interface SearchState {
  a: Int32Array;
  b: Int32Array;
  /** Forward and backward furthest points per diagonal, stored at `d + off`. */
  fwd: Int32Array;
  bwd: Int32Array;
  off: number;
  maxCost: number;
  ma: Uint8Array;
  mb: Uint8Array;
}

/** A split point and whether each half must then be searched minimally. */
interface Split {
  i1: number;
  i2: number;
  minLo: boolean;
  minHi: boolean;
}

/** Finds where to split `a[off1..lim1)` / `b[off2..lim2)` (both non-empty, ends differing). */
function xdiffSplit(
  s: SearchState,
  off1: number,
  lim1: number,
  off2: number,
  lim2: number,
  needMin: boolean,
): Split {
  const { a, b, fwd, bwd, off } = s;
  const dmin = off1 - lim2;
  const dmax = lim1 - off2;
  const fmid = off1 - off2;
  const bmid = lim1 - lim2;
  const odd = ((fmid - bmid) & 1) !== 0;
  let fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid;
  fwd[fmid + off] = off1;
  bwd[bmid + off] = lim1;
  for (let ec = 1;; ec++) {
    let gotSnake = false;
    // Widen the diagonal range by one on each side, or shrink it at the box's edges.
    if (fmin > dmin) fwd[--fmin - 1 + off] = -1;
    else ++fmin;
    if (fmax < dmax) fwd[++fmax + 1 + off] = -1;
    else --fmax;
    for (let d = fmax; d >= fmin; d -= 2) {
      let i1 = fwd[d - 1 + off] >= fwd[d + 1 + off] ? fwd[d - 1 + off] + 1 : fwd[d + 1 + off];
      const prev = i1;
      let i2 = i1 - d;
      while (i1 < lim1 && i2 < lim2 && a[i1] === b[i2]) i1++, i2++;
      if (i1 - prev > SNAKE_CNT) gotSnake = true;
      fwd[d + off] = i1;
      if (odd && bmin <= d && d <= bmax && bwd[d + off] <= i1) {
        return { i1, i2, minLo: true, minHi: true };
      }
    }
    if (bmin > dmin) bwd[--bmin - 1 + off] = FAR;
    else ++bmin;
    if (bmax < dmax) bwd[++bmax + 1 + off] = FAR;
    else --bmax;
    for (let d = bmax; d >= bmin; d -= 2) {
      let i1 = bwd[d - 1 + off] < bwd[d + 1 + off] ? bwd[d - 1 + off] : bwd[d + 1 + off] - 1;
      const prev = i1;
      let i2 = i1 - d;
      while (i1 > off1 && i2 > off2 && a[i1 - 1] === b[i2 - 1]) i1--, i2--;
      if (prev - i1 > SNAKE_CNT) gotSnake = true;
      bwd[d + off] = i1;
      if (!odd && fmin <= d && d <= fmax && i1 <= fwd[d + off]) {
        return { i1, i2, minLo: true, minHi: true };
      }
    }
    if (needMin) continue;
    if (gotSnake && ec > HEUR_MIN_COST) {
      const found = interestingSnake(s, off1, lim1, off2, lim2, ec, fmin, fmax, bmin, bmax);
      if (found) return found;
    }
    if (ec >= s.maxCost) return furthestPoint(s, off1, lim1, off2, lim2, fmin, fmax, bmin, bmax);
  }
}

/** A diagonal far ahead of the cost, ending (forward) or starting (backward) a long snake. */
function interestingSnake(
  s: SearchState,
  off1: number,
  lim1: number,
  off2: number,
  lim2: number,
  ec: number,
  fmin: number,
  fmax: number,
  bmin: number,
  bmax: number,
): Split | undefined {
  const { a, b, fwd, bwd, off } = s;
  const fmid = off1 - off2;
  const bmid = lim1 - lim2;
  let best = 0;
  let split: Split | undefined;
  for (let d = fmax; d >= fmin; d -= 2) {
    const i1 = fwd[d + off];
    const i2 = i1 - d;
    const v = (i1 - off1) + (i2 - off2) - Math.abs(d - fmid);
    if (
      v > K_HEUR * ec && v > best && off1 + SNAKE_CNT <= i1 && i1 < lim1 &&
      off2 + SNAKE_CNT <= i2 && i2 < lim2
    ) {
      for (let k = 1; a[i1 - k] === b[i2 - k]; k++) {
        if (k === SNAKE_CNT) {
          best = v;
          split = { i1, i2, minLo: true, minHi: false };
          break;
        }
      }
    }
  }
  if (split) return split;
  for (let d = bmax; d >= bmin; d -= 2) {
    const i1 = bwd[d + off];
    const i2 = i1 - d;
    const v = (lim1 - i1) + (lim2 - i2) - Math.abs(d - bmid);
    if (
      v > K_HEUR * ec && v > best && off1 < i1 && i1 <= lim1 - SNAKE_CNT &&
      off2 < i2 && i2 <= lim2 - SNAKE_CNT
    ) {
      for (let k = 0; a[i1 + k] === b[i2 + k]; k++) {
        if (k === SNAKE_CNT - 1) {
          best = v;
          split = { i1, i2, minLo: false, minHi: true };
          break;
        }
      }
    }
  }
  return split;
}

/** The forward or backward frontier point that got furthest (cost bound reached). */
function furthestPoint(
  s: SearchState,
  off1: number,
  lim1: number,
  off2: number,
  lim2: number,
  fmin: number,
  fmax: number,
  bmin: number,
  bmax: number,
): Split {
  const { fwd, bwd, off } = s;
  let fbest = -1, fbest1 = -1;
  for (let d = fmax; d >= fmin; d -= 2) {
    let i1 = Math.min(fwd[d + off], lim1);
    let i2 = i1 - d;
    if (lim2 < i2) i1 = lim2 + d, i2 = lim2;
    if (fbest < i1 + i2) fbest = i1 + i2, fbest1 = i1;
  }
  let bbest = FAR, bbest1 = FAR;
  for (let d = bmax; d >= bmin; d -= 2) {
    let i1 = Math.max(off1, bwd[d + off]);
    let i2 = i1 - d;
    if (i2 < off2) i1 = off2 + d, i2 = off2;
    if (i1 + i2 < bbest) bbest = i1 + i2, bbest1 = i1;
  }
  if ((lim1 + lim2) - bbest < fbest - (off1 + off2)) {
    return { i1: fbest1, i2: fbest - fbest1, minLo: true, minHi: false };
  }
  return { i1: bbest1, i2: bbest - bbest1, minLo: false, minHi: true };
}

/** xdiff's divide and conquer over whole sequences; returns change marks. */
function xdiffSearch(a: Int32Array, b: Int32Array): ChangeMarks {
  const n = a.length;
  const m = b.length;
  const s: SearchState = {
    a,
    b,
    fwd: new Int32Array(n + m + 3),
    bwd: new Int32Array(n + m + 3),
    off: m + 1,
    maxCost: Math.max(bogoSqrt(n + m + 3), MAX_COST_MIN),
    ma: new Uint8Array(n),
    mb: new Uint8Array(m),
  };
  // Boxes still to compare: off1, lim1, off2, lim2, needMin (0/1).
  const stack = [0, n, 0, m, 0];
  while (stack.length > 0) {
    const needMin = stack.pop() === 1;
    let lim2 = stack.pop()!, off2 = stack.pop()!, lim1 = stack.pop()!, off1 = stack.pop()!;
    while (off1 < lim1 && off2 < lim2 && a[off1] === b[off2]) off1++, off2++;
    while (off1 < lim1 && off2 < lim2 && a[lim1 - 1] === b[lim2 - 1]) lim1--, lim2--;
    if (off1 === lim1) s.mb.fill(1, off2, lim2);
    else if (off2 === lim2) s.ma.fill(1, off1, lim1);
    else {
      const sp = xdiffSplit(s, off1, lim1, off2, lim2, needMin);
      stack.push(sp.i1, lim1, sp.i2, lim2, sp.minHi ? 1 : 0);
      stack.push(off1, sp.i1, off2, sp.i2, sp.minLo ? 1 : 0);
    }
  }
  return { a: s.ma, b: s.mb };
}

/** Occurrence counts of each id in `seq`. */
function counts(seq: Int32Array, bound: number): Int32Array {
  const c = new Int32Array(bound);
  for (const x of seq) c[x]++;
  return c;
}

/** Classifies `seq[start..end)` against the other sequence's counts. */
function classify(
  seq: Int32Array,
  otherCounts: Int32Array,
  start: number,
  end: number,
): Discard {
  const dis = new Uint8Array(seq.length);
  const limit = Math.min(bogoSqrt(seq.length), MAX_EQ_LIMIT);
  for (let i = start; i < end; i++) {
    const nm = otherCounts[seq[i]];
    dis[i] = nm === 0 ? 0 : nm >= limit ? 2 : 1;
  }
  return dis;
}

/** Kept indices of `seq[start..end)`; discarded ones are marked in `marks`. */
function keep(dis: Discard, start: number, end: number, marks: Uint8Array): number[] {
  const kept: number[] = [];
  for (let i = start; i < end; i++) {
    if (dis[i] === 1 || (dis[i] === 2 && !dropMultiMatch(dis, i, start, end - 1))) kept.push(i);
    else marks[i] = 1;
  }
  return kept;
}

/** Diffs two sequences of non-negative ids as Git does (see the module comment). */
export function sequenceDiff(a: Int32Array, b: Int32Array): ChangeMarks {
  let bound = 0;
  for (const x of a) bound = Math.max(bound, x + 1);
  for (const x of b) bound = Math.max(bound, x + 1);
  const marks: ChangeMarks = { a: new Uint8Array(a.length), b: new Uint8Array(b.length) };
  let head = 0;
  const lim = Math.min(a.length, b.length);
  while (head < lim && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < lim - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const aEnd = a.length - tail;
  const bEnd = b.length - tail;
  const disA = classify(a, counts(b, bound), head, aEnd);
  const disB = classify(b, counts(a, bound), head, bEnd);
  const keptA = keep(disA, head, aEnd, marks.a);
  const keptB = keep(disB, head, bEnd, marks.b);
  const inner = xdiffSearch(
    Int32Array.from(keptA, (i) => a[i]),
    Int32Array.from(keptB, (j) => b[j]),
  );
  keptA.forEach((i, k) => marks.a[i] |= inner.a[k]);
  keptB.forEach((j, k) => marks.b[j] |= inner.b[k]);
  return marks;
}
