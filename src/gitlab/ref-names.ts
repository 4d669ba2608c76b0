/**
 * GitLab ref naming for Mercurial: full ref prefixes, GitLab branch names of named branches
 * and topics, and Git's ref-format rules (what `git check-ref-format` accepts).
 */
import type { ByteString } from "../hg/byte-string.ts";

/** Prefix of GitLab branches. */
export const BRANCH_REF_PREFIX = "refs/heads/";
/** Prefix of GitLab tags. */
export const TAG_REF_PREFIX = "refs/tags/";
/** Prefix of keep-around refs (`refs/keep-around/<hex>`). */
export const KEEP_AROUND_REF_PREFIX = "refs/keep-around/";
/** Prefix every full ref name has. */
export const REF_PREFIX = "refs/";
/** The all-zero object id Git uses for "no object" (also Mercurial's null node). */
export const ZERO_SHA = "0".repeat(40);

/** GitLab branch name of a named branch, or of a topic on it (spaces become `_`). */
export function gitlabBranchName(branch: ByteString, topic: ByteString = ""): ByteString {
  const name = topic === "" ? `branch/${branch}` : `topic/${branch}/${topic}`;
  return name.replaceAll(" ", "_");
}

/** GitLab branch name of an extra head. */
export function wildBranchName(node: string): ByteString {
  return `wild/${node}`;
}

/** What a GitLab branch name designates, when it follows the `branch/` or `topic/` scheme. */
export type ParsedGitLabBranch =
  | { kind: "branch"; branch: ByteString }
  | { kind: "topic"; branch: ByteString; topic: ByteString }
  | { kind: "wild"; node: string };

/**
 * Parses `branch/B` (B may contain slashes), `topic/B/T` (split at the last slash) and
 * `wild/<hex>`; anything else (bookmarks, malformed names) gives undefined.
 */
export function parseGitLabBranch(name: ByteString): ParsedGitLabBranch | undefined {
  if (name.startsWith("branch/")) return { kind: "branch", branch: name.slice(7) };
  if (name.startsWith("topic/")) {
    const rest = name.slice(6);
    const slash = rest.lastIndexOf("/");
    if (slash < 0) return undefined;
    return { kind: "topic", branch: rest.slice(0, slash), topic: rest.slice(slash + 1) };
  }
  if (name.startsWith("wild/") && /^[0-9a-f]{40}$/.test(name.slice(5))) {
    return { kind: "wild", node: name.slice(5) };
  }
  return undefined;
}

// Control characters, space and Git's forbidden punctuation.
// deno-lint-ignore no-control-regex
const FORBIDDEN = /[\x00-\x20\x7f~^:?*[\\]/;

/** True when `ref` is a valid full ref name by Git's rules (`git check-ref-format`). */
export function isValidRefName(ref: ByteString): boolean {
  if (ref === "" || ref === "@" || FORBIDDEN.test(ref)) return false;
  if (ref.includes("..") || ref.includes("@{") || ref.endsWith(".")) return false;
  if (!ref.includes("/")) return false;
  for (const component of ref.split("/")) {
    if (component === "" || component.startsWith(".") || component.endsWith(".lock")) {
      return false;
    }
  }
  return true;
}
