/**
 * Gitaly's validation of revision strings before they reach `git`: not empty, not starting
 * with `-` (it would be an option), no whitespace, NUL or trailing `:`.
 */
import type { ByteString } from "../hg/byte-string.ts";

/** The reason `revision` is invalid, as Gitaly words it, or undefined when it is valid. */
export function revisionSyntaxError(revision: ByteString): string | undefined {
  if (revision === "") return "empty revision";
  if (revision.startsWith("-")) return "revision can't start with '-'";
  if (/\s/.test(revision)) return "revision can't contain whitespace";
  if (revision.includes("\0")) return "revision can't contain NUL";
  if (revision.endsWith(":")) return 'revision can\'t end with ":"';
  return undefined;
}
