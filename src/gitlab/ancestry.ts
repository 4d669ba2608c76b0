/**
 * Ancestry questions GitLab asks about commits, answered on the changelog's parent arrays:
 * which revisions descend from (or are ancestors of) a revision, and merge bases.
 */
import { NULL_REV } from "../hg/node.ts";
import type { RevGraph } from "../hg/rev-graph.ts";

/** Flags (1) for `rev` and all its descendants. */
export function descendantsMask(graph: RevGraph, rev: number): Uint8Array {
  const mask = new Uint8Array(graph.length);
  if (rev === NULL_REV) return mask.fill(1);
  mask[rev] = 1;
  const { p1, p2 } = graph;
  for (let r = rev + 1; r < graph.length; r++) {
    if ((p1[r] >= 0 && mask[p1[r]] === 1) || (p2[r] >= 0 && mask[p2[r]] === 1)) mask[r] = 1;
  }
  return mask;
}

/** Flags (1) for `rev` and all its ancestors. */
export function ancestorsMask(graph: RevGraph, rev: number): Uint8Array {
  const mask = new Uint8Array(graph.length);
  if (rev === NULL_REV) return mask;
  mask[rev] = 1;
  const { p1, p2 } = graph;
  for (let r = rev; r >= 0; r--) {
    if (mask[r] === 0) continue;
    if (p1[r] >= 0) mask[p1[r]] = 1;
    if (p2[r] >= 0) mask[p2[r]] = 1;
  }
  return mask;
}

/**
 * Heads of the common ancestors of `a` and `b` (their "best" merge bases), descending.
 * Empty when they share no ancestor.
 */
export function commonAncestorHeads(graph: RevGraph, a: number, b: number): number[] {
  if (a === NULL_REV || b === NULL_REV) return [];
  const A = 1, B = 2, BOTH = 3, BELOW_COMMON = 4;
  const flags = new Uint8Array(graph.length);
  flags[a] |= A;
  flags[b] |= B;
  const { p1, p2 } = graph;
  const heads: number[] = [];
  for (let r = Math.max(a, b); r >= 0; r--) {
    const f = flags[r];
    if (f === 0) continue;
    const common = (f & BOTH) === BOTH;
    if (common && (f & BELOW_COMMON) === 0) heads.push(r);
    // Parents inherit reachability; below a common ancestor nothing is a head any more.
    const down = (f & BOTH) | (common || (f & BELOW_COMMON) !== 0 ? BELOW_COMMON : 0);
    if (p1[r] >= 0) flags[p1[r]] |= down;
    if (p2[r] >= 0) flags[p2[r]] |= down;
  }
  return heads;
}

/**
 * The merge base of several revisions as Mercurial's `ancestor()` gives it: folded pairwise,
 * each step choosing, among the best common ancestors, the one with the smallest node.
 * Undefined when there is none.
 */
export function mergeBase(
  graph: RevGraph,
  revs: readonly number[],
  node: (rev: number) => string,
): number | undefined {
  let base: number | undefined = revs[0];
  for (let i = 1; i < revs.length && base !== undefined; i++) {
    const heads = commonAncestorHeads(graph, base, revs[i]);
    base = heads.length === 0
      ? undefined
      : heads.reduce((best, r) => (node(r) < node(best) ? r : best));
  }
  return base;
}
