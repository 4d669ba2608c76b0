/**
 * Lazy history walks in descending revision order (a topological order: children before
 * parents), as `git rev-list` selects commits: ancestors of the included revisions, minus
 * ancestors of the excluded ones. One pass over revision numbers propagates both marks, so
 * the first results come without computing the whole history.
 */
import { NULL_REV } from "../hg/node.ts";
import type { RevGraph } from "../hg/rev-graph.ts";

/** What to walk. */
export interface WalkSpec {
  /** Revisions whose ancestors (themselves included) are selected. */
  include: readonly number[];
  /** Revisions whose ancestors are removed from the selection. */
  exclude?: readonly number[];
  /** Follow only first parents (Git's `--first-parent`). */
  firstParent?: boolean;
}

const INC = 1;
const EXC = 2;

/** Yields the selected revisions, highest first. */
export function* walkRevs(graph: RevGraph, spec: WalkSpec): Generator<number> {
  const flags = new Uint8Array(graph.length);
  let top = NULL_REV;
  let pending = 0; // included revisions below the cursor not yet visited
  for (const rev of spec.include) {
    if (rev === NULL_REV || flags[rev] & INC) continue;
    flags[rev] |= INC;
    pending++;
    top = Math.max(top, rev);
  }
  for (const rev of spec.exclude ?? []) {
    if (rev === NULL_REV) continue;
    flags[rev] |= EXC;
    top = Math.max(top, rev);
  }
  const { p1, p2 } = graph;
  const firstParent = spec.firstParent === true;
  const mark = (parent: number, bits: number) => {
    if (parent < 0) return;
    if (bits & INC && !(flags[parent] & INC)) pending++;
    flags[parent] |= bits;
  };
  for (let rev = top; rev >= 0 && pending > 0; rev--) {
    const f = flags[rev];
    if (f === 0) continue;
    if (f & INC) pending--;
    // Excluded revisions pass only the exclusion down (Git marks them uninteresting).
    const bits = f & EXC ? EXC : f;
    mark(p1[rev], bits);
    if (!firstParent || bits === EXC) mark(p2[rev], bits);
    if (f === INC) yield rev;
  }
}

/** Every revision below `length` that `keep` accepts, highest first. */
export function* allRevs(length: number, keep: (rev: number) => boolean): Generator<number> {
  for (let rev = length - 1; rev >= 0; rev--) if (keep(rev)) yield rev;
}
