/**
 * The default GitLab branch, stored by Heptapod as a short branch name in
 * `.hg/default_gitlab_branch` (in the share source for shares).
 */
import { bytesToByteString, type ByteString } from "../hg/byte-string.ts";
import { BRANCH_REF_PREFIX } from "./ref-names.ts";
import { cachedFileValue } from "./state-files.ts";

/** Path of the default branch file of a repository whose (share source) `.hg` is given. */
export function defaultBranchFilePath(sharedHgDir: string): string {
  return `${sharedHgDir}/default_gitlab_branch`;
}

/**
 * The short name stored in the default branch file (a `refs/heads/` prefix and surrounding
 * line ends stripped), or undefined when the file is missing or empty.
 */
export function readDefaultBranchFile(sharedHgDir: string): ByteString | undefined {
  return cachedFileValue(defaultBranchFilePath(sharedHgDir), parseDefaultBranch);
}

function parseDefaultBranch(data: Uint8Array): ByteString | undefined {
  let name = bytesToByteString(data).replace(/[\r\n]+$/, "");
  if (name.startsWith(BRANCH_REF_PREFIX)) name = name.slice(BRANCH_REF_PREFIX.length);
  return name === "" ? undefined : name;
}
