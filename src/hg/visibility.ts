/**
 * The hidden set of Mercurial's "visible" repository view (repoview filter `visible`).
 *
 * Hideable revisions are the obsolete ones and those in the archived or internal phases. Pinned
 * revisions (working directory parents, bookmarks, local tags, sides of an unresolved merge) are
 * never hidden, and neither is any ancestor of a visible non-public revision.
 */
import { NULL_REV } from "./node.ts";
import { isLocallyHiddenPhase, Phase } from "./phases.ts";
import { type RevGraph, revsWithFlag } from "./rev-graph.ts";

/** Computes the hidden revisions of `graph` in two linear passes. */
export function computeHidden(
  graph: RevGraph,
  phases: Uint8Array,
  obsolete: Iterable<number>,
  pinned: Iterable<number>,
): Set<number> {
  const length = graph.length;
  const hidden = new Uint8Array(length);
  let count = 0;
  for (const rev of obsolete) {
    if (rev >= 0 && rev < length && hidden[rev] === 0) {
      hidden[rev] = 1;
      count++;
    }
  }
  for (let rev = 0; rev < length; rev++) {
    if (hidden[rev] === 0 && isLocallyHiddenPhase(phases[rev])) {
      hidden[rev] = 1;
      count++;
    }
  }
  if (count === 0) return new Set();
  for (const rev of pinned) if (rev >= 0 && rev < length) hidden[rev] = 0;

  // Descending order visits every child before its parents, so a revealed parent reveals its own
  // hidden parents in turn. Hideable revisions are never public, hence the mutable test.
  const { p1, p2 } = graph;
  for (let rev = length - 1; rev >= 0; rev--) {
    if (hidden[rev] !== 0 || phases[rev] === Phase.PUBLIC) continue;
    const a = p1[rev];
    const b = p2[rev];
    if (a !== NULL_REV) hidden[a] = 0;
    if (b !== NULL_REV) hidden[b] = 0;
  }
  return revsWithFlag(hidden);
}
