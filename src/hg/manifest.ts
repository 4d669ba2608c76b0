/**
 * Flat manifests: one line per file, sorted by path, `path\0<40 hex node><flags>\n` where
 * flags are empty, `x` (executable), `l` (symlink) or `t` (tree, unused in flat manifests).
 *
 * A Manifest keeps the text as a byte string plus line offsets; entries are materialised on
 * demand so that manifests of tens of thousands of files are cheap to parse and share.
 */
import { bytesToByteString, type ByteString } from "./byte-string.ts";
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

/** A parsed flat manifest. */
export class Manifest {
  readonly #text: ByteString;
  /** Start of each line, plus the text length as sentinel. */
  readonly #starts: Uint32Array;
  /** Position of each line's NUL separator. */
  readonly #nuls: Uint32Array;
  #paths: ByteString[] | undefined;

  /** Parses a manifest text given as a byte string. */
  constructor(text: ByteString) {
    this.#text = text;
    let count = 0;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) count++;
    if (text.length > 0 && text[text.length - 1] !== "\n") {
      throw new CorruptionError("manifest text does not end with a newline");
    }
    const starts = new Uint32Array(count + 1);
    const nuls = new Uint32Array(count);
    let pos = 0;
    for (let k = 0; k < count; k++) {
      const nl = text.indexOf("\n", pos);
      const nul = text.indexOf("\0", pos);
      if (nul < 0 || nul > nl || nl - nul < 41) {
        throw new CorruptionError(`malformed manifest line ${k}`);
      }
      starts[k] = pos;
      nuls[k] = nul;
      pos = nl + 1;
    }
    starts[count] = text.length;
    this.#starts = starts;
    this.#nuls = nuls;
  }

  /** Number of files. */
  get size(): number {
    return this.#nuls.length;
  }

  /** Path of the i-th entry (entries are sorted by path bytes). */
  path(i: number): ByteString {
    return this.#text.slice(this.#starts[i], this.#nuls[i]);
  }

  /** Entry at index i. */
  entry(i: number): ManifestEntry {
    const nul = this.#nuls[i];
    return {
      node: this.#text.slice(nul + 1, nul + 41),
      flags: this.#text.slice(nul + 41, this.#starts[i + 1] - 1) as ManifestFlags,
    };
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

  /** Index of the first entry whose path is >= `path` (byte order). */
  lowerBound(path: ByteString): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.path(mid) < path) lo = mid + 1;
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
    return this.#text.length + this.size * 8;
  }
}

const EMPTY_MANIFEST = new Manifest("");

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
      m = new Manifest(bytesToByteString(this.revision(rev)));
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
