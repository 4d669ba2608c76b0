/**
 * Read-only access to a revlog (`hg help internals.revlogs`): index, node lookups and full
 * text reconstruction through delta chains.
 *
 * A Revlog is a snapshot: its length is fixed when it is opened and later appends are not
 * seen. Reopening an unchanged file reuses the cached parsed index.
 */
import { CorruptionError } from "./errors.ts";
import { LruCache } from "./lru-cache.ts";
import { applyDeltas } from "./mpatch.ts";
import { NULL_REV } from "./node.ts";
import { readRange, readRangePieces } from "./positioned-read.ts";
import { decompressChunk } from "./revlog-chunk.ts";
import { isStreamableHeader } from "./revlog-chunk-stream.ts";
import { loadRevlogSnapshot } from "./revlog-index-cache.ts";
import { REVIDX_ISCENSORED, RevlogIndex } from "./revlog-index.ts";
import { revlogTextCache, textKey } from "./revlog-text-cache.ts";

const EMPTY = new Uint8Array(0);
/** Largest gap between chunks of a chain read in a single positioned read. */
const MAX_READ_GAP = 64 * 1024;
/**
 * Data files are read by aligned blocks of this size once reads look sequential (near the
 * previous block), so neighbour revisions cost no I/O.
 */
const READ_BLOCK = 64 * 1024;
/** Alignment of isolated reads: random access must not pay for a whole READ_BLOCK. */
const SMALL_BLOCK = 4 * 1024;
/** Number of deltas applied between two cached intermediate texts of a long chain. */
const CHAIN_STEP = 64;
/** Reads larger than this are not kept as the last read block. */
const MAX_CACHED_READ = 1024 * 1024;

/** Memory kept by the last-block cache, process-wide (about 256 sequential read blocks). */
const LAST_READ_BUDGET = 16 * 1024 * 1024;
/**
 * The last block read from the data file of recently read index snapshots (append-only: never
 * stale). Bounded: thousands of filelog snapshots must not each keep a block alive.
 */
const lastRead = new LruCache<RevlogIndex, { start: number; bytes: Uint8Array }>(
  LAST_READ_BUDGET,
  (block) => block.bytes.length,
);

/** Options of Revlog.revision. */
export interface RevisionOptions {
  /**
   * Keep the text (and intermediate texts of its delta chain) in the process-wide text cache;
   * default true. Walks reading each revision once (archives) pass false, so that they do not
   * fill the cache with texts nobody reads again.
   */
  cache?: boolean;
}

/** A revlog snapshot. */
export class Revlog {
  /** Path of the `.i` file. */
  readonly indexPath: string;
  /** Path of the `.d` file (used only when the revlog is not inline). */
  readonly dataPath: string;
  /**
   * Content of an inline revlog's `.i` file, read when the index was parsed or on the first
   * chunk read (the cached index keeps no data). It lives only as long as this snapshot
   * object, not in a process-wide cache.
   */
  #inlineBytes: Uint8Array | undefined;
  /** The shared parsed index snapshot. */
  readonly index: RevlogIndex;
  /** Number of revisions in this snapshot. */
  readonly length: number;

  /** Opens the revlog whose index is `indexPath` (a missing file is an empty revlog). */
  constructor(indexPath: string, dataPath?: string) {
    this.indexPath = indexPath;
    this.dataPath = dataPath ?? indexPath.replace(/\.i$/, ".d");
    const { index, fileBytes } = loadRevlogSnapshot(indexPath);
    this.index = index;
    this.length = index.length;
    this.#inlineBytes = index.inline ? fileBytes : undefined;
  }

  /** Hex node of `rev` (NULL_NODE for -1). */
  node(rev: number): string {
    return this.index.node(rev);
  }

  /** Revision of a full hex node (-1 for the null node), undefined if absent. */
  rev(node: string): number | undefined {
    return this.index.rev(node);
  }

  /** True if `node` (full hex) is in this snapshot or is the null node. */
  hasNode(node: string): boolean {
    return this.index.rev(node) !== undefined;
  }

  /** Parent revisions of `rev` ([-1, -1] for the null revision). */
  parents(rev: number): [number, number] {
    if (rev === NULL_REV) return [NULL_REV, NULL_REV];
    return [this.index.p1(rev), this.index.p2(rev)];
  }

  /** Changelog revision that introduced `rev`. */
  linkrev(rev: number): number {
    if (rev === NULL_REV) return NULL_REV;
    return this.index.linkrev(rev);
  }

  /** Revision flags (REVIDX_* in revlog-index.ts). */
  flags(rev: number): number {
    if (rev === NULL_REV) return 0;
    return this.index.flags(rev);
  }

  /** True if the revision's content was censored. */
  isCensored(rev: number): boolean {
    return (this.flags(rev) & REVIDX_ISCENSORED) !== 0;
  }

  /** Length of the full raw text of `rev` (without reading it). */
  rawSize(rev: number): number {
    if (rev === NULL_REV) return 0;
    return this.index.uncompressedLength(rev);
  }

  /** The revision `rev` is stored as a delta against (-1 for a full text). */
  deltaParent(rev: number): number {
    const base = this.index.baseRev(rev);
    if (base === rev) return NULL_REV;
    return this.index.generalDelta ? base : rev - 1;
  }

  /** Revision of the unique node starting with `hexPrefix`, "ambiguous", or undefined. */
  lookupPrefix(hexPrefix: string): number | "ambiguous" | undefined {
    return this.index.lookupPrefix(hexPrefix);
  }

  /** Full raw text of `rev` (treat as read-only: it may be shared with a cache). */
  revision(rev: number, options?: RevisionOptions): Uint8Array {
    if (rev === NULL_REV) return EMPTY;
    const keep = options?.cache ?? true;
    const index = this.index;
    const cached = revlogTextCache.get(textKey(index.id, rev));
    if (cached) return cached;

    // Walk the delta chain back to a full text, or to a revision whose text is cached.
    const chain: number[] = [];
    let base: Uint8Array | undefined;
    let r = rev;
    for (;;) {
      if (r !== rev) {
        const hit = revlogTextCache.get(textKey(index.id, r));
        if (hit) {
          base = hit;
          break;
        }
      }
      chain.push(r);
      const b = index.baseRev(r);
      if (b === r) break;
      const next = index.generalDelta ? b : r - 1;
      if (next === NULL_REV) {
        base = EMPTY;
        break;
      }
      if (next < 0 || next >= r) throw new CorruptionError(`bad delta base for rev ${r}`);
      r = next;
    }
    chain.reverse();

    const chunks = this.#readChunks(chain);
    let text = base ?? decompressChunk(chunks[0], index.uncompressedLength(chain[0]));
    // Long chains are applied in steps whose intermediate texts are cached: neighbours (e.g.
    // the previous revision, read next when walking history backwards) then reuse them.
    for (let i = base ? 0 : 1; i < chain.length; i += CHAIN_STEP) {
      const end = Math.min(i + CHAIN_STEP, chain.length);
      text = applyDeltas(text, chunks.slice(i, end).map(decompressChunk));
      if (keep && end < chain.length) {
        revlogTextCache.set(textKey(index.id, chain[end - 1]), text);
      }
    }
    if (text.length !== index.uncompressedLength(rev)) {
      throw new CorruptionError(
        `${this.indexPath}: rev ${rev} has length ${text.length}, index says ` +
          `${index.uncompressedLength(rev)}`,
      );
    }
    if (keep) revlogTextCache.set(textKey(index.id, rev), text);
    return text;
  }

  /**
   * The stored chunk of `rev`, read in pieces of at most `pieceSize` bytes, when its raw text
   * is that chunk alone: a full snapshot (no delta), no revision flag (censored, external
   * storage...), a compression header `decompressChunkStream` knows. Undefined otherwise, and
   * when the text is already in the text cache (reading it from there is cheaper); callers then
   * use `revision`. Only the chunk's byte range of the data file is read, when iterated.
   */
  fullTextChunkPieces(rev: number, pieceSize: number): AsyncGenerator<Uint8Array> | undefined {
    if (rev === NULL_REV || rev < 0 || rev >= this.length) return undefined;
    const index = this.index;
    if (index.baseRev(rev) !== rev || index.flags(rev) !== 0) return undefined;
    const length = index.compressedLength(rev);
    if (length === 0 || revlogTextCache.get(textKey(index.id, rev)) !== undefined) {
      return undefined;
    }
    const start = index.chunkPosition(rev);
    if (index.inline) {
      const chunk = this.#inlineData().subarray(start, start + length);
      if (!isStreamableHeader(chunk[0])) return undefined;
      return (async function* () {
        for (let at = 0; at < length; at += pieceSize) yield chunk.subarray(at, at + pieceSize);
      })();
    }
    if (!isStreamableHeader(this.#readData(start, 1)[0])) return undefined;
    return readRangePieces(this.dataPath, start, length, pieceSize);
  }

  /** Bytes `[start, start + length)` of the data file, through the last-block cache. */
  #readData(start: number, length: number): Uint8Array {
    const index = this.index;
    const cached = lastRead.get(index);
    if (cached && start >= cached.start && start + length <= cached.start + cached.bytes.length) {
      return cached.bytes.subarray(start - cached.start, start - cached.start + length);
    }
    if (length > MAX_CACHED_READ) return readRange(this.dataPath, start, length, length, index);
    // Bytes past the snapshot may be read here; only ranges of snapshot revisions are used.
    const near = cached !== undefined && start + length >= cached.start - READ_BLOCK &&
      start <= cached.start + cached.bytes.length + READ_BLOCK;
    const block = near ? READ_BLOCK : SMALL_BLOCK;
    const blockStart = Math.floor(start / block) * block;
    const blockEnd = Math.ceil((start + length) / block) * block;
    const bytes = readRange(
      this.dataPath,
      blockStart,
      start + length - blockStart,
      blockEnd - blockStart,
      index,
    );
    lastRead.set(index, { start: blockStart, bytes });
    return bytes.subarray(start - blockStart, start - blockStart + length);
  }

  /**
   * The `.i` file of an inline revlog whose index came from the cache. The file is checked to
   * still extend this snapshot: hg may have rewritten it since (an inline revlog growing past
   * 128 KiB is split into `.i` + `.d`), and positions of this snapshot would then point at
   * other bytes.
   */
  #inlineData(): Uint8Array {
    if (this.#inlineBytes !== undefined) return this.#inlineBytes;
    let bytes: Uint8Array;
    try {
      bytes = Deno.readFileSync(this.indexPath);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
      bytes = new Uint8Array(0);
    }
    const current = new RevlogIndex(bytes);
    if (!current.inline || !this.index.isPrefixOf(current)) {
      throw new CorruptionError(
        `${this.indexPath} was rewritten since this snapshot was opened (retry the request)`,
      );
    }
    this.#inlineBytes = bytes;
    return bytes;
  }

  /** Raw stored chunks of `revs` (ascending), compression header included. */
  #readChunks(revs: number[]): Uint8Array[] {
    const index = this.index;
    if (index.inline) {
      const data = this.#inlineData();
      return revs.map((r) => {
        const start = index.chunkPosition(r);
        return data.subarray(start, start + index.compressedLength(r));
      });
    }
    // Group chunks that are close to each other in the data file into single reads.
    const out: Uint8Array[] = [];
    let i = 0;
    while (i < revs.length) {
      const start = index.chunkPosition(revs[i]);
      let end = start + index.compressedLength(revs[i]);
      let j = i + 1;
      while (j < revs.length) {
        const s = index.chunkPosition(revs[j]);
        if (s < end || s - end > MAX_READ_GAP) break;
        end = s + index.compressedLength(revs[j]);
        j++;
      }
      const buf = this.#readData(start, end - start);
      for (let k = i; k < j; k++) {
        const s = index.chunkPosition(revs[k]) - start;
        out.push(buf.subarray(s, s + index.compressedLength(revs[k])));
      }
      i = j;
    }
    return out;
  }
}
