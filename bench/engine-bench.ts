/**
 * Engine rows: src/hg operations called in process, each next to the hg command doing the same
 * work through a warm command server. Every engine sample opens the repository (as a request
 * does), in two cache states:
 * - `cold`: every engine cache (revlog indexes and texts, manifests, repository state, branch
 *   and tag computations) is dropped before each sample; the process and the OS page cache are
 *   warm, hg's on-disk caches (rev-branch-cache, hgtagsfnodes) are there;
 * - `warm`: the caches a long-running server holds (revlog data files kept open between calls
 *   included) and its optimised code (per-node ops first run on 1,000 other changesets); reads
 *   still ask for a changeset or manifest not read before in the run, so their texts are not
 *   cached.
 */
import { clearBranchesCache, repoBranchMap } from "../src/hg/repo-branches.ts";
import { clearRepoStateCache, repoHidden } from "../src/hg/repo-state.ts";
import {
  clearOpenedRepositoryCache,
  openRepository,
  type Repository,
} from "../src/hg/repository.ts";
import { clearRevlogIndexCache } from "../src/hg/revlog-index-cache.ts";
import { retainReadHandles } from "../src/hg/positioned-read.ts";
import { revlogTextCache } from "../src/hg/revlog-text-cache.ts";
import { setManifestCacheBudget } from "../src/hg/manifest.ts";
import { clearTagsCache, repoTags } from "../src/hg/tags.ts";
import type { HgCase, HgTiming } from "./hg-timings.ts";
import { type Budget, measure, type Stats, statsOf } from "./stats.ts";

/** Default budget of the manifest cache (restored after clearing it). */
const MANIFEST_CACHE_BUDGET = 128 * 1024 * 1024;

/** Drops every process-wide engine cache. */
export function clearEngineCaches(): void {
  clearOpenedRepositoryCache();
  clearRevlogIndexCache();
  revlogTextCache.clear();
  setManifestCacheBudget(0);
  setManifestCacheBudget(MANIFEST_CACHE_BUDGET);
  clearRepoStateCache();
  clearBranchesCache();
  clearTagsCache();
}

/** Cache state of an engine sample. */
export type CacheState = "cold" | "warm";

/** One engine operation and the hg command doing the same work. */
export interface EngineOp {
  /** Row label. */
  readonly label: string;
  /** hg command shown in the table, NODE standing for the node argument. */
  readonly hgLabel: string;
  /** True when each sample reads a different changeset (the op takes a node). */
  readonly perNode: boolean;
  /** True when the hg command needs the topic extension. */
  readonly needsTopic?: boolean;
  /** The hg command for a node (ignored when not per node). */
  hgArgs(node: string): string[];
  /** The engine work of one sample; returns a size for sanity checks. */
  run(path: string, node: string): number;
}

/** Opens `path` and resolves the visible changeset `node` to its revision. */
function resolve(path: string, node: string): { repo: Repository; rev: number } {
  const repo = openRepository(path);
  const rev = repo.changelog.rev(node);
  if (rev === undefined || repoHidden(repo).has(rev)) throw new Error(`unknown ${node}`);
  return { repo, rev };
}

/** The engine operations of the table. */
export const ENGINE_OPS: readonly EngineOp[] = [
  {
    label: "open + resolve a node (visible view)",
    hgLabel: "hg log -r NODE -T '{rev}'",
    perNode: true,
    hgArgs: (node) => ["log", "-r", node, "-T", "{rev}\n"],
    run: (path, node) => resolve(path, node).rev,
  },
  {
    label: "changeset read",
    hgLabel: "hg log -r NODE -T json",
    perNode: true,
    hgArgs: (node) => ["log", "-r", node, "-T", "json"],
    run: (path, node) => {
      const { repo, rev } = resolve(path, node);
      return repo.changelog.read(rev).description.length;
    },
  },
  {
    label: "manifest read (all paths)",
    hgLabel: "hg manifest -r NODE",
    perNode: true,
    hgArgs: (node) => ["manifest", "-r", node],
    run: (path, node) => {
      const { repo, rev } = resolve(path, node);
      return repo.manifest(repo.changelog.read(rev).manifestNode).paths().length;
    },
  },
  {
    label: "branch heads (every named branch)",
    hgLabel: "hg branches -c",
    perNode: false,
    hgArgs: () => ["branches", "-c"],
    run: (path) => {
      const repo = openRepository(path);
      let n = 0;
      for (const entry of repoBranchMap(repo).branches()) n += entry.heads.length;
      return n;
    },
  },
  {
    label: "topic heads (every topic)",
    hgLabel: "hg topics",
    perNode: false,
    needsTopic: true,
    hgArgs: () => ["topics"],
    run: (path) => {
      const repo = openRepository(path);
      let n = 0;
      for (const entry of repoBranchMap(repo, { topics: true }).topics()) n += entry.heads.length;
      return n;
    },
  },
  {
    label: "tags",
    hgLabel: "hg tags",
    perNode: false,
    hgArgs: () => ["tags"],
    run: (path) => repoTags(openRepository(path)).size,
  },
];

/** A measured engine row. */
export interface EngineRow {
  /** The operation. */
  readonly op: EngineOp;
  /** Cache state of the engine samples. */
  readonly state: CacheState;
  /** Engine timings. */
  readonly stats: Stats;
  /** Size returned by the last engine sample. */
  readonly size: number;
}

/**
 * Nodes for (ENGINE_OPS[opIndex], state): per-node ops get their own slice of `nodes` for each
 * state, so that no sample reads a changeset an earlier sample of the run has read (given
 * enough nodes). `slice` is the slice length (warm-up and timed samples).
 */
export function nodesFor(
  nodes: readonly string[],
  opIndex: number,
  state: CacheState,
  slice: number,
): readonly string[] {
  const nodeOps = ENGINE_OPS.slice(0, opIndex).filter((op) => op.perNode).length;
  const k = 2 * nodeOps + (state === "cold" ? 0 : 1);
  const start = (k * slice) % nodes.length;
  const out: string[] = [];
  for (let i = 0; i < slice; i++) out.push(nodes[(start + i) % nodes.length]);
  return out;
}

/**
 * The hg cases matching ENGINE_OPS (per-node ops use the nodes of their cold slice); without
 * `topic`, the ops needing the topic extension are left out.
 */
export function engineHgCases(nodes: readonly string[], slice: number, topic: boolean): HgCase[] {
  return ENGINE_OPS.flatMap((op, k) =>
    !topic && op.needsTopic ? [] : [{
      name: `engine:${k}`,
      samples: op.perNode
        ? nodesFor(nodes, k, "cold", slice).map((node) => [op.hgArgs(node)])
        : [[op.hgArgs("")]],
    }]
  );
}

/** hg timing of ENGINE_OPS[k] in the result of engineHgCases. */
export function engineHgTiming(
  timings: ReadonlyMap<string, HgTiming>,
  k: number,
): HgTiming | undefined {
  return timings.get(`engine:${k}`);
}

/** Calls of each per-node op on other changesets before its warm samples (see below). */
const JIT_WARM_UP_CALLS = 1000;

/**
 * Up to `count` visible changesets of the repository at `path` that are not in `nodes`, from
 * the newest: what a warm op reads before its samples, so that its code is as optimised as in a
 * long-running server (V8 compiles hot functions after many calls) without reading any sample.
 */
function otherNodes(path: string, nodes: readonly string[], count: number): string[] {
  const repo = openRepository(path);
  const cl = repo.changelog;
  const samples = new Set(nodes);
  const hidden = repoHidden(repo);
  const out: string[] = [];
  for (let rev = cl.length - 1; rev >= 0 && out.length < count; rev--) {
    const node = cl.node(rev);
    if (!samples.has(node) && !hidden.has(rev)) out.push(node);
  }
  return out;
}

/** Measures every engine op in both cache states on the repository at `path`. */
export async function runEngineBench(
  path: string,
  nodes: readonly string[],
  budget: Budget,
  slice: number,
): Promise<EngineRow[]> {
  const rows: EngineRow[] = [];
  const others = otherNodes(path, nodes, JIT_WARM_UP_CALLS);
  for (const [k, op] of ENGINE_OPS.entries()) {
    for (const state of ["cold", "warm"] as const) {
      const list = nodesFor(nodes, k, state, slice);
      // Warm: data files stay open between calls, as main.ts sets the server up.
      retainReadHandles(state === "warm" ? 2000 : 0);
      if (state === "warm" && op.perNode) {
        for (const node of others) op.run(path, node);
      }
      // Texts read by the warm-up could be delta bases of the samples' texts: dropped too.
      clearEngineCaches();
      let size = 0;
      const samples = await measure(
        budget,
        (i) => {
          size = op.run(path, list[i % list.length]);
        },
        state === "cold" ? clearEngineCaches : undefined,
      );
      rows.push({ op, state, stats: statsOf(samples), size });
    }
  }
  retainReadHandles(0);
  return rows;
}
