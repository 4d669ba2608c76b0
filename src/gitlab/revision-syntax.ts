/**
 * Gitaly's validation of revision strings before they reach `git`: not empty, not starting
 * with `-` (it would be an option), no whitespace, NUL or misplaced `:`.
 */
import type { ByteString } from "../hg/byte-string.ts";

/** Variants of the check, as the RPCs apply it. */
export interface RevisionSyntaxOptions {
  /** Accept the empty revision (the RPC then uses its default). */
  readonly allowEmpty?: boolean;
  /**
   * Gitaly's `git.ValidateRevision` as CommitStats, RawBlame and CommitLanguages apply it: `:`
   * is refused anywhere and only space and line feed count as whitespace. By default (revision
   * lists and object lookups) any whitespace is refused and `:` only at the end.
   */
  readonly strict?: boolean;
}

/** The reason `revision` is invalid, as Gitaly words it, or undefined when it is valid. */
export function revisionSyntaxError(
  revision: ByteString,
  { allowEmpty = false, strict = false }: RevisionSyntaxOptions = {},
): string | undefined {
  if (revision === "") return allowEmpty ? undefined : "empty revision";
  if (revision.startsWith("-")) return "revision can't start with '-'";
  if (strict ? revision.includes(" ") : /\s/.test(revision)) {
    return "revision can't contain whitespace";
  }
  if (revision.includes("\0")) return "revision can't contain NUL";
  if (strict) {
    if (revision.includes(":")) return "revision can't contain ':'";
    if (revision.includes("\n")) return "revision can't contain line feed";
  } else if (revision.endsWith(":")) return 'revision can\'t end with ":"';
  return undefined;
}
