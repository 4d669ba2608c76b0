/**
 * Reader of Mercurial's revision branch cache (`.hg/cache/rbc-names-v1` and `rbc-revs-v1`),
 * an accelerator giving the branch and close flag of a revision without reading the changeset.
 *
 * `rbc-names` holds the branch names separated by NUL bytes (append-only, so an index keeps
 * its meaning). `rbc-revs` is an array of 8-byte records indexed by revision: the first 4 bytes
 * of the changeset node, then a big-endian 32-bit word whose high bit is the close flag and the
 * other bits the index of the branch name. A record whose node prefix is zero is unset, one
 * whose prefix differs from the changeset's is stale; both are ignored.
 */
import { bytesToByteString, type ByteString } from "./byte-string.ts";
import { fileIdentity } from "./file-identity.ts";

const RECORD_SIZE = 8;
const CLOSE_FLAG = 0x80000000;
const INDEX_MASK = 0x7fffffff;

/** Branch facts a cache record gives. */
export interface CachedBranch {
  /** Named branch. */
  readonly branch: ByteString;
  /** True when the changeset closes its branch. */
  readonly closesBranch: boolean;
}

/** A loaded revision branch cache. */
export class RevBranchCache {
  readonly #names: readonly ByteString[];
  readonly #records: DataView;

  /** Wraps the names and the raw records. */
  constructor(names: readonly ByteString[], records: Uint8Array) {
    this.#names = names;
    this.#records = new DataView(records.buffer, records.byteOffset, records.byteLength);
  }

  /** Number of records (valid or not). */
  get length(): number {
    return Math.floor(this.#records.byteLength / RECORD_SIZE);
  }

  /** Branch facts of `rev` whose hex node is `node`, or undefined without a valid record. */
  lookup(rev: number, node: string): CachedBranch | undefined {
    if (rev < 0 || rev >= this.length) return undefined;
    const offset = rev * RECORD_SIZE;
    const prefix = this.#records.getUint32(offset);
    if (prefix === 0 || prefix !== parseInt(node.slice(0, 8), 16)) return undefined;
    const word = this.#records.getUint32(offset + 4);
    const branch = this.#names[word & INDEX_MASK];
    if (branch === undefined) return undefined;
    return { branch, closesBranch: (word & CLOSE_FLAG) !== 0 };
  }
}

function readOptional(path: string): Uint8Array | undefined {
  try {
    return Deno.readFileSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}

/**
 * Loads the cache from `cacheDir` (the `cache` directory of the repository owning the store),
 * or undefined when absent or when the names file changed while reading (hg rewrote it).
 */
export function readRevBranchCache(cacheDir: string): RevBranchCache | undefined {
  for (const version of ["v2", "v1"]) {
    const namesPath = `${cacheDir}/rbc-names-${version}`;
    const before = fileIdentity(namesPath);
    if (before === undefined) continue;
    const names = readOptional(namesPath);
    const records = readOptional(`${cacheDir}/rbc-revs-${version}`);
    if (names === undefined || records === undefined) return undefined;
    // hg removes the records before rewriting the names: a rewrite during our reads would
    // pair old names with new records.
    if (fileIdentity(namesPath) !== before) return undefined;
    const list = names.length === 0 ? [] : bytesToByteString(names).split("\0");
    return new RevBranchCache(list, records);
  }
  return undefined;
}
