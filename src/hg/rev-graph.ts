/** Compact parent arrays of a changelog, for linear passes over revision numbers. */
import { NULL_REV } from "./node.ts";

/** The part of a changelog the graph algorithms need (a `Revlog` satisfies it). */
export interface RevIndex {
  /** Number of revisions in the snapshot. */
  readonly length: number;
  /** Hex node of `rev`. */
  node(rev: number): string;
  /** Revision of a hex node, undefined if unknown. */
  rev(node: string): number | undefined;
  /** Parent revisions of `rev` (NULL_REV for none). */
  parents(rev: number): [number, number];
}

/** Parents of every revision, `p1[rev]` and `p2[rev]` (NULL_REV for none). */
export interface RevGraph {
  /** Number of revisions. */
  readonly length: number;
  /** First parents. */
  readonly p1: Int32Array;
  /** Second parents. */
  readonly p2: Int32Array;
}

/** Reads the parents of all revisions of `index` into typed arrays. */
export function readRevGraph(index: RevIndex): RevGraph {
  const length = index.length;
  const p1 = new Int32Array(length);
  const p2 = new Int32Array(length);
  for (let rev = 0; rev < length; rev++) {
    const [a, b] = index.parents(rev);
    p1[rev] = a;
    p2[rev] = b;
  }
  return { length, p1, p2 };
}

/** Builds a graph from explicit parent pairs (tests, synthetic data). */
export function revGraphFromParents(parents: ReadonlyArray<readonly [number, number]>): RevGraph {
  const p1 = Int32Array.from(parents, (p) => p[0] ?? NULL_REV);
  const p2 = Int32Array.from(parents, (p) => p[1] ?? NULL_REV);
  return { length: parents.length, p1, p2 };
}

/** The revisions whose entry in `flags` is non-zero, scanning from `start`. */
export function revsWithFlag(flags: Uint8Array, start = 0): Set<number> {
  const set = new Set<number>();
  for (let rev = start; rev < flags.length; rev++) if (flags[rev] !== 0) set.add(rev);
  return set;
}
