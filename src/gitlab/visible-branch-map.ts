/**
 * The topic-aware branch map of a repository's visible view, cached per repository: the
 * branch facts table grows incrementally with the changelog, the map is recomputed only when
 * the changelog snapshot, the hidden set or the phases change.
 */
import { BranchInfoTable } from "../hg/branch-info-table.ts";
import { computeBranchMap } from "../hg/branch-heads.ts";
import type { BranchMap } from "../hg/branch-map.ts";
import { LruCache } from "../hg/lru-cache.ts";
import { Phase } from "../hg/phases.ts";
import { repoGraph, repoHidden, repoPhases } from "../hg/repo-state.ts";
import type { Repository } from "../hg/repository.ts";

interface Slot {
  table: BranchInfoTable;
  map?: { hidden: ReadonlySet<number>; phases: Uint8Array; value: BranchMap };
}

const cache = new LruCache<string, Slot>(256);

/** Branch facts of every changeset of the snapshot (cached, extended as the changelog grows). */
export function branchInfoTable(repo: Repository): BranchInfoTable {
  const cl = repo.changelog;
  const source = {
    length: cl.length,
    node: (rev: number) => cl.node(rev),
    branchInfo: (rev: number) => {
      const cs = cl.read(rev);
      return { branch: cs.branch, closesBranch: cs.closesBranch, topic: cs.topic ?? "" };
    },
  };
  const slot = cache.get(repo.hgDir);
  const table = BranchInfoTable.build(source, slot?.table);
  if (slot === undefined || slot.table !== table) cache.set(repo.hgDir, { table });
  return table;
}

/** Branch and topic heads of the visible view, topics grouped apart on non-public changesets. */
export function visibleBranchMap(repo: Repository): BranchMap {
  const table = branchInfoTable(repo);
  const slot = cache.get(repo.hgDir)!;
  const hidden = repoHidden(repo);
  const phases = repoPhases(repo);
  if (slot.map !== undefined && slot.map.hidden === hidden && slot.map.phases === phases) {
    return slot.map.value;
  }
  const value = computeBranchMap(repoGraph(repo), table, {
    hidden: (rev) => hidden.has(rev),
    topics: { isPublic: (rev) => phases[rev] === Phase.PUBLIC },
  });
  slot.map = { hidden, phases, value };
  return value;
}
