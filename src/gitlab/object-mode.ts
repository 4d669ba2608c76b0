/**
 * Git modes of manifest entries: no flag 100644, `x` 100755, `l` (symlink) 120000, `t`
 * (tree manifest) and directories 040000. Any other flag is corruption.
 */
import { CorruptionError } from "../hg/errors.ts";

/** Mode of regular files. */
export const MODE_FILE = 0o100644;
/** Mode of executable files. */
export const MODE_EXECUTABLE = 0o100755;
/** Mode of symbolic links (their blob data is the link target). */
export const MODE_SYMLINK = 0o120000;
/** Mode of trees (directories). */
export const MODE_TREE = 0o40000;

/** Git mode of a manifest entry with `flags`. */
export function modeOfFlags(flags: string): number {
  switch (flags) {
    case "":
      return MODE_FILE;
    case "x":
      return MODE_EXECUTABLE;
    case "l":
      return MODE_SYMLINK;
    case "t":
      return MODE_TREE;
    default:
      throw new CorruptionError(`unsupported manifest flag ${JSON.stringify(flags)}`);
  }
}
