/**
 * Process-wide cache of parsed revlog indexes keyed by path and file identity, so that opening
 * the same unchanged repository again costs one stat per revlog. Any change to the file
 * (append, rewrite, replacement) changes its identity and yields a fresh snapshot. Cached
 * indexes hold entries only (never inline data chunks), and the cache is bounded by bytes.
 */
import { type FileIdentity, identityOf } from "./file-identity.ts";
import { LruCache } from "./lru-cache.ts";
import { RevlogIndex } from "./revlog-index.ts";

interface Entry {
  identity: FileIdentity;
  index: RevlogIndex;
}

const DEFAULT_BUDGET = 512 * 1024 * 1024;

const cache = new LruCache<string, Entry>(DEFAULT_BUDGET, (e) => e.index.weight);

const EMPTY = new RevlogIndex(new Uint8Array(0));

/** Sets the memory budget (bytes) of the index cache. */
export function setRevlogIndexCacheBudget(bytes: number): void {
  cache.resize(bytes);
}

/** Drops every cached index. */
export function clearRevlogIndexCache(): void {
  cache.clear();
}

/** An index snapshot, with the file content when it had to be read for it. */
export interface LoadedRevlogIndex {
  index: RevlogIndex;
  /**
   * The index file as read to parse it (absent when the index came from the cache). For an
   * inline revlog it holds the data chunks too, which the index itself does not keep.
   */
  fileBytes?: Uint8Array;
}

/** The current snapshot of the index file at `path` (an empty index if it does not exist). */
export function loadRevlogIndex(path: string): RevlogIndex {
  return loadRevlogSnapshot(path).index;
}

/** Like loadRevlogIndex, also handing over the file content when it was just read. */
export function loadRevlogSnapshot(path: string): LoadedRevlogIndex {
  let file: Deno.FsFile;
  try {
    file = Deno.openSync(path, { read: true });
  } catch (e) {
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotADirectory) {
      cache.delete(path);
      return { index: EMPTY };
    }
    throw e;
  }
  try {
    const info = file.statSync();
    const identity = identityOf(info);
    const cached = cache.get(path);
    if (cached && cached.identity === identity) return { index: cached.index };
    const fileBytes = readAll(file, info.size);
    const index = new RevlogIndex(fileBytes, cached?.index);
    cache.set(path, { identity, index });
    return { index, fileBytes };
  } finally {
    file.close();
  }
}

function readAll(file: Deno.FsFile, size: number): Uint8Array {
  // Reads at most `size` bytes (the size the identity was computed for): anything appended
  // afterwards belongs to a later snapshot.
  const buf = new Uint8Array(size);
  let off = 0;
  while (off < size) {
    const n = file.readSync(buf.subarray(off));
    if (n === null || n === 0) break;
    off += n;
  }
  return off === size ? buf : buf.subarray(0, off);
}
