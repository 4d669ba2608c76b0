/**
 * Mercurial's "latest tag" of a changeset (template keywords `latesttag`,
 * `latesttagdistance`, `changessincelatesttag`): the global tags of the nearest tagged
 * ancestor, restated from Mercurial's definition.
 *
 * Walking from the changeset towards the roots, a tagged changeset gives (its date, 0, its
 * sorted tag names); the null revision gives (0, 0, ["null"]); any other changeset takes its
 * parent's value with the distance plus one. At a merge whose parents carry the same tags the
 * greater (date, distance) wins; with different tags the parent whose first tag has fewer
 * changes since it (`only(rev, tag)`) wins, the later tag date breaking ties, then p1.
 */
import type { ByteString } from "./byte-string.ts";
import { NULL_REV } from "./node.ts";
import type { RevGraph } from "./rev-graph.ts";

/** The latest tag information of a changeset. */
export interface LatestTag {
  /** Sorted names of the tags on the latest tagged ancestor (`["null"]` if none). */
  names: ByteString[];
  /** Longest-path distance to it (0 when the changeset itself is tagged). */
  distance: number;
  /** Changesets that are ancestors of the changeset but not of the tag (itself included). */
  changesSince: number;
}

/** What the walk needs about the repository. */
export interface LatestTagSource {
  graph: RevGraph;
  /** Global tag names of each tagged revision. */
  tagsByRev: ReadonlyMap<number, readonly ByteString[]>;
  /** Changeset date (seconds) of a revision. */
  date(rev: number): number;
}

interface Latest {
  date: number;
  distance: number;
  names: ByteString[];
}

/** Number of ancestors of `rev` (inclusive) that are not ancestors of `base` (inclusive). */
export function onlyCount(graph: RevGraph, rev: number, base: number): number {
  const excluded = new Uint8Array(Math.max(rev, base) + 1);
  const mark = (start: number, set: Uint8Array, onNew?: () => void) => {
    const stack = start === NULL_REV ? [] : [start];
    while (stack.length) {
      const r = stack.pop()!;
      if (set[r]) continue;
      set[r] = 1;
      onNew?.();
      for (const p of [graph.p1[r], graph.p2[r]]) if (p !== NULL_REV && !set[p]) stack.push(p);
    }
  };
  mark(base, excluded);
  let count = 0;
  mark(rev, excluded, () => count++);
  return count;
}

function compareLists(a: readonly ByteString[], b: readonly ByteString[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.length - b.length;
}

/** Latest tag of `rev` (a real revision, not the working directory). */
export function latestTag(source: LatestTagSource, rev: number): LatestTag {
  const { graph, tagsByRev } = source;
  const tagRev = new Map<ByteString, number>([["null", NULL_REV]]);
  for (const [r, names] of tagsByRev) for (const n of names) tagRev.set(n, r);
  const latest = new Map<number, Latest>([[NULL_REV, { date: 0, distance: 0, names: ["null"] }]]);
  const todo = [rev];
  while (todo.length) {
    const r = todo.pop()!;
    if (latest.has(r)) continue;
    const names = tagsByRev.get(r);
    if (names !== undefined && names.length > 0) {
      latest.set(r, { date: source.date(r), distance: 0, names: [...names].sort() });
      continue;
    }
    const parents = graph.p2[r] === NULL_REV ? [graph.p1[r]] : [graph.p1[r], graph.p2[r]];
    const missing = parents.filter((p) => !latest.has(p));
    if (missing.length) {
      todo.push(r, ...missing);
      continue;
    }
    const [a, b] = parents.map((p) => latest.get(p)!);
    let best = a;
    if (b !== undefined) {
      if (compareLists(a.names, b.names) === 0) {
        // Python's max() over (date, distance, names) tuples keeps the first of equals.
        if (b.date > a.date || (b.date === a.date && b.distance > a.distance)) best = b;
      } else {
        const since = (x: Latest) => onlyCount(graph, r, tagRev.get(x.names[0]) ?? NULL_REV);
        const [sa, sb] = [since(a), since(b)];
        if (sb < sa || (sb === sa && b.date > a.date)) best = b;
      }
    }
    latest.set(r, { date: best.date, distance: best.distance + 1, names: best.names });
  }
  const found = latest.get(rev)!;
  return {
    names: found.names,
    distance: found.distance,
    changesSince: onlyCount(graph, rev, tagRev.get(found.names[0]) ?? NULL_REV),
  };
}
