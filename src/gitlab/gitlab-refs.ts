/**
 * The refs GitLab sees in a repository snapshot: branches, tags, special refs, keep-arounds
 * and the default branch.
 *
 * A repository managed by Heptapod has a `gitlab.branches` state file: then every ref comes
 * from the state files (a missing one means no ref of its type). Without it the repository is
 * in fallback mode: branches and tags are computed from the repository like HGitaly does, and
 * the default branch falls back to `branch/default` when the file does not name one.
 */
import type { ByteString } from "../hg/byte-string.ts";
import { LruCache } from "../hg/lru-cache.ts";
import { repoBookmarks, repoHidden, repoObsolescence } from "../hg/repo-state.ts";
import type { Repository } from "../hg/repository.ts";
import { snapshotMemo } from "../hg/snapshot-memo.ts";
import { repoTags } from "../hg/tags.ts";
import { readDefaultBranchFile } from "./default-branch.ts";
import { fallbackBranches, fallbackTags } from "./fallback-refs.ts";
import {
  BRANCH_REF_PREFIX,
  KEEP_AROUND_REF_PREFIX,
  REF_PREFIX,
  TAG_REF_PREFIX,
} from "./ref-names.ts";
import { readKeepArounds, readTypedRefs } from "./state-files.ts";
import { repoBranchMap } from "../hg/repo-branches.ts";

/** GitLab refs of a repository snapshot. Maps are shared with caches: do not modify them. */
export interface GitLabRefs {
  /** True when read from Heptapod's state files, false in fallback mode. */
  readonly fromStateFiles: boolean;
  /** GitLab branches, short name (without `refs/heads/`) -> hex node. */
  readonly branches: ReadonlyMap<ByteString, string>;
  /** GitLab tags, short name (without `refs/tags/`) -> hex node. */
  readonly tags: ReadonlyMap<ByteString, string>;
  /** Special refs, name without `refs/` (e.g. `merge-requests/1/head`) -> hex node. */
  readonly specialRefs: ReadonlyMap<ByteString, string>;
  /** Keep-around hex nodes (ref `refs/keep-around/<hex>`). */
  readonly keepArounds: ReadonlySet<string>;
  /** Default GitLab branch short name, if set (it may be missing from `branches`). */
  readonly defaultBranch: ByteString | undefined;
}

const EMPTY_MAP: ReadonlyMap<ByteString, string> = new Map();

interface FallbackSlot {
  key: readonly unknown[];
  branches: ReadonlyMap<ByteString, string>;
  tags: ReadonlyMap<ByteString, string>;
}

const fallbackCache = new LruCache<string, FallbackSlot>(256);

function sameKey(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Fallback branches and tags, recomputed only when what they derive from changed. */
function fallback(repo: Repository): FallbackSlot {
  const hidden = repoHidden(repo);
  // Cached engine results are shared objects: their identity changes when their input does.
  const key = [
    repoBranchMap(repo, { topics: true }),
    repoBookmarks(repo),
    repoObsolescence(repo),
    repoTags(repo, hidden),
    hidden,
  ];
  const slot = fallbackCache.get(repo.hgDir);
  if (slot !== undefined && sameKey(slot.key, key)) return slot;
  const fresh = { key, branches: fallbackBranches(repo), tags: fallbackTags(repo) };
  fallbackCache.set(repo.hgDir, fresh);
  return fresh;
}

/**
 * Loads the GitLab refs of `repo`, once per repository snapshot (later calls of the same
 * request get the same object). Throws GitLabStateError on a malformed state file.
 */
export function loadGitLabRefs(repo: Repository): GitLabRefs {
  return snapshotMemo(repo, "gitlab-refs", () => readGitLabRefs(repo));
}

function readGitLabRefs(repo: Repository): GitLabRefs {
  const store = repo.storeDir;
  const stateBranches = readTypedRefs(store, "branches");
  const specialRefs = readTypedRefs(store, "special-refs") ?? EMPTY_MAP;
  const keepArounds = readKeepArounds(store);
  const fileDefault = readDefaultBranchFile(repo.sharedHgDir);
  if (stateBranches !== undefined) {
    return {
      fromStateFiles: true,
      branches: stateBranches,
      tags: readTypedRefs(store, "tags") ?? EMPTY_MAP,
      specialRefs,
      keepArounds,
      defaultBranch: fileDefault,
    };
  }
  const { branches, tags } = fallback(repo);
  const defaultBranch = fileDefault ??
    (branches.has("branch/default") ? "branch/default" : undefined);
  return { fromStateFiles: false, branches, tags, specialRefs, keepArounds, defaultBranch };
}

/** Hex node the default branch points to, if it is set and exists. */
export function defaultBranchTarget(refs: GitLabRefs): string | undefined {
  return refs.defaultBranch === undefined ? undefined : refs.branches.get(refs.defaultBranch);
}

/**
 * Every ref as full name -> hex node: branches, tags, keep-arounds and special refs (not
 * `HEAD`), in no particular order.
 */
export function* allRefs(refs: GitLabRefs): IterableIterator<[ByteString, string]> {
  for (const [name, node] of refs.branches) yield [BRANCH_REF_PREFIX + name, node];
  for (const [name, node] of refs.tags) yield [TAG_REF_PREFIX + name, node];
  for (const node of refs.keepArounds) yield [KEEP_AROUND_REF_PREFIX + node, node];
  for (const [name, node] of refs.specialRefs) yield [REF_PREFIX + name, node];
}

/** Target of a full ref name (`refs/...`), undefined if no such ref. */
export function lookupFullRef(refs: GitLabRefs, ref: ByteString): string | undefined {
  if (ref.startsWith(BRANCH_REF_PREFIX)) return refs.branches.get(ref.slice(11));
  if (ref.startsWith(TAG_REF_PREFIX)) return refs.tags.get(ref.slice(10));
  if (ref.startsWith(KEEP_AROUND_REF_PREFIX)) {
    const node = ref.slice(KEEP_AROUND_REF_PREFIX.length);
    return refs.keepArounds.has(node) ? node : undefined;
  }
  if (ref.startsWith(REF_PREFIX)) return refs.specialRefs.get(ref.slice(5));
  return undefined;
}
