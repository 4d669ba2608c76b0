import assert from "node:assert/strict";
import { solveAssignment } from "../../../src/gitlab/diff/linear-assignment.ts";

/** A seeded pseudo-random generator (mulberry32), for reproducible matrices. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The minimum total cost over all permutations (column c gets row perm[c]). */
function bruteForce(n: number, cost: Int32Array): number {
  let best = Infinity;
  const used = new Uint8Array(n);
  const visit = (c: number, sum: number) => {
    if (sum >= best) return;
    if (c === n) {
      best = sum;
      return;
    }
    for (let r = 0; r < n; r++) {
      if (used[r]) continue;
      used[r] = 1;
      visit(c + 1, sum + cost[c + n * r]);
      used[r] = 0;
    }
  };
  visit(0, 0);
  return best;
}

Deno.test("solveAssignment: a permutation of minimum cost (random, tied and range-diff-like)", () => {
  const next = random(42);
  for (let trial = 0; trial < 600; trial++) {
    const n = 1 + (trial % 7);
    const cost = new Int32Array(n * n);
    const spread = trial % 3 === 0 ? 3 : 1000; // small spreads make many ties
    for (let i = 0; i < n * n; i++) cost[i] = Math.floor(next() * spread);
    if (trial % 5 === 0) {
      // Dummy rows and columns as range-diff adds them: zero against each other.
      const half = Math.floor(n / 2);
      for (let c = half; c < n; c++) for (let r = half; r < n; r++) cost[c + n * r] = 0;
    }
    const { columnRow, rowColumn } = solveAssignment(n, cost);
    assert.deepEqual([...columnRow].sort((x, y) => x - y), [...Array(n).keys()]);
    for (let c = 0; c < n; c++) assert.equal(rowColumn[columnRow[c]], c);
    let total = 0;
    for (let c = 0; c < n; c++) total += cost[c + n * columnRow[c]];
    assert.equal(total, bruteForce(n, cost), `trial ${trial}: ${[...cost]}`);
  }
});

Deno.test("solveAssignment: the obvious cases", () => {
  assert.deepEqual([...solveAssignment(1, [5]).columnRow], [0]);
  // Column 0 prefers row 1, column 1 row 0.
  assert.deepEqual([...solveAssignment(2, [9, 1, 0, 9]).columnRow], [1, 0]);
  const identity = new Int32Array(16).fill(100);
  for (let i = 0; i < 4; i++) identity[i + 4 * i] = 0;
  assert.deepEqual([...solveAssignment(4, identity).columnRow], [0, 1, 2, 3]);
});
