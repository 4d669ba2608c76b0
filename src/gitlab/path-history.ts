/**
 * Which changesets touch a path, in Git pathspec terms: a path names a file or a directory
 * (everything under it), the empty path (or `.`) the whole tree. Answered from the cached
 * changed-files index of the repository.
 */
import type { ByteString } from "../hg/byte-string.ts";
import { type ChangedFilesIndex, changedFilesIndex } from "../hg/changed-files-index.ts";
import { LruCache } from "../hg/lru-cache.ts";
import type { Repository } from "../hg/repository.ts";

/** Normalises a request path: no leading `./` or `/`, no trailing `/`; `.` is the root (""). */
export function normalizePath(path: ByteString): ByteString {
  let p = path;
  while (p.startsWith("./")) p = p.slice(2);
  p = p.replace(/^\/+/, "").replace(/\/+$/, "");
  return p === "." ? "" : p;
}

/** The changed-files index of `repo` (covering at least its snapshot). */
export function repoChangedFiles(repo: Repository): ChangedFilesIndex {
  return changedFilesIndex(repo.hgDir, repo.changelog);
}

/** Path ids equal to one of `paths` or under one of them (as directories). */
export function matchingPathIds(index: ChangedFilesIndex, paths: readonly ByteString[]): number[] {
  const ids = new Set<number>();
  const dirs = paths.map((p) => p + "/");
  for (const p of paths) {
    const id = index.pathId(p);
    if (id !== undefined) ids.add(id);
  }
  index.paths.forEach((candidate, id) => {
    if (dirs.some((d) => candidate.startsWith(d))) ids.add(id);
  });
  return [...ids];
}

/** Recent path masks, keyed by repository, snapshot length and paths (weight: bytes). */
const maskCache = new LruCache<string, Uint8Array>(32 * 1024 * 1024, (m) => m.length + 64);

/**
 * Flags (1) of the revisions of `repo`'s snapshot touching one of `paths`; undefined when a
 * path is the root (no filtering). The result is shared with a cache: do not modify it.
 */
export function touchedRevsMask(
  repo: Repository,
  paths: readonly ByteString[],
): Uint8Array | undefined {
  const normalized = paths.map(normalizePath);
  if (normalized.length === 0 || normalized.includes("")) return undefined;
  const length = repo.changelog.length;
  const index = repoChangedFiles(repo);
  // Length and tip identify the history (a strip then new commits changes the tip).
  const tip = length > 0 ? repo.changelog.node(length - 1) : "";
  const key = `${repo.hgDir}\0${length}\0${tip}\0${normalized.join("\0")}`;
  const cached = maskCache.get(key);
  if (cached !== undefined) return cached;
  const mask = new Uint8Array(length);
  for (const id of matchingPathIds(index, normalized)) {
    for (const rev of index.revsOf(id)) {
      if (rev < length) mask[rev] = 1;
    }
  }
  maskCache.set(key, mask);
  return mask;
}
