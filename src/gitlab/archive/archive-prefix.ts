/**
 * The top directory of archive members, made safe like Mercurial's archiver does (`tidyprefix`):
 * normalised (`.`, `..` and repeated slashes folded), ending with `/`, a leading `./` dropped;
 * absolute prefixes or prefixes climbing out with `..` are refused.
 */
import type { ByteString } from "../../hg/byte-string.ts";

/** A prefix Mercurial refuses. */
export class ArchivePrefixError extends Error {
  constructor() {
    super("archive prefix contains illegal components");
    this.name = "ArchivePrefixError";
  }
}

/** POSIX normpath of a relative or absolute path (`""` gives `"."`). */
function normpath(path: ByteString): ByteString {
  const absolute = path.startsWith("/");
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else if (part !== ".." || !absolute) out.push(part);
  }
  const joined = out.join("/");
  return absolute ? `/${joined}` : joined === "" ? "." : joined;
}

/**
 * Member name prefix for a requested `prefix` (`""` when none: members at the top level).
 * Throws ArchivePrefixError for an absolute or escaping prefix.
 */
export function tidyArchivePrefix(prefix: ByteString): ByteString {
  if (prefix === "") return "";
  const normal = normpath(prefix);
  if (normal.startsWith("/")) throw new ArchivePrefixError();
  let out = normal.endsWith("/") ? normal : `${normal}/`;
  if (out.startsWith("./")) out = out.slice(2);
  if (out.startsWith("../") || out.includes("/../")) throw new ArchivePrefixError();
  return out;
}
