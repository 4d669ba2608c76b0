/**
 * Resolving a GitLab revision string to a changeset, in RHGitaly's order:
 * `HEAD`, full 40-hex node, full `refs/...` path, bare tag name, bare branch name, then a
 * unique hex node prefix.
 *
 * Node ids, keep-arounds and special refs may reach obsolete (hidden) changesets, which
 * GitLab needs for force-push detection and merge requests; branches and tags (and `HEAD`)
 * only give changesets of the visible view.
 */
import type { ByteString } from "../hg/byte-string.ts";
import { NULL_REV } from "../hg/node.ts";
import { repoHidden } from "../hg/repo-state.ts";
import type { Repository } from "../hg/repository.ts";
import { type GitLabRefs, loadGitLabRefs, lookupFullRef } from "./gitlab-refs.ts";
import { BRANCH_REF_PREFIX, REF_PREFIX, TAG_REF_PREFIX } from "./ref-names.ts";

const FULL_HEX = /^[0-9a-fA-F]{40}$/;
const HEX = /^[0-9a-fA-F]+$/;

/** The revision number of a hex node in the snapshot (any visibility), or undefined. */
function nodeRev(repo: Repository, node: string): number | undefined {
  const rev = repo.changelog.rev(node.toLowerCase());
  return rev !== undefined && rev < repo.changelog.length ? rev : undefined;
}

/** The revision of a symbolic ref's target, undefined if unknown or hidden. */
function visibleRev(repo: Repository, node: string | undefined): number | undefined {
  if (node === undefined) return undefined;
  const rev = nodeRev(repo, node);
  if (rev === undefined || rev === NULL_REV) return rev;
  return repoHidden(repo).has(rev) ? undefined : rev;
}

/**
 * Resolves `revision` to a revision number (NULL_REV for ZERO_SHA, Mercurial's null node), or
 * undefined when nothing matches (ambiguous prefixes included). GitLab refs are loaded only
 * when the revision needs them (not for full hex ids), unless the caller passes them.
 * Throws GitLabStateError when a state file needed on the way is malformed.
 */
export function resolveRevision(
  repo: Repository,
  revision: ByteString,
  givenRefs?: GitLabRefs,
): number | undefined {
  if (FULL_HEX.test(revision)) return nodeRev(repo, revision);
  const refs = givenRefs ?? loadGitLabRefs(repo);
  if (revision === "HEAD") {
    return refs.defaultBranch === undefined
      ? undefined
      : visibleRev(repo, refs.branches.get(refs.defaultBranch));
  }
  if (revision.startsWith(REF_PREFIX)) {
    const node = lookupFullRef(refs, revision);
    const symbolic = revision.startsWith(BRANCH_REF_PREFIX) ||
      revision.startsWith(TAG_REF_PREFIX);
    if (node === undefined) return undefined;
    return symbolic ? visibleRev(repo, node) : nodeRev(repo, node);
  }
  const tag = refs.tags.get(revision);
  if (tag !== undefined) return visibleRev(repo, tag);
  const branch = refs.branches.get(revision);
  if (branch !== undefined) return visibleRev(repo, branch);
  if (revision.length < 40 && HEX.test(revision)) {
    const rev = repo.changelog.lookupPrefix(revision);
    return typeof rev === "number" ? rev : undefined;
  }
  return undefined;
}

/** Resolves `revision` to a hex node (ZERO_SHA for the null changeset), or undefined. */
export function resolveRevisionNode(
  repo: Repository,
  revision: ByteString,
  refs?: GitLabRefs,
): string | undefined {
  const rev = resolveRevision(repo, revision, refs);
  return rev === undefined ? undefined : repo.changelog.node(rev);
}
