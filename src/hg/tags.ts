/**
 * Tags as Mercurial computes them (`hg tags`, without the `tip` pseudo-tag).
 *
 * Global tags come from the `.hgtags` files of the view's topological heads: each distinct
 * file revision is read once, heads taken from oldest to newest, and their histories merged
 * (see tag-history.ts). Local tags (`.hg/localtags`) are merged on top with type `local`.
 * Finally tags mapped to the null node (removed) or to changesets absent from the view are
 * dropped.
 *
 * Results are cached per repository: the `.hgtags` file node of each head (a fact of an
 * immutable changeset), the merged histories keyed on the list of file nodes, and the final
 * maps keyed on the changelog snapshot and the hidden set.
 */
import { bytesToByteString, type ByteString } from "./byte-string.ts";
import { readHgtagsFnodes } from "./hgtags-fnodes-cache.ts";
import { LruCache } from "./lru-cache.ts";
import { NULL_NODE, NULL_REV } from "./node.ts";
import { repoGraph, repoHidden } from "./repo-state.ts";
import type { Repository } from "./repository.ts";
import type { RevGraph } from "./rev-graph.ts";
import { snapshotFileIdentity } from "./snapshot-memo.ts";
import { mergeTagHistories, parseTagsFile, type TagHistoryMap } from "./tag-history.ts";
import { visibleHeads } from "./visible-heads.ts";

/** A tag's target and where it comes from. */
export interface Tag {
  /** Hex node of the tagged changeset. */
  readonly node: string;
  /** `global` (from `.hgtags`) or `local` (from `.hg/localtags`). */
  readonly type: "global" | "local";
}

const HGTAGS = ".hgtags";

interface TagSlots {
  /** `.hgtags` file node (null: none) of recently seen head nodes. */
  fnodes: Map<string, string | null>;
  heads?: { graph: RevGraph; hidden: ReadonlySet<number>; value: number[] };
  histories?: { key: string; value: TagHistoryMap };
  local?: { key: string; value: TagHistoryMap };
  tags?: {
    changelog: string;
    localKey: string;
    hidden: ReadonlySet<number>;
    value: ReadonlyMap<ByteString, Tag>;
  };
}

const cache = new LruCache<string, TagSlots>(1024);

/** Drops every cached tag computation (tests, memory pressure). */
export function clearTagsCache(): void {
  cache.clear();
}

function slotsOf(repo: Repository): TagSlots {
  return cache.getOrCreate(repo.hgDir, () => ({ fnodes: new Map() }));
}

/** Visible topological heads, memoized on the graph and hidden set identities. */
function repoHeads(repo: Repository, hidden: ReadonlySet<number>): number[] {
  const graph = repoGraph(repo);
  const slots = slotsOf(repo);
  if (slots.heads?.graph === graph && slots.heads.hidden === hidden) return slots.heads.value;
  const value = visibleHeads(graph, hidden);
  slots.heads = { graph, hidden, value };
  return value;
}

/** `.hgtags` file nodes of `heads` (undefined entries for heads without the file). */
function headFnodes(repo: Repository, heads: readonly number[]): (string | undefined)[] {
  const slots = slotsOf(repo);
  const cl = repo.changelog;
  const hgtags = repo.filelog(HGTAGS);
  const nodes = heads.map((rev) => ({ rev, node: cl.node(rev) }));
  const missing = nodes.filter(({ node }) => !slots.fnodes.has(node));
  const fromDisk = missing.length > 0 ? readHgtagsFnodes(repo.sharedHgDir, missing) : [];
  const known = new Map<string, string | null>();
  missing.forEach(({ rev, node }, i) => {
    const cached = fromDisk[i];
    if (cached === null || (cached !== undefined && hgtags.rev(cached) !== undefined)) {
      known.set(node, cached);
    } else {
      const manifestNode = cl.read(rev).manifestNode;
      known.set(node, repo.manifest(manifestNode).get(HGTAGS)?.node ?? null);
    }
  });
  // Keep only the current heads so the map stays small.
  const fnodes = new Map<string, string | null>();
  for (const { node } of nodes) fnodes.set(node, slots.fnodes.get(node) ?? known.get(node)!);
  slots.fnodes = fnodes;
  return nodes.map(({ node }) => fnodes.get(node) ?? undefined);
}

/**
 * Merged `.hgtags` histories of the view's heads, before any filtering (null nodes and
 * unknown targets included). The map is shared: do not modify it.
 */
export function globalTagHistories(
  repo: Repository,
  hidden: ReadonlySet<number> = repoHidden(repo),
): TagHistoryMap {
  const hgtags = repo.filelog(HGTAGS);
  // No .hgtags was ever committed: skip reading head manifests.
  if (hgtags.length === 0) return new Map();
  const heads = repoHeads(repo, hidden);
  const seen = new Set<string>();
  const fnodes: string[] = [];
  for (const fnode of headFnodes(repo, heads)) {
    if (fnode !== undefined && !seen.has(fnode)) {
      seen.add(fnode);
      fnodes.push(fnode);
    }
  }
  const slots = slotsOf(repo);
  const key = fnodes.join(",");
  if (slots.histories?.key === key) return slots.histories.value;
  const merged: TagHistoryMap = new Map();
  for (const fnode of fnodes) {
    const rev = hgtags.rev(fnode);
    if (rev === undefined) continue;
    mergeTagHistories(merged, parseTagsFile(bytesToByteString(hgtags.content(rev))));
  }
  slots.histories = { key, value: merged };
  return merged;
}

/** Identity of `.hg/localtags` ("-" when missing), stat-ed once per snapshot. */
function localTagsKey(repo: Repository): string {
  return snapshotFileIdentity(repo, `${repo.hgDir}/localtags`) ?? "-";
}

/** Histories read from `.hg/localtags` (shared map: do not modify). */
export function localTagHistories(repo: Repository): TagHistoryMap {
  const path = `${repo.hgDir}/localtags`;
  const slots = slotsOf(repo);
  const key = localTagsKey(repo);
  if (slots.local?.key === key) return slots.local.value;
  let data = "";
  try {
    data = bytesToByteString(Deno.readFileSync(path));
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  const value = parseTagsFile(data);
  slots.local = { key, value };
  return value;
}

/**
 * Every tag of the view like `hg tags` (without `tip`): global tags merged with local ones,
 * removed tags and tags whose changeset is unknown or hidden left out.
 */
export function repoTags(
  repo: Repository,
  hidden: ReadonlySet<number> = repoHidden(repo),
): ReadonlyMap<ByteString, Tag> {
  const cl = repo.changelog;
  const changelog = `${cl.length}:${cl.length > 0 ? cl.node(cl.length - 1) : NULL_NODE}`;
  const localKey = localTagsKey(repo);
  const slots = slotsOf(repo);
  const prev = slots.tags;
  // The global histories are a function of the view's heads (the changelog snapshot and the
  // hidden set) and of immutable `.hgtags` revisions: with those and localtags unchanged, the
  // result is too, and the heads' `.hgtags` file nodes need not be looked at again.
  if (
    prev !== undefined && prev.changelog === changelog && prev.hidden === hidden &&
    prev.localKey === localKey
  ) {
    return prev.value;
  }
  const histories = globalTagHistories(repo, hidden);
  const local = localTagHistories(repo);
  const inView = (node: string) => {
    const rev = cl.rev(node);
    return rev !== undefined && rev !== NULL_REV && rev < cl.length && !hidden.has(rev);
  };
  const merged: TagHistoryMap = new Map(histories);
  const types = new Map<ByteString, Tag["type"]>();
  for (const name of histories.keys()) types.set(name, "global");
  // Local tags to unknown changesets are dropped before merging, as Mercurial does.
  const knownLocal: TagHistoryMap = new Map();
  for (const [name, entry] of local) {
    if (entry.node === NULL_NODE || inView(entry.node)) knownLocal.set(name, entry);
  }
  for (const name of mergeTagHistories(merged, knownLocal)) types.set(name, "local");
  const value = new Map<ByteString, Tag>();
  for (const [name, entry] of merged) {
    if (entry.node === NULL_NODE || !inView(entry.node)) continue;
    value.set(name, { node: entry.node, type: types.get(name)! });
  }
  slots.tags = { changelog, hidden, localKey, value };
  return value;
}

/**
 * Global tags of the view, name -> hex node: the tags `hg tags` lists with type global (a
 * name also tagged locally counts when the global entry wins, as for HGitaly).
 */
export function globalTags(
  repo: Repository,
  hidden: ReadonlySet<number> = repoHidden(repo),
): Map<ByteString, string> {
  const tags = new Map<ByteString, string>();
  for (const [name, tag] of repoTags(repo, hidden)) {
    if (tag.type === "global") tags.set(name, tag.node);
  }
  return tags;
}
