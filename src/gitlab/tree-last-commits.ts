/**
 * The last commits of paths: for one path (file or directory), the latest changeset among the
 * ancestors of a starting changeset whose changed files touch it; for the entries of a
 * directory, the same for every entry in a single walk that stops once all are found.
 */
import type { ByteString } from "../hg/byte-string.ts";
import { repoGraph } from "../hg/repo-state.ts";
import type { Repository } from "../hg/repository.ts";
import { walkRevs } from "./commit-walk.ts";
import { normalizePath, repoChangedFiles, touchedRevsMask } from "./path-history.ts";

/** A directory entry: its full path and whether it is a directory. */
export interface DirectoryEntry {
  /** Path from the repository root. */
  path: ByteString;
  /** True for a subdirectory (tree). */
  isDir: boolean;
}

/** Latest revision touching `path` among `start` and its ancestors, undefined if none. */
export function lastCommitForPath(
  repo: Repository,
  start: number,
  path: ByteString,
): number | undefined {
  const touched = touchedRevsMask(repo, [path]);
  if (touched === undefined) return start;
  for (const rev of walkRevs(repoGraph(repo), { include: [start] })) {
    if (touched[rev] === 1) return rev;
  }
  return undefined;
}

/**
 * Entries of directory `dir` in changeset `start` (trees first, then blobs, each sorted by
 * name, as Gitaly lists them). A file path gives that file alone.
 */
export function directoryEntries(
  repo: Repository,
  start: number,
  dir: ByteString,
): DirectoryEntry[] {
  const manifest = repo.manifest(repo.changelog.read(start).manifestNode);
  const base = normalizePath(dir);
  if (base !== "" && manifest.has(base)) return [{ path: base, isDir: false }];
  const prefix = base === "" ? "" : `${base}/`;
  const dirs: DirectoryEntry[] = [];
  const files: DirectoryEntry[] = [];
  for (let i = manifest.lowerBound(prefix); i < manifest.size; i++) {
    const path = manifest.path(i);
    if (!path.startsWith(prefix)) break;
    const slash = path.indexOf("/", prefix.length);
    if (slash < 0) files.push({ path, isDir: false });
    else {
      const sub = path.slice(0, slash);
      if (dirs.length === 0 || dirs[dirs.length - 1].path !== sub) {
        dirs.push({ path: sub, isDir: true });
      }
    }
  }
  // Manifest order sorts directories by `name/`, which is Git's tree order for trees.
  return [...dirs, ...files];
}

/**
 * For each entry, the latest revision among `start` and its ancestors touching it (in the
 * order of `entries`; undefined for none).
 */
export function lastCommitsForEntries(
  repo: Repository,
  start: number,
  entries: readonly DirectoryEntry[],
): (number | undefined)[] {
  const result: (number | undefined)[] = entries.map(() => undefined);
  if (entries.length === 0) return result;
  const index = repoChangedFiles(repo);
  const byPath = new Map(entries.map((e, i) => [e.path, i]));
  // Entry index of a changed file's path id (-1: not under any entry), computed once per id.
  const entryOf = new Map<number, number>();
  const lookup = (id: number): number => {
    let found = entryOf.get(id);
    if (found !== undefined) return found;
    found = -1;
    const path = index.paths[id];
    for (let cut = path.length; cut > 0; cut = path.lastIndexOf("/", cut - 1)) {
      const i = byPath.get(path.slice(0, cut));
      if (i !== undefined && (cut === path.length || entries[i].isDir)) {
        found = i;
        break;
      }
    }
    entryOf.set(id, found);
    return found;
  };
  let missing = entries.length;
  for (const rev of walkRevs(repoGraph(repo), { include: [start] })) {
    for (const id of index.filesOf(rev)) {
      const i = lookup(id);
      if (i >= 0 && result[i] === undefined) {
        result[i] = rev;
        if (--missing === 0) return result;
      }
    }
  }
  return result;
}
