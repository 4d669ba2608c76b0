/**
 * Branch and topic heads of a repository's visible view, cached per repository.
 *
 * The per-revision branch facts are read once (from Mercurial's revision branch cache when
 * valid, else from the changesets) and extended as the changelog grows; the branch
 * maps are recomputed (a linear pass) only when the changelog snapshot, the hidden set or the
 * phases change.
 */
import { bytesToByteString } from "./byte-string.ts";
import { decodeExtra } from "./changelog.ts";
import { type BranchInfo, BranchInfoTable } from "./branch-info-table.ts";
import { computeBranchMap } from "./branch-heads.ts";
import type { BranchMap } from "./branch-map.ts";
import { LruCache } from "./lru-cache.ts";
import { Phase } from "./phases.ts";
import { readRevBranchCache, type RevBranchCache } from "./rev-branch-cache.ts";
import { repoGraph, repoHidden, repoPhases } from "./repo-state.ts";
import type { RevGraph } from "./rev-graph.ts";
import type { Repository } from "./repository.ts";

const NEWLINE = 0x0a;

/**
 * Branch facts of a changelog entry text, reading only its first three lines (the third holds
 * the date and the extras).
 */
export function parseBranchInfo(text: Uint8Array): BranchInfo {
  let line = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== NEWLINE) continue;
    if (++line === 2) start = i + 1;
    else if (line === 3) {
      const dateLine = bytesToByteString(text, start, i);
      const sp1 = dateLine.indexOf(" ");
      const sp2 = sp1 < 0 ? -1 : dateLine.indexOf(" ", sp1 + 1);
      if (sp2 < 0) break;
      const extra = decodeExtra(dateLine.slice(sp2 + 1));
      return {
        branch: extra.get("branch") ?? "default",
        closesBranch: extra.has("close"),
        topic: extra.get("topic") ?? "",
      };
    }
  }
  return { branch: "default", closesBranch: false, topic: "" };
}

interface MapSlot {
  table: BranchInfoTable;
  graph: RevGraph;
  hidden: ReadonlySet<number>;
  phases: Uint8Array | undefined;
  value: BranchMap;
}

interface BranchSlots {
  table?: BranchInfoTable;
  plain?: MapSlot;
  topics?: MapSlot;
}

const cache = new LruCache<string, BranchSlots>(
  256 * 1024 * 1024,
  (slots) => 4096 + 9 * (slots.table?.length ?? 0),
);

/** Drops every cached branch computation (tests, memory pressure). */
export function clearBranchesCache(): void {
  cache.clear();
}

function slotsOf(repo: Repository): BranchSlots {
  return cache.getOrCreate(repo.hgDir, () => ({}));
}

/** Branch facts of every revision of the changelog snapshot (incrementally maintained). */
export function repoBranchInfo(repo: Repository): BranchInfoTable {
  const slots = slotsOf(repo);
  const cl = repo.changelog;
  let rbc: RevBranchCache | undefined | null = null;
  const table = BranchInfoTable.build({
    length: cl.length,
    node: (rev) => cl.node(rev),
    branchInfo: (rev) => {
      // Loaded only when new revisions are to be read.
      if (rbc === null) rbc = readRevBranchCache(`${repo.sharedHgDir}/cache`);
      return rbc?.lookup(rev, cl.node(rev)) ?? parseBranchInfo(cl.revision(rev));
    },
    topic: (rev) => parseBranchInfo(cl.revision(rev)).topic ?? "",
  }, slots.table);
  if (table !== slots.table) {
    slots.table = table;
    cache.set(repo.hgDir, slots); // re-weigh
  }
  return table;
}

/** How to compute the branch map of a repository. */
export interface RepoBranchMapOptions {
  /** Group non-public topic changesets by (branch, topic), as the topic extension does. */
  readonly topics?: boolean;
  /** Hidden set of the view; the visible view's by default. */
  readonly hidden?: ReadonlySet<number>;
}

/**
 * Heads of every named branch of the repository's view. With `topics`, heads of topics are
 * included and branch heads exclude topic changesets (GitLab's `branch/B` and `topic/B/T`).
 */
export function repoBranchMap(repo: Repository, options: RepoBranchMapOptions = {}): BranchMap {
  const table = repoBranchInfo(repo);
  const graph = repoGraph(repo);
  const hidden = options.hidden ?? repoHidden(repo);
  const phases = options.topics ? repoPhases(repo) : undefined;
  const slots = slotsOf(repo);
  const name = options.topics ? "topics" : "plain";
  const prev = slots[name];
  if (
    prev !== undefined && prev.table === table && prev.graph === graph &&
    prev.hidden === hidden && prev.phases === phases
  ) {
    return prev.value;
  }
  const value = computeBranchMap(graph, table, {
    hidden: hidden.size === 0 ? undefined : (rev) => hidden.has(rev),
    topics: phases === undefined ? undefined : { isPublic: (rev) => phases[rev] === Phase.PUBLIC },
  });
  slots[name] = { table, graph, hidden, phases, value };
  return value;
}
