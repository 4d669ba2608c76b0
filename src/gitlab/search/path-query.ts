/**
 * Path selection of SearchFilesByName, as `git ls-tree -r <ref> -- <query>` does it: the query
 * is a pathspec without wildcards, matched component-wise from the root of the tree. `.` (or
 * an empty normalised query) selects everything, `dir` or `dir/` selects the files under
 * `dir`, a file path selects that file. `*` and `?` have no special meaning.
 */
import type { ByteString } from "../../hg/byte-string.ts";

/** A normalised path query. */
export interface PathQuery {
  /** Normalised path prefix, without leading or trailing slash ("" selects everything). */
  readonly prefix: ByteString;
  /** True when the query ended with `/`: only files strictly under `prefix` match. */
  readonly directoryOnly: boolean;
  /** True when the query climbs above the root (`..`): nothing matches. */
  readonly outside: boolean;
}

/** Normalises a query: `.` and empty components dropped, `..` resolved. */
export function parsePathQuery(query: ByteString): PathQuery {
  const parts: ByteString[] = [];
  let outside = false;
  for (const part of query.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0) outside = true;
      else parts.pop();
    } else {
      parts.push(part);
    }
  }
  const prefix = parts.join("/");
  return { prefix, directoryOnly: prefix !== "" && query.endsWith("/"), outside };
}

/** True if file `path` is selected by `query`. */
export function matchesPathQuery(query: PathQuery, path: ByteString): boolean {
  if (query.outside) return false;
  const { prefix } = query;
  if (prefix === "") return true;
  if (!path.startsWith(prefix)) return false;
  if (path.length === prefix.length) return !query.directoryOnly;
  return path.charCodeAt(prefix.length) === 0x2f;
}
