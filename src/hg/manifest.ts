/**
 * Flat manifests: one line per file, sorted by path, `path\0<40 hex node><flags>\n` where
 * flags are empty, `x` (executable), `l` (symlink) or `t` (tree, unused in flat manifests).
 *
 * A Manifest keeps the raw text plus line offsets; paths and entries are materialised on
 * demand (lookups compare bytes) so manifests of tens of thousands of files are cheap to
 * parse and share.
 */
import { bytesToByteString, type ByteString, byteStringToBytes } from "./byte-string.ts";
import { CorruptionError } from "./errors.ts";
import { LruCache } from "./lru-cache.ts";
import { NULL_NODE, NULL_REV } from "./node.ts";
import { Revlog } from "./revlog.ts";

/** Flags of a manifest entry. */
export type ManifestFlags = "" | "x" | "l" | "t";

/** A file entry of a manifest. */
export interface ManifestEntry {
  /** Hex file node (filelog revision). */
  node: string;
  /** Entry flags. */
  flags: ManifestFlags;
}

/** Latin1 decoding of a short byte range (paths, hex nodes, flags). */
function latin1(bytes: Uint8Array, start: number, end: number): ByteString {
  return end - start <= 256
    ? String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[])
    : bytesToByteString(bytes, start, end);
}

/** A parsed flat manifest. */
export class Manifest {
  readonly #text: Uint8Array;
  /** Start of each line, plus the text length as sentinel. */
  readonly #starts: Uint32Array;
  /** Position of each line's NUL separator. */
  readonly #nuls: Uint32Array;
  #paths: ByteString[] | undefined;

  /** Parses a manifest text (kept by reference: it must not be modified afterwards). */
  constructor(text: Uint8Array) {
    this.#text = text;
    // Single pass exploiting the line layout: scan the path up to NUL, skip the 40 hex digits,
    // then the flags up to the newline. Lines are at least 42 bytes long.
    const len = text.length;
    const maxLines = Math.floor(len / 42) + 1;
    const starts = new Uint32Array(maxLines + 1);
    const nuls = new Uint32Array(maxLines);
    let pos = 0;
    let k = 0;
    while (pos < len) {
      let p = pos;
      while (p < len && text[p] !== 0) p++;
      if (p + 41 > len) throw new CorruptionError(`malformed manifest line ${k}`);
      starts[k] = pos;
      nuls[k] = p;
      p += 41;
      while (p < len && text[p] !== 0x0a) p++;
      if (p >= len) throw new CorruptionError(`manifest line ${k} does not end with a newline`);
      pos = p + 1;
      k++;
    }
    starts[k] = len;
    this.#starts = starts.slice(0, k + 1);
    this.#nuls = nuls.slice(0, k);
  }

  /** Number of files. */
  get size(): number {
    return this.#nuls.length;
  }

  /** Path of the i-th entry (entries are sorted by path bytes). */
  path(i: number): ByteString {
    if (this.#paths) return this.#paths[i];
    return latin1(this.#text, this.#starts[i], this.#nuls[i]);
  }

  /** Entry at index i. */
  entry(i: number): ManifestEntry {
    const nul = this.#nuls[i];
    const end = this.#starts[i + 1] - 1;
    return {
      node: latin1(this.#text, nul + 1, nul + 41),
      flags: (end > nul + 41 ? latin1(this.#text, nul + 41, end) : "") as ManifestFlags,
    };
  }

  /** Flags of entry i alone (no node string built: listings need only the mode). */
  flags(i: number): ManifestFlags {
    const nul = this.#nuls[i];
    const end = this.#starts[i + 1] - 1;
    return end > nul + 41 ? (String.fromCharCode(this.#text[nul + 41]) as ManifestFlags) : "";
  }

  /** All paths, sorted (the array is shared: do not modify). */
  paths(): readonly ByteString[] {
    if (!this.#paths) {
      const out = new Array<ByteString>(this.size);
      for (let i = 0; i < out.length; i++) out[i] = this.path(i);
      this.#paths = out;
    }
    return this.#paths;
  }

  /** Compares the path of entry i with `key` (bytes) in byte order. */
  #compare(i: number, key: Uint8Array): number {
    const text = this.#text;
    const start = this.#starts[i];
    const len = this.#nuls[i] - start;
    const n = Math.min(len, key.length);
    for (let k = 0; k < n; k++) {
      const d = text[start + k] - key[k];
      if (d !== 0) return d;
    }
    return len - key.length;
  }

  /** Index of the first entry whose path is >= `path` (byte order). */
  lowerBound(path: ByteString): number {
    const key = byteStringToBytes(path);
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#compare(mid, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of `path`, or -1. */
  indexOf(path: ByteString): number {
    const i = this.lowerBound(path);
    return i < this.size && this.path(i) === path ? i : -1;
  }

  /** Entry of `path`, if tracked. */
  get(path: ByteString): ManifestEntry | undefined {
    const i = this.indexOf(path);
    return i < 0 ? undefined : this.entry(i);
  }

  /** True if `path` is tracked. */
  has(path: ByteString): boolean {
    return this.indexOf(path) >= 0;
  }

  /** Iterates over `[path, entry]` in path order. */
  *entries(): IterableIterator<[ByteString, ManifestEntry]> {
    for (let i = 0; i < this.size; i++) yield [this.path(i), this.entry(i)];
  }

  /** Approximate memory footprint, for cache budgeting. */
  get weight(): number {
    return this.#text.length + this.size * 8 + (this.#paths ? this.#text.length : 0);
  }
}

const EMPTY_MANIFEST = new Manifest(new Uint8Array(0));

const manifestCache = new LruCache<string, Manifest>(128 * 1024 * 1024, (m) => m.weight);

/** Sets the memory budget (bytes) of the parsed manifest cache. */
export function setManifestCacheBudget(bytes: number): void {
  manifestCache.resize(bytes);
}

/** The manifest revlog (`00manifest.i`) of a store. */
export class ManifestLog extends Revlog {
  /** Opens the manifest revlog of the store at `storeDir`. */
  constructor(storeDir: string) {
    super(`${storeDir}/00manifest.i`);
  }

  /** Parsed manifest of revision `rev` (-1 gives the empty manifest). */
  readRev(rev: number): Manifest {
    if (rev === NULL_REV) return EMPTY_MANIFEST;
    const key = `${this.index.id}:${rev}`;
    let m = manifestCache.get(key);
    if (!m) {
      m = new Manifest(this.revision(rev));
      manifestCache.set(key, m);
    }
    return m;
  }

  /** Parsed manifest of hex node `node`; throws if unknown in this snapshot. */
  read(node: string): Manifest {
    if (node === NULL_NODE) return EMPTY_MANIFEST;
    const rev = this.rev(node);
    if (rev === undefined) throw new CorruptionError(`unknown manifest node ${node}`);
    return this.readRev(rev);
  }
}
