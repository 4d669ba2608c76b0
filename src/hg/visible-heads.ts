/** Topological heads of a filtered view (Mercurial's `repo.heads()`, in ascending order). */
import type { RevGraph } from "./rev-graph.ts";

/**
 * Revisions of `graph` that are not hidden and have no visible child, in ascending order.
 * Visible sets are closed under ancestors, so hidden children simply do not count.
 */
export function visibleHeads(graph: RevGraph, hidden?: ReadonlySet<number>): number[] {
  const length = graph.length;
  const hasChild = new Uint8Array(length);
  const { p1, p2 } = graph;
  const heads: number[] = [];
  for (let rev = length - 1; rev >= 0; rev--) {
    if (hidden !== undefined && hidden.has(rev)) continue;
    if (hasChild[rev] === 0) heads.push(rev);
    if (p1[rev] >= 0) hasChild[p1[rev]] = 1;
    if (p2[rev] >= 0) hasChild[p2[rev]] = 1;
  }
  return heads.reverse();
}
