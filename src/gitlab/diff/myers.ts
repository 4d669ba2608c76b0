/**
 * Myers' O(ND) difference algorithm with the linear-space "middle snake" refinement
 * (E. Myers, "An O(ND) Difference Algorithm and Its Variations", 1986), on integer sequences.
 *
 * The result marks which elements of each side are changed (deleted from `a`, inserted in
 * `b`); unchanged elements pair up in order. Like Git's xdiff, elements without any equal
 * element on the other side are set aside before the search (they can never match), and a
 * search whose cost exceeds a bound settles for the furthest-reaching split instead of a
 * minimal one, which keeps huge, very different inputs from costing O(N²).
 */

/** Change marks: `a[i]`/`b[j]` is 1 when that element is deleted/inserted. */
export interface ChangeMarks {
  /** Marks of the old sequence. */
  a: Uint8Array;
  /** Marks of the new sequence. */
  b: Uint8Array;
}

/** Minimum cost (edit steps) before a search may give up minimality, as in xdiff. */
const MIN_COST_LIMIT = 256;

/** Work of one search: the ranges being compared and the shared state. */
interface Search {
  a: Int32Array;
  b: Int32Array;
  ma: Uint8Array;
  mb: Uint8Array;
  v1: Int32Array;
  v2: Int32Array;
  costLimit: number;
}

/** Marks `a[aLo..aHi)` deleted and `b[bLo..bHi)` inserted. */
function markAll(s: Search, aLo: number, aHi: number, bLo: number, bHi: number): void {
  s.ma.fill(1, aLo, aHi);
  s.mb.fill(1, bLo, bHi);
}

/**
 * Finds a point `[x, y]` (relative to the ranges) through which an optimal (or, past the cost
 * limit, a good) edit path goes, strictly inside the rectangle; undefined when none exists.
 */
function split(
  s: Search,
  aLo: number,
  n: number,
  bLo: number,
  m: number,
): [number, number] | undefined {
  const { a, b, v1, v2 } = s;
  const maxD = (n + m + 1) >> 1;
  const off = maxD + 1;
  const size = 2 * maxD + 3;
  v1.fill(-1, 0, size);
  v2.fill(-1, 0, size);
  v1[off + 1] = 0;
  v2[off + 1] = 0;
  const delta = n - m;
  const forwardChecks = (delta & 1) !== 0;
  // Diagonals that ran off the rectangle are skipped from then on.
  let k1Lo = 0, k1Hi = 0, k2Lo = 0, k2Hi = 0;
  for (let d = 0; d < maxD; d++) {
    if (d > s.costLimit) return heuristicSplit(s, n, m, d, off, k1Lo, k1Hi, k2Lo, k2Hi);
    for (let k1 = -d + k1Lo; k1 <= d - k1Hi; k1 += 2) {
      const i = off + k1;
      let x = k1 === -d || (k1 !== d && v1[i - 1] < v1[i + 1]) ? v1[i + 1] : v1[i - 1] + 1;
      let y = x - k1;
      while (x < n && y < m && a[aLo + x] === b[bLo + y]) x++, y++;
      v1[i] = x;
      if (x > n) k1Hi += 2;
      else if (y > m) k1Lo += 2;
      else if (forwardChecks) {
        const j = off + delta - k1;
        if (j >= 0 && j < size && v2[j] !== -1 && x >= n - v2[j]) return [x, y];
      }
    }
    for (let k2 = -d + k2Lo; k2 <= d - k2Hi; k2 += 2) {
      const i = off + k2;
      let x = k2 === -d || (k2 !== d && v2[i - 1] < v2[i + 1]) ? v2[i + 1] : v2[i - 1] + 1;
      let y = x - k2;
      while (x < n && y < m && a[aLo + n - x - 1] === b[bLo + m - y - 1]) x++, y++;
      v2[i] = x;
      if (x > n) k2Hi += 2;
      else if (y > m) k2Lo += 2;
      else if (!forwardChecks) {
        const j = off + delta - k2;
        if (j >= 0 && j < size && v1[j] !== -1) {
          const x1 = v1[j];
          if (x1 >= n - x) return [x1, x1 - (j - off)];
        }
      }
    }
  }
  return undefined;
}

/** Past the cost limit: the forward or backward frontier point that got furthest. */
function heuristicSplit(
  s: Search,
  n: number,
  m: number,
  d: number,
  off: number,
  k1Lo: number,
  k1Hi: number,
  k2Lo: number,
  k2Hi: number,
): [number, number] | undefined {
  let best = -1;
  let point: [number, number] | undefined;
  for (let k = -d + 1 + k1Lo; k <= d - 1 - k1Hi; k += 2) {
    const x = Math.min(s.v1[off + k], n);
    const y = x - k;
    if (x < 0 || y < 0 || y > m) continue;
    if (x + y > best) best = x + y, point = [x, y];
  }
  for (let k = -d + 1 + k2Lo; k <= d - 1 - k2Hi; k += 2) {
    const x = Math.min(s.v2[off + k], n);
    const y = x - k;
    if (x < 0 || y < 0 || y > m) continue;
    if (x + y > best) best = x + y, point = [n - x, m - y];
  }
  return point;
}

/** Compares `a[aLo..aHi)` with `b[bLo..bHi)`, marking changes; iterative divide and conquer. */
function compare(s: Search, aLo0: number, aHi0: number, bLo0: number, bHi0: number): void {
  const stack = [aLo0, aHi0, bLo0, bHi0];
  while (stack.length > 0) {
    const bHi0s = stack.pop()!, bLo0s = stack.pop()!, aHi0s = stack.pop()!, aLo0s = stack.pop()!;
    let aLo = aLo0s, aHi = aHi0s, bLo = bLo0s, bHi = bHi0s;
    while (aLo < aHi && bLo < bHi && s.a[aLo] === s.b[bLo]) aLo++, bLo++;
    while (aLo < aHi && bLo < bHi && s.a[aHi - 1] === s.b[bHi - 1]) aHi--, bHi--;
    if (aLo === aHi || bLo === bHi) {
      markAll(s, aLo, aHi, bLo, bHi);
      continue;
    }
    const n = aHi - aLo;
    const m = bHi - bLo;
    const p = split(s, aLo, n, bLo, m);
    if (p === undefined || (p[0] === 0 && p[1] === 0) || (p[0] === n && p[1] === m)) {
      markAll(s, aLo, aHi, bLo, bHi);
      continue;
    }
    stack.push(aLo + p[0], aHi, bLo + p[1], bHi);
    stack.push(aLo, aLo + p[0], bLo, bLo + p[1]);
  }
}

/** Keeps the elements of `seq` that occur in `other`; returns them and their positions. */
function matchable(
  seq: Int32Array,
  other: Int32Array,
  marks: Uint8Array,
  idBound: number,
): { kept: Int32Array; index: Int32Array } {
  const present = new Uint8Array(idBound);
  for (let i = 0; i < other.length; i++) present[other[i]] = 1;
  let count = 0;
  for (let i = 0; i < seq.length; i++) if (present[seq[i]]) count++;
  const kept = new Int32Array(count);
  const index = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < seq.length; i++) {
    if (present[seq[i]]) {
      kept[k] = seq[i];
      index[k++] = i;
    } else {
      marks[i] = 1;
    }
  }
  return { kept, index };
}

/**
 * Diffs two sequences of non-negative integers (ids below `idBound`), returning change marks.
 * Minimal unless the edit cost exceeds max(256, sqrt(N+M)) at some level of the search.
 */
export function myersDiff(a: Int32Array, b: Int32Array, idBound?: number): ChangeMarks {
  let bound = idBound ?? 0;
  if (idBound === undefined) {
    for (const x of a) bound = Math.max(bound, x + 1);
    for (const x of b) bound = Math.max(bound, x + 1);
  }
  const marks: ChangeMarks = { a: new Uint8Array(a.length), b: new Uint8Array(b.length) };
  const ka = matchable(a, b, marks.a, bound);
  const kb = matchable(b, a, marks.b, bound);
  const n = ka.kept.length;
  const m = kb.kept.length;
  const vSize = n + m + 4;
  const s: Search = {
    a: ka.kept,
    b: kb.kept,
    ma: new Uint8Array(n),
    mb: new Uint8Array(m),
    v1: new Int32Array(vSize),
    v2: new Int32Array(vSize),
    costLimit: Math.max(MIN_COST_LIMIT, Math.floor(Math.sqrt(n + m + 3))),
  };
  compare(s, 0, n, 0, m);
  for (let i = 0; i < n; i++) if (s.ma[i]) marks.a[ka.index[i]] = 1;
  for (let j = 0; j < m; j++) if (s.mb[j]) marks.b[kb.index[j]] = 1;
  return marks;
}
