/**
 * Git trees synthesised from a flat Mercurial manifest. Directories are not stored: they are
 * the path prefixes of the sorted file paths. The files below directory `d` form the index
 * range [lowerBound(`d/`), lowerBound(`d0`)) (`0` is the byte after `/`), so every lookup is a
 * binary search and listing a directory jumps over whole subtrees.
 *
 * Byte order of full paths is also Git's tree order (Git compares a tree name as if it ended
 * with `/`), so entries come out in the order Git lists them.
 */
import type { ByteString } from "../hg/byte-string.ts";
import type { Manifest } from "../hg/manifest.ts";

/** What a path is in a manifest: a file (its manifest index) or a directory (file range). */
export type TreeNode =
  | { kind: "blob"; path: ByteString; index: number }
  | { kind: "tree"; path: ByteString; start: number; end: number };

/** An entry of a directory listing. */
export interface TreeChild {
  kind: "blob" | "tree";
  /** Full path from the root. */
  path: ByteString;
  /** Last path segment. */
  name: ByteString;
  /** Manifest index of a blob (-1 for trees). */
  index: number;
  /**
   * Git's flat path: for a tree, the deepest directory containing all its files (chains of
   * single-directory trees collapsed); for a blob, its path.
   */
  flatPath: ByteString;
}

/** An entry of a recursive listing, in Git's `ls-tree -r -t` order. */
export interface TreeWalkEntry {
  kind: "blob" | "tree";
  /** Full path from the root. */
  path: ByteString;
  /** Manifest index of a blob (-1 for trees). */
  index: number;
}

/** Removes trailing slashes (Gitaly ignores them, even after file names). */
export function trimTreePath(path: ByteString): ByteString {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 0x2f) end--;
  return path.slice(0, end);
}

function prefixOf(dir: ByteString): ByteString {
  return dir === "" ? "" : `${dir}/`;
}

/** Index range of the files below directory `dir` (`""` is the root); empty if none. */
export function directoryRange(manifest: Manifest, dir: ByteString): [number, number] {
  if (dir === "") return [0, manifest.size];
  return [manifest.lowerBound(`${dir}/`), manifest.lowerBound(`${dir}0`)];
}

/** What `path` (no trailing slash; `""` for the root) is, or undefined if absent. */
export function lookupTreePath(manifest: Manifest, path: ByteString): TreeNode | undefined {
  if (path !== "") {
    const index = manifest.indexOf(path);
    if (index >= 0) return { kind: "blob", path, index };
  }
  const [start, end] = directoryRange(manifest, path);
  return start < end ? { kind: "tree", path, start, end } : undefined;
}

function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/**
 * Direct children of directory `dir` in Git order. Each subdirectory costs one binary search
 * (its flat path comes from its first and last file: sorted paths share what those two share).
 */
export function* directoryChildren(
  manifest: Manifest,
  dir: ByteString,
): Generator<TreeChild> {
  const prefix = prefixOf(dir);
  let [i, end] = directoryRange(manifest, dir);
  while (i < end) {
    const path = manifest.path(i);
    const slash = path.indexOf("/", prefix.length);
    if (slash < 0) {
      yield { kind: "blob", path, name: path.slice(prefix.length), index: i, flatPath: path };
      i++;
      continue;
    }
    const sub = path.slice(0, slash);
    const subEnd = manifest.lowerBound(`${sub}0`);
    const last = manifest.path(subEnd - 1);
    const common = commonPrefixLength(path, last);
    const flatPath = path.slice(0, path.lastIndexOf("/", common - 1));
    yield { kind: "tree", path: sub, name: sub.slice(prefix.length), index: -1, flatPath };
    i = subEnd;
  }
}

/**
 * Every entry below directory `dir`, trees included, each tree just before its contents
 * (Git's recursive listing order).
 */
export function* walkTree(manifest: Manifest, dir: ByteString): Generator<TreeWalkEntry> {
  const prefix = prefixOf(dir);
  const [start, end] = directoryRange(manifest, dir);
  // Directory part (with trailing slash) of the previous file, relative to the root.
  let previousDir = prefix;
  for (let i = start; i < end; i++) {
    const path = manifest.path(i);
    const currentDir = path.slice(0, path.lastIndexOf("/") + 1);
    if (currentDir !== previousDir) {
      // Directories shared with the previous file were already listed.
      const common = commonPrefixLength(previousDir, currentDir);
      let pos = Math.max(prefix.length, currentDir.lastIndexOf("/", common - 1) + 1);
      for (;;) {
        const slash = currentDir.indexOf("/", pos);
        if (slash < 0) break;
        yield { kind: "tree", path: currentDir.slice(0, slash), index: -1 };
        pos = slash + 1;
      }
      previousDir = currentDir;
    }
    yield { kind: "blob", path, index: i };
  }
}

/**
 * Size of the Git tree object of directory `dir`: per entry, mode, space, name, NUL and a
 * 20-byte id, i.e. 28 + name length for blobs (6-digit modes), 27 + name length for trees.
 */
export function treeObjectSize(manifest: Manifest, dir: ByteString): number {
  let size = 0;
  for (const child of directoryChildren(manifest, dir)) {
    size += (child.kind === "blob" ? 28 : 27) + child.name.length;
  }
  return size;
}
