/**
 * Branch heads of a filtered view, computed like Mercurial's branchmap.
 *
 * A head of branch B is a visible revision of B with no visible descendant in B (a descendant
 * reached through other branches counts). With topics, non-public changesets carrying a topic T
 * form their own group (B, T), as the topic extension's branchmap does (`B:T` keys); changesets
 * of B outside a topic, public ones included, stay in group (B, "").
 */
import type { BranchInfoTable } from "./branch-info-table.ts";
import { type BranchHead, type BranchHeads, BranchMap, makeBranchHeads } from "./branch-map.ts";
import type { RevGraph } from "./rev-graph.ts";

/** Which revisions are seen and how they are grouped. */
export interface BranchHeadsOptions {
  /** Filtered revisions (hidden set of the view); none when omitted. */
  readonly hidden?: (rev: number) => boolean;
  /** Group topic changesets apart; a topic only counts on non-public changesets. */
  readonly topics?: { readonly isPublic: (rev: number) => boolean };
}

/** Computes the branch map of `graph` (whose branch facts are in `table`). */
export function computeBranchMap(
  graph: RevGraph,
  table: BranchInfoTable,
  options: BranchHeadsOptions = {},
): BranchMap {
  const length = Math.min(graph.length, table.length);
  const hidden = options.hidden ?? (() => false);
  const groups = groupKeys(table, length, options.topics?.isPublic);
  const { keys } = groups;
  const { p1, p2 } = graph;

  // Candidates: visible revisions without a visible child in their own group.
  const hasGroupChild = new Uint8Array(length);
  const visible = new Uint8Array(length);
  for (let rev = 0; rev < length; rev++) {
    if (hidden(rev)) continue;
    visible[rev] = 1;
    const key = keys[rev];
    const a = p1[rev];
    const b = p2[rev];
    if (a >= 0 && keys[a] === key) hasGroupChild[a] = 1;
    if (b >= 0 && keys[b] === key) hasGroupChild[b] = 1;
  }
  const candidates = new Map<number, number[]>();
  for (let rev = 0; rev < length; rev++) {
    if (visible[rev] === 0 || hasGroupChild[rev] === 1) continue;
    const list = candidates.get(keys[rev]);
    if (list === undefined) candidates.set(keys[rev], [rev]);
    else list.push(rev);
  }

  // A candidate that is an ancestor of another candidate of its group is not a head.
  const scratch = new Uint8Array(length);
  const entries: BranchHeads[] = [];
  for (const [key, revs] of candidates) {
    const heads = revs.length === 1 ? revs : pruneAncestors(revs, graph, scratch);
    const branchHeads: BranchHead[] = heads.map((rev) => ({
      rev,
      closed: table.closes[rev] === 1,
    }));
    const [branch, topic] = groups.names(key);
    entries.push(makeBranchHeads(branch, topic, branchHeads));
  }
  return new BranchMap(entries);
}

interface Groups {
  /** Group id of each revision. */
  readonly keys: Int32Array;
  /** Branch and topic names of a group id. */
  names(key: number): [string, string];
}

/** Assigns each revision its group: its branch id, or a fresh id per (branch, topic) pair. */
function groupKeys(
  table: BranchInfoTable,
  length: number,
  isPublic: ((rev: number) => boolean) | undefined,
): Groups {
  const keys = table.branchIds.subarray(0, length);
  if (isPublic === undefined) {
    return { keys, names: (key) => [table.name(key), ""] };
  }
  const grouped = Int32Array.from(keys);
  const pairs = new Map<string, number>();
  const pairNames = new Map<number, [string, string]>();
  // Pair ids start after the largest branch id so they never collide with plain branches.
  let next = 0;
  for (let rev = 0; rev < length; rev++) if (keys[rev] >= next) next = keys[rev] + 1;
  for (let rev = 0; rev < length; rev++) {
    if (isPublic(rev)) continue;
    const topicId = table.topicId(rev);
    if (topicId === 0) continue;
    const pair = `${keys[rev]} ${topicId}`;
    let id = pairs.get(pair);
    if (id === undefined) {
      id = next++;
      pairs.set(pair, id);
      pairNames.set(id, [table.name(keys[rev]), table.name(topicId)]);
    }
    grouped[rev] = id;
  }
  return {
    keys: grouped,
    names: (key) => pairNames.get(key) ?? [table.name(key), ""],
  };
}

/**
 * Returns the revisions of `revs` (ascending) that are not ancestors of another one, walking
 * the ancestors down to the lowest candidate. `scratch` is zeroed on entry and on exit.
 */
function pruneAncestors(revs: readonly number[], graph: RevGraph, scratch: Uint8Array): number[] {
  const floor = revs[0];
  const top = revs[revs.length - 1];
  const CANDIDATE = 1;
  const ANCESTOR = 2;
  for (const rev of revs) scratch[rev] = CANDIDATE;
  const { p1, p2 } = graph;
  for (let rev = top; rev >= floor; rev--) {
    if (scratch[rev] === 0) continue;
    const a = p1[rev];
    const b = p2[rev];
    if (a >= floor) scratch[a] |= ANCESTOR;
    if (b >= floor) scratch[b] |= ANCESTOR;
  }
  const heads = revs.filter((rev) => (scratch[rev] & ANCESTOR) === 0);
  scratch.fill(0, floor, top + 1);
  return heads;
}
