/**
 * Obsolescence as Mercurial computes it from the markers:
 * - obsolete: non-public changesets that are the predecessor of some marker;
 * - orphan: non-public, non-obsolete changesets with an obsolete or orphan parent.
 */
import type { ObsMarker } from "./obsstore.ts";
import { NULL_REV } from "./node.ts";
import { Phase } from "./phases.ts";
import { type RevGraph, type RevIndex, revsWithFlag } from "./rev-graph.ts";

/** Obsolescence state of a changelog snapshot. */
export interface Obsolescence {
  /** All markers, in store order. */
  readonly markers: readonly ObsMarker[];
  /** Predecessor hex node -> markers rewriting it (Mercurial's `obsstore.successors`). */
  readonly successorMarkers: ReadonlyMap<string, readonly ObsMarker[]>;
  /** Successor hex node -> markers naming it as a successor (`obsstore.predecessors`). */
  readonly predecessorMarkers: ReadonlyMap<string, readonly ObsMarker[]>;
  /** Obsolete revisions. */
  readonly obsolete: ReadonlySet<number>;
  /** Orphan (unstable) revisions. */
  readonly orphan: ReadonlySet<number>;
  /** True if `rev` is obsolete. */
  isObsolete(rev: number): boolean;
  /** True if `rev` is an orphan. */
  isOrphan(rev: number): boolean;
}

function groupBy(
  markers: readonly ObsMarker[],
  keys: (m: ObsMarker) => Iterable<string>,
): Map<string, ObsMarker[]> {
  const map = new Map<string, ObsMarker[]>();
  for (const m of markers) {
    for (const key of keys(m)) {
      const list = map.get(key);
      if (list === undefined) map.set(key, [m]);
      else if (list[list.length - 1] !== m) list.push(m);
    }
  }
  return map;
}

/** Computes obsolete and orphan sets of `graph` from the markers and the revision phases. */
export function computeObsolescence(
  markers: readonly ObsMarker[],
  index: Pick<RevIndex, "rev">,
  graph: RevGraph,
  phases: Uint8Array,
): Obsolescence {
  const successorMarkers = groupBy(markers, (m) => [m.precursor]);
  const predecessorMarkers = groupBy(markers, (m) => m.successors);
  const length = graph.length;

  const obsoleteFlags = new Uint8Array(length);
  let first = length;
  for (const node of successorMarkers.keys()) {
    const rev = index.rev(node);
    if (rev === undefined || rev === NULL_REV || rev >= length) continue;
    if (phases[rev] === Phase.PUBLIC) continue;
    obsoleteFlags[rev] = 1;
    if (rev < first) first = rev;
  }

  // Revision order is a topological order, so parents are settled before children.
  const orphanFlags = new Uint8Array(length);
  const { p1, p2 } = graph;
  const unstable = (p: number) => p !== NULL_REV && (obsoleteFlags[p] | orphanFlags[p]) === 1;
  for (let rev = first + 1; rev < length; rev++) {
    if (phases[rev] === Phase.PUBLIC || obsoleteFlags[rev]) continue;
    if (unstable(p1[rev]) || unstable(p2[rev])) orphanFlags[rev] = 1;
  }

  const obsolete = revsWithFlag(obsoleteFlags, first);
  const orphan = revsWithFlag(orphanFlags, first);
  return {
    markers,
    successorMarkers,
    predecessorMarkers,
    obsolete,
    orphan,
    isObsolete: (rev) => rev >= 0 && rev < length && obsoleteFlags[rev] === 1,
    isOrphan: (rev) => rev >= 0 && rev < length && orphanFlags[rev] === 1,
  };
}
