/**
 * Per-repository state beside the revlogs: phases, obsolescence, bookmarks and the hidden set
 * of the visible view. Each part is cached per repository and keyed on the identity of the
 * changelog snapshot (length and tip) and of the files it came from, so repeated calls are
 * cheap and a write by `hg` is noticed at the next call. Each part is validated once per
 * repository snapshot (opened `Repository` object): later calls on the same snapshot return it
 * without stat (see snapshot-memo.ts).
 */
import { join } from "node:path";
import { bytesToByteString, type ByteString } from "./byte-string.ts";
import { bookmarksPath, parseBookmarks } from "./bookmarks.ts";
import { parseDirstateParents } from "./dirstate-parents.ts";
import { parseLocalTags } from "./local-tags.ts";
import { LruCache } from "./lru-cache.ts";
import { parseMergeState } from "./merge-state.ts";
import { NULL_NODE, NULL_REV } from "./node.ts";
import { computeObsolescence, type Obsolescence } from "./obsolete.ts";
import { parseObsstore } from "./obsstore.ts";
import { computePhases, parsePhaseRoots } from "./phases.ts";
import { readRevGraph, type RevGraph, type RevIndex } from "./rev-graph.ts";
import { snapshotFileIdentity, snapshotMemo } from "./snapshot-memo.ts";
import { computeHidden } from "./visibility.ts";

/** The parts of a repository this module reads (a `Repository` satisfies it). */
export interface RepoStateSource {
  /** The `.hg` directory. */
  readonly hgDir: string;
  /** `.hg` of the share source, when the repository is a share. */
  readonly sharedHgDir?: string;
  /** The store directory. */
  readonly storeDir: string;
  /** Repository requirements. */
  readonly requirements: ReadonlySet<string>;
  /** The changelog snapshot. */
  readonly changelog: RevIndex;
}

/** Phases, obsolescence, bookmarks and visibility of a changelog snapshot. */
export interface RepoState {
  /** Parent arrays of the changelog. */
  readonly graph: RevGraph;
  /** Phase number of every revision. */
  readonly phases: Uint8Array;
  /** Markers, obsolete and orphan sets. */
  readonly obsolescence: Obsolescence;
  /** Bookmark name -> hex node (nodes unknown to the changelog are left out). */
  readonly bookmarks: ReadonlyMap<ByteString, string>;
  /** Revisions that may not be hidden (working directory parents, bookmarks, local tags...). */
  readonly pinned: ReadonlySet<number>;
  /** Revisions hidden from the visible view. */
  readonly hidden: ReadonlySet<number>;
}

/** The requirement selecting the dirstate-v2 format. */
const DIRSTATE_V2 = "dirstate-v2";

interface Slot<T> {
  key: string;
  value: T;
}

type Slots = {
  graph?: Slot<RevGraph>;
  phases?: Slot<Uint8Array>;
  obsolescence?: Slot<Obsolescence>;
  bookmarks?: Slot<ReadonlyMap<ByteString, string>>;
  pinned?: Slot<ReadonlySet<number>>;
  hidden?: Slot<ReadonlySet<number>>;
};

/** Approximate bytes kept per repository (graph, phases and flag arrays). */
function weigh(slots: Slots): number {
  return 4096 + 10 * (slots.graph?.value.length ?? 0);
}

const cache = new LruCache<string, Slots>(256 * 1024 * 1024, weigh);

/** Drops every cached repository state (tests, memory pressure). */
export function clearRepoStateCache(): void {
  cache.clear();
}

function slotsOf(repo: RepoStateSource): Slots {
  return cache.getOrCreate(repo.hgDir, () => ({}));
}

/**
 * Returns the cached value if its key matches, else computes and stores it. The key is
 * computed (files stat-ed) once per snapshot, as is the lookup.
 */
function memo<K extends keyof Slots>(
  repo: RepoStateSource,
  name: K,
  key: () => string,
  compute: () => NonNullable<Slots[K]>["value"],
): NonNullable<Slots[K]>["value"] {
  return snapshotMemo(repo, `repo-state:${name}`, () => {
    const k = key();
    const slots = slotsOf(repo);
    const slot = slots[name];
    if (slot !== undefined && slot.key === k) return slot.value;
    const value = compute();
    (slots as Record<K, Slot<typeof value>>)[name] = { key: k, value };
    if (name === "graph") cache.set(repo.hgDir, slots);
    return value;
  });
}

/** Identity of a file for cache keys ("-" when missing), stat-ed once per snapshot. */
function idOf(repo: RepoStateSource, path: string): string {
  return snapshotFileIdentity(repo, path) ?? "-";
}

function readOptional(path: string): Uint8Array {
  try {
    return Deno.readFileSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return new Uint8Array(0);
    throw e;
  }
}

function changelogKey(repo: RepoStateSource): string {
  const cl = repo.changelog;
  return `${cl.length}:${cl.length > 0 ? cl.node(cl.length - 1) : NULL_NODE}`;
}

/** Parent arrays of the repository's changelog snapshot. */
export function repoGraph(repo: RepoStateSource): RevGraph {
  return memo(repo, "graph", () => changelogKey(repo), () => readRevGraph(repo.changelog));
}

function phasesKey(repo: RepoStateSource): string {
  return `${changelogKey(repo)}|${idOf(repo, join(repo.storeDir, "phaseroots"))}`;
}

/** Phase number of every revision of the changelog snapshot. */
export function repoPhases(repo: RepoStateSource): Uint8Array {
  return memo(repo, "phases", () => phasesKey(repo), () => {
    const data = readOptional(join(repo.storeDir, "phaseroots"));
    const roots = parsePhaseRoots(bytesToByteString(data));
    return computePhases(repoGraph(repo), roots, repo.changelog);
  });
}

function obsolescenceKey(repo: RepoStateSource): string {
  return `${phasesKey(repo)}|${idOf(repo, join(repo.storeDir, "obsstore"))}`;
}

/** Obsolescence markers and the obsolete and orphan sets. */
export function repoObsolescence(repo: RepoStateSource): Obsolescence {
  return memo(repo, "obsolescence", () => obsolescenceKey(repo), () => {
    const markers = parseObsstore(readOptional(join(repo.storeDir, "obsstore")));
    return computeObsolescence(markers, repo.changelog, repoGraph(repo), repoPhases(repo));
  });
}

/** Where the repository's bookmarks live (read `.hg/shared` of a share once per snapshot). */
function repoBookmarksPath(repo: RepoStateSource): string {
  return snapshotMemo(repo, "repo-state:bookmarks-path", () => bookmarksPath(repo));
}

function bookmarksKey(repo: RepoStateSource): string {
  const path = repoBookmarksPath(repo);
  return `${changelogKey(repo)}|${path}|${idOf(repo, path)}`;
}

/** Bookmarks whose target is in the changelog snapshot, name -> hex node. */
export function repoBookmarks(repo: RepoStateSource): ReadonlyMap<ByteString, string> {
  return memo(repo, "bookmarks", () => bookmarksKey(repo), () => {
    const data = bytesToByteString(readOptional(repoBookmarksPath(repo)));
    const cl = repo.changelog;
    return parseBookmarks(data, (node) => {
      const rev = cl.rev(node);
      return rev !== undefined && rev !== NULL_REV && rev < cl.length;
    });
  });
}

function pinnedKey(repo: RepoStateSource): string {
  const { hgDir } = repo;
  const v2 = repo.requirements.has(DIRSTATE_V2);
  const files = ["dirstate", "localtags", "merge/state2"].map((f) => idOf(repo, join(hgDir, f)));
  return `${bookmarksKey(repo)}|${v2}|${files.join("|")}`;
}

/**
 * Revisions pinned visible, as in Mercurial's repoview: working directory parents, bookmark
 * targets, local tag targets and, during a merge with unresolved files, both merge sides.
 */
export function repoPinned(repo: RepoStateSource): ReadonlySet<number> {
  return memo(repo, "pinned", () => pinnedKey(repo), () => {
    const cl = repo.changelog;
    const pinned = new Set<number>();
    const pin = (node: string | undefined) => {
      if (node === undefined) return;
      const rev = cl.rev(node.toLowerCase());
      if (rev !== undefined && rev !== NULL_REV && rev < cl.length) pinned.add(rev);
    };
    const dirstate = readOptional(join(repo.hgDir, "dirstate"));
    for (const node of parseDirstateParents(dirstate, repo.requirements.has(DIRSTATE_V2))) {
      pin(node);
    }
    for (const node of repoBookmarks(repo).values()) pin(node);
    const localTags = bytesToByteString(readOptional(join(repo.hgDir, "localtags")));
    for (const node of parseLocalTags(localTags).values()) pin(node);
    const merge = parseMergeState(readOptional(join(repo.hgDir, "merge", "state2")));
    if (merge.active && merge.unresolvedCount > 0) {
      pin(merge.local);
      pin(merge.other);
    }
    return pinned;
  });
}

/** Revisions hidden from Mercurial's "visible" view. */
export function repoHidden(repo: RepoStateSource): ReadonlySet<number> {
  const key = () => `${obsolescenceKey(repo)}|${pinnedKey(repo)}`;
  return memo(repo, "hidden", key, () => {
    const phases = repoPhases(repo);
    return computeHidden(
      repoGraph(repo),
      phases,
      repoObsolescence(repo).obsolete,
      repoPinned(repo),
    );
  });
}

/** All the state of the repository's changelog snapshot. */
export function readRepoState(repo: RepoStateSource): RepoState {
  return {
    graph: repoGraph(repo),
    phases: repoPhases(repo),
    obsolescence: repoObsolescence(repo),
    bookmarks: repoBookmarks(repo),
    pinned: repoPinned(repo),
    hidden: repoHidden(repo),
  };
}
