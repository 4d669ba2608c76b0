/**
 * Minimum-cost assignment on a square cost matrix, by the Jonker–Volgenant shortest
 * augmenting path method (R. Jonker and A. Volgenant, "A Shortest Augmenting Path Algorithm
 * for Dense and Sparse Linear Assignment Problems", Computing 38, 1987), the method behind
 * `git range-diff`'s matching. Its four phases run in the paper's order and scan order
 * (column reduction from the last column down, reduction transfer, two rounds of augmenting
 * row reduction, then Dijkstra-like augmentation from each still free row), so equal-cost
 * alternatives are settled the way Git settles them.
 *
 * The matrix is column-major: the cost of giving column `c` to row `r` is `cost[c + n * r]`.
 */

/** The result: `columnRow[c]` is the row of column `c`, `rowColumn[r]` the column of row `r`. */
export interface Assignment {
  columnRow: Int32Array;
  rowColumn: Int32Array;
}

const UNASSIGNED = -1;

/** Solves the assignment problem of the `n × n` matrix `cost` (integers, column-major). */
export function solveAssignment(n: number, cost: ArrayLike<number>): Assignment {
  const columnRow = new Int32Array(n).fill(UNASSIGNED);
  const rowColumn = new Int32Array(n).fill(UNASSIGNED);
  if (n < 2) {
    // A single cell (or nothing): the only assignment.
    columnRow.fill(0);
    rowColumn.fill(0);
    return { columnRow, rowColumn };
  }
  const at = (c: number, r: number) => cost[c + n * r];
  const v = new Float64Array(n); // column prices (dual variables)

  // Column reduction: each column's price is its cheapest row; a row claimed by several
  // columns keeps the first claimant and is marked (encoded as -2 - column) as contested.
  for (let c = n - 1; c >= 0; c--) {
    let best = 0;
    for (let r = 1; r < n; r++) if (at(c, best) > at(c, r)) best = r;
    v[c] = at(c, best);
    if (rowColumn[best] === UNASSIGNED) {
      rowColumn[best] = c;
      columnRow[c] = best;
    } else {
      if (rowColumn[best] >= 0) rowColumn[best] = -2 - rowColumn[best];
      columnRow[c] = UNASSIGNED;
    }
  }

  // Reduction transfer: rows assigned once lower their column's price by their reduced
  // cost margin; rows never assigned are free.
  const free: number[] = [];
  for (let r = 0; r < n; r++) {
    const c1 = rowColumn[r];
    if (c1 === UNASSIGNED) {
      free.push(r);
    } else if (c1 < UNASSIGNED) {
      rowColumn[r] = -2 - c1;
    } else {
      const other = c1 === 0 ? 1 : 0;
      let min = at(other, r) - v[other];
      for (let c = 1; c < n; c++) {
        if (c !== c1 && min > at(c, r) - v[c]) min = at(c, r) - v[c];
      }
      v[c1] -= min;
    }
  }
  if (free.length === 0) return { columnRow, rowColumn };

  let pending = augmentingRowReduction(n, at, v, columnRow, rowColumn, free);
  pending = augmentingRowReduction(n, at, v, columnRow, rowColumn, pending);
  for (const r of pending) augment(n, at, v, columnRow, rowColumn, r);
  return { columnRow, rowColumn };
}

type CostAt = (c: number, r: number) => number;

/**
 * One round of augmenting row reduction: each free row takes its cheapest column (by reduced
 * cost), displacing the row there; a displaced row is retried at once when the column's price
 * could be lowered, otherwise left for the next round. Returns the rows still free.
 */
function augmentingRowReduction(
  n: number,
  at: CostAt,
  v: Float64Array,
  columnRow: Int32Array,
  rowColumn: Int32Array,
  rows: number[],
): number[] {
  const queue = rows.slice();
  const left: number[] = [];
  let k = 0;
  while (k < queue.length) {
    const r = queue[k++];
    // Cheapest (c1, u1) and second cheapest (c2, u2) reduced costs of row r.
    let c1 = 0;
    let u1 = at(0, r) - v[0];
    let c2 = -1;
    let u2 = Infinity;
    for (let c = 1; c < n; c++) {
      const h = at(c, r) - v[c];
      if (u2 > h) {
        if (u1 < h) {
          u2 = h;
          c2 = c;
        } else {
          u2 = u1;
          u1 = h;
          c2 = c1;
          c1 = c;
        }
      }
    }
    if (c2 < 0) {
      c2 = c1;
      u2 = u1;
    }
    let displaced = columnRow[c1];
    if (u1 < u2) {
      v[c1] -= u2 - u1;
    } else if (displaced >= 0) {
      c1 = c2;
      displaced = columnRow[c1];
    }
    if (displaced >= 0) {
      if (u1 < u2) queue[--k] = displaced;
      else left.push(displaced);
    }
    rowColumn[r] = c1;
    columnRow[c1] = r;
  }
  return left;
}

/** Assigns free row `start` along a shortest augmenting path, updating column prices. */
function augment(
  n: number,
  at: CostAt,
  v: Float64Array,
  columnRow: Int32Array,
  rowColumn: Int32Array,
  start: number,
): void {
  const dist = new Float64Array(n);
  const pred = new Int32Array(n).fill(start);
  // Columns in order: [0, low) scanned, [low, up) at the current minimum, [up, n) to do.
  const cols = new Int32Array(n);
  for (let c = 0; c < n; c++) {
    dist[c] = at(c, start) - v[c];
    cols[c] = c;
  }
  let low = 0;
  let up = 0;
  let last = 0;
  let min = 0;
  let end = -1;
  search: while (true) {
    // Collect the columns at the smallest distance among those not yet reached.
    last = low;
    min = dist[cols[up++]];
    for (let k = up; k < n; k++) {
      const c = cols[k];
      const d = dist[c];
      if (d <= min) {
        if (d < min) {
          up = low;
          min = d;
        }
        cols[k] = cols[up];
        cols[up++] = c;
      }
    }
    for (let k = low; k < up; k++) {
      if (columnRow[cols[k]] === UNASSIGNED) {
        end = cols[k];
        break search;
      }
    }
    // Scan the rows of those columns, relaxing the distances of the others.
    do {
      const c1 = cols[low++];
      const r = columnRow[c1];
      const u1 = at(c1, r) - v[c1] - min;
      for (let k = up; k < n; k++) {
        const c = cols[k];
        const d = at(c, r) - v[c] - u1;
        if (d < dist[c]) {
          dist[c] = d;
          pred[c] = r;
          if (d === min) {
            if (columnRow[c] === UNASSIGNED) {
              end = c;
              break search;
            }
            cols[k] = cols[up];
            cols[up++] = c;
          }
        }
      }
    } while (low !== up);
  }
  for (let k = 0; k < last; k++) {
    const c = cols[k];
    v[c] += dist[c] - min;
  }
  // Flip the path back to the start row.
  let c = end;
  while (true) {
    const r = pred[c];
    columnRow[c] = r;
    const previous = rowColumn[r];
    rowColumn[r] = c;
    c = previous;
    if (r === start) break;
  }
}
