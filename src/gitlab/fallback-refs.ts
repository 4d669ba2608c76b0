/**
 * GitLab branches and tags computed from the repository itself, as HGitaly does when the
 * `gitlab.branches` state file is absent (a repository not managed by Heptapod).
 *
 * Branches: for each named branch and each topic, the visible heads that are neither
 * obsolete, nor closing, nor bookmarked; the GitLab branch points to the highest of them, and
 * when there are several each also gets `wild/<hex>`. Bookmarks are branches named verbatim.
 * Tags: global tags (never `tip`), spaces turned into `_`, kept only if a valid Git ref name.
 */
import type { ByteString } from "../hg/byte-string.ts";
import { repoBookmarks, repoHidden, repoObsolescence } from "../hg/repo-state.ts";
import type { Repository } from "../hg/repository.ts";
import { globalTags } from "../hg/tags.ts";
import { gitlabBranchName, isValidRefName, TAG_REF_PREFIX, wildBranchName } from "./ref-names.ts";
import { repoBranchMap } from "../hg/repo-branches.ts";

/** GitLab branches of the visible view, short name -> hex node. */
export function fallbackBranches(repo: Repository): Map<ByteString, string> {
  const cl = repo.changelog;
  const obsolescence = repoObsolescence(repo);
  const bookmarks = repoBookmarks(repo);
  const bookmarked = new Set(bookmarks.values());
  const branches = new Map<ByteString, string>();
  for (const entry of repoBranchMap(repo, { topics: true }).entries()) {
    const heads = entry.heads
      .filter((h) => !h.closed && !obsolescence.isObsolete(h.rev))
      .map((h) => cl.node(h.rev))
      .filter((node) => !bookmarked.has(node));
    if (heads.length === 0) continue;
    branches.set(gitlabBranchName(entry.branch, entry.topic), heads[heads.length - 1]);
    if (heads.length > 1) { for (const node of heads) branches.set(wildBranchName(node), node); }
  }
  for (const [name, node] of bookmarks) branches.set(name, node);
  return branches;
}

/** GitLab tags of the visible view, short name -> hex node. */
export function fallbackTags(repo: Repository): Map<ByteString, string> {
  const tags = new Map<ByteString, string>();
  for (const [name, node] of globalTags(repo, repoHidden(repo))) {
    const gitName = name.replaceAll(" ", "_");
    if (name !== "tip" && isValidRefName(TAG_REF_PREFIX + gitName)) tags.set(gitName, node);
  }
  return tags;
}
