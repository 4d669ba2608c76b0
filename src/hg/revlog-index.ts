/**
 * Parsed revlog v1 index (`hg help internals.revlogs`).
 *
 * Each entry is 64 bytes, big-endian: offset (6 bytes) + flags (2), compressed length (4),
 * uncompressed length (4), delta base rev (4), link rev (4), p1 (4), p2 (4), node (20 + 12
 * padding). The first 4 bytes of entry 0 hold the version header instead of the offset's high
 * bytes. Inline revlogs interleave each entry with its data chunk in the `.i` file.
 *
 * Instances are immutable snapshots shared by every Revlog opened on the same file identity;
 * lazily built lookup structures are kept here so they are reused across requests. Only the
 * entries are kept: an inline revlog's data chunks are copied out of (not referenced in) the
 * index, so that caching the index of a filelog read once does not keep its data alive.
 */
import { Buffer } from "node:buffer";
import { CorruptionError, UnsupportedRequirementError } from "./errors.ts";
import { bytesToHex, hexToBytes, NULL_NODE, NULL_REV } from "./node.ts";

/** Flag in the version header: data chunks are stored inline in the index file. */
export const FLAG_INLINE_DATA = 1 << 16;
/** Flag in the version header: delta bases are arbitrary revisions (generaldelta). */
export const FLAG_GENERALDELTA = 1 << 17;
/** Size of a v1 index entry. */
export const INDEX_ENTRY_SIZE = 64;

/** Revision flag: the revision content was censored. */
export const REVIDX_ISCENSORED = 1 << 15;
/** Revision flag: the revision is an ellipsis node (narrow clones). */
export const REVIDX_ELLIPSIS = 1 << 14;
/** Revision flag: the content is stored externally (lfs). */
export const REVIDX_EXTSTORED = 1 << 13;
/** Revision flag: the changeset has copy information in sidedata. */
export const REVIDX_HASCOPIESINFO = 1 << 12;

let nextId = 0;

/**
 * Node lookup structures shared by successive snapshots of the same append-only file: a
 * snapshot only extends them and filters results by its own length.
 */
interface NodeTables {
  /** Hex nodes by revision, filled lazily. */
  nodes: (string | undefined)[];
  /** Hex node to revision, holding revisions `[0, mapped)`. */
  map: Map<string, number>;
  mapped: number;
  /** Lookups answered by scanning the index instead of building the map. */
  scans: number;
}

/**
 * The first lookups in a large unmapped range scan the binary nodes (a 20k-revision index in
 * well under a millisecond) instead of building the hex node map (tens of milliseconds), which
 * is built only once lookups turn out to be frequent.
 */
const MAX_SCANS = 8;
/** Unmapped ranges shorter than this are added to the map directly. */
const MIN_SCAN_RANGE = 1024;
const HEX_NODE = /^[0-9a-f]{40}$/;

/** An immutable snapshot of a revlog index file. */
export class RevlogIndex {
  /** Unique id of this snapshot (used to key caches of texts). */
  readonly id: number;
  /** Number of complete entries. */
  readonly length: number;
  /** Data is inline in the index file. */
  readonly inline: boolean;
  /** Delta bases are given by the base field (else the previous revision). */
  readonly generalDelta: boolean;
  /**
   * The entries, 64 bytes each, back to back: the index file itself for a split revlog, a
   * compact copy of the entries (without the interleaved data) for an inline one.
   */
  readonly entries: Uint8Array;
  readonly #view: DataView;
  /** Position of each revision's chunk in the `.i` file, only for inline revlogs. */
  readonly #chunkStarts: Float64Array | undefined;
  readonly #tables: NodeTables;

  /**
   * Parses `data`, the content of an index file (possibly empty); `data` is not retained when
   * the revlog is inline. When `previous` is an older snapshot of the same file whose entries
   * are a prefix of this one's, node lookup tables are shared.
   */
  constructor(data: Uint8Array, previous?: RevlogIndex) {
    this.id = nextId++;
    const parsed = parseEntries(data);
    this.inline = parsed.inline;
    this.generalDelta = parsed.generalDelta;
    this.length = parsed.length;
    this.entries = parsed.entries;
    this.#chunkStarts = parsed.chunkStarts;
    this.#view = new DataView(
      this.entries.buffer,
      this.entries.byteOffset,
      this.entries.byteLength,
    );
    this.#tables = previous && extendsData(previous.entries, this.entries)
      ? previous.#tables
      : { nodes: [], map: new Map(), mapped: 0, scans: 0 };
  }

  #entry(rev: number): number {
    if (!(rev >= 0 && rev < this.length)) {
      throw new RangeError(`revision ${rev} out of range (revlog length ${this.length})`);
    }
    return rev * INDEX_ENTRY_SIZE;
  }

  /** Offset of the revision's chunk in the data (not counting inline index entries). */
  dataOffset(rev: number): number {
    if (rev === 0) return 0;
    const e = this.#entry(rev);
    return this.#view.getUint32(e) * 0x10000 + this.#view.getUint16(e + 4);
  }

  /** Position of the revision's chunk in its file (`.i` when inline, else `.d`). */
  chunkPosition(rev: number): number {
    if (this.#chunkStarts === undefined) return this.dataOffset(rev);
    this.#entry(rev); // range check
    return this.#chunkStarts[rev];
  }

  /** Revision flags (REVIDX_*). */
  flags(rev: number): number {
    return this.#view.getUint16(this.#entry(rev) + 6);
  }

  /** Length of the stored chunk. */
  compressedLength(rev: number): number {
    return this.#view.getInt32(this.#entry(rev) + 8);
  }

  /** Length of the full raw text. */
  uncompressedLength(rev: number): number {
    return this.#view.getInt32(this.#entry(rev) + 12);
  }

  /** The base field: the delta parent (generaldelta) or start of the chain; itself if full. */
  baseRev(rev: number): number {
    return this.#view.getInt32(this.#entry(rev) + 16);
  }

  /** The changelog revision that introduced this revision. */
  linkrev(rev: number): number {
    return this.#view.getInt32(this.#entry(rev) + 20);
  }

  /** First parent revision (-1 for none). */
  p1(rev: number): number {
    return this.#view.getInt32(this.#entry(rev) + 24);
  }

  /** Second parent revision (-1 for none). */
  p2(rev: number): number {
    return this.#view.getInt32(this.#entry(rev) + 28);
  }

  /** Binary node of `rev` (a view, do not modify). */
  nodeBytes(rev: number): Uint8Array {
    const e = this.#entry(rev) + 32;
    return this.entries.subarray(e, e + 20);
  }

  /** Hex node of `rev`; NULL_NODE for -1. */
  node(rev: number): string {
    if (rev === NULL_REV) return NULL_NODE;
    const e = this.#entry(rev) + 32;
    return (this.#tables.nodes[rev] ??= bytesToHex(this.entries, e, e + 20));
  }

  /** Revision of a full hex node, -1 for the null node, undefined if absent. */
  rev(node: string): number | undefined {
    if (node === NULL_NODE) return NULL_REV;
    const tables = this.#tables;
    const key = node.length === 40 ? node.toLowerCase() : node;
    if (tables.mapped < this.length) {
      if (this.length - tables.mapped >= MIN_SCAN_RANGE && tables.scans < MAX_SCANS) {
        tables.scans++;
        const mapped = tables.map.get(key);
        if (mapped !== undefined) return mapped < this.length ? mapped : undefined;
        return this.#scan(key, tables.mapped);
      }
      for (let r = tables.mapped; r < this.length; r++) tables.map.set(this.node(r), r);
      tables.mapped = this.length;
    }
    const rev = tables.map.get(key);
    return rev !== undefined && rev < this.length ? rev : undefined;
  }

  /** Revision of hex node `key` among revisions `[from, length)`, by comparing bytes. */
  #scan(key: string, from: number): number | undefined {
    if (!HEX_NODE.test(key)) return undefined;
    const want = hexToBytes(key);
    const data = this.entries;
    const first = want[0];
    for (let r = from; r < this.length; r++) {
      const e = r * INDEX_ENTRY_SIZE + 32;
      if (data[e] !== first) continue;
      let i = 1;
      while (i < 20 && data[e + i] === want[i]) i++;
      if (i === 20) return r;
    }
    return undefined;
  }

  /**
   * Revision whose hex node starts with `prefix`; "ambiguous" when several match (the null
   * node counts as a candidate, as in Mercurial), undefined when none or invalid hex.
   */
  lookupPrefix(prefix: string): number | "ambiguous" | undefined {
    prefix = prefix.toLowerCase();
    if (prefix.length === 0 || prefix.length > 40 || !/^[0-9a-f]+$/.test(prefix)) {
      return undefined;
    }
    if (prefix.length === 40) return this.rev(prefix);
    const even = prefix.length & ~1;
    const bytes = hexToBytes(prefix.slice(0, even));
    const half = prefix.length > even ? parseInt(prefix[even], 16) : -1;
    const halfIdx = even / 2;
    let found: number | undefined = NULL_NODE.startsWith(prefix) ? NULL_REV : undefined;
    const data = this.entries;
    for (let r = 0; r < this.length; r++) {
      const e = this.#entry(r) + 32;
      let ok = true;
      for (let i = 0; i < bytes.length; i++) {
        if (data[e + i] !== bytes[i]) {
          ok = false;
          break;
        }
      }
      if (ok && half >= 0 && data[e + halfIdx] >> 4 !== half) ok = false;
      if (ok) {
        if (found !== undefined) return "ambiguous";
        found = r;
      }
    }
    return found;
  }

  /** True if `other` (a snapshot of the same path) has all of this snapshot's entries. */
  isPrefixOf(other: RevlogIndex): boolean {
    return this.length === 0 ||
      (other.length >= this.length &&
        Buffer.compare(
            this.entries.subarray(0, this.length * INDEX_ENTRY_SIZE),
            other.entries.subarray(0, this.length * INDEX_ENTRY_SIZE),
          ) === 0);
  }

  /** Approximate memory held by this snapshot, for cache budgeting. */
  get weight(): number {
    // Counts the lazily built node strings and node map up front.
    return this.entries.length + (this.#chunkStarts ? 8 * this.length : 0) + this.length * 150;
  }
}

/** What the constructor keeps of an index file. */
interface ParsedEntries {
  inline: boolean;
  generalDelta: boolean;
  length: number;
  entries: Uint8Array;
  chunkStarts: Float64Array | undefined;
}

/** Reads the version header and locates the entries of index file content `data`. */
function parseEntries(data: Uint8Array): ParsedEntries {
  if (data.length < 4) {
    return { inline: false, generalDelta: false, length: 0, entries: data, chunkStarts: undefined };
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const header = view.getUint32(0);
  const version = header & 0xffff;
  if (version !== 1) {
    throw new UnsupportedRequirementError(
      version === 0 ? "revlogv0" : `revlog version ${version}`,
    );
  }
  if ((header & ~(FLAG_INLINE_DATA | FLAG_GENERALDELTA | 0xffff)) !== 0) {
    throw new CorruptionError(`unknown revlog flags in header 0x${header.toString(16)}`);
  }
  const generalDelta = (header & FLAG_GENERALDELTA) !== 0;
  if ((header & FLAG_INLINE_DATA) === 0) {
    const length = Math.floor(data.length / INDEX_ENTRY_SIZE);
    return { inline: false, generalDelta, length, entries: data, chunkStarts: undefined };
  }
  // Walk entries; a trailing entry whose data is not complete is not part of the snapshot.
  const positions: number[] = [];
  let pos = 0;
  while (pos + INDEX_ENTRY_SIZE <= data.length) {
    const chunkLength = view.getInt32(pos + 8);
    if (chunkLength < 0) throw new CorruptionError("negative chunk length in revlog index");
    const next = pos + INDEX_ENTRY_SIZE + chunkLength;
    if (next > data.length) break;
    positions.push(pos);
    pos = next;
  }
  const length = positions.length;
  const entries = new Uint8Array(length * INDEX_ENTRY_SIZE);
  const chunkStarts = new Float64Array(length);
  for (let r = 0; r < length; r++) {
    const at = positions[r];
    entries.set(data.subarray(at, at + INDEX_ENTRY_SIZE), r * INDEX_ENTRY_SIZE);
    chunkStarts[r] = at + INDEX_ENTRY_SIZE;
  }
  return { inline: true, generalDelta, length, entries, chunkStarts };
}

/** True if `data` starts with all of `old` (an append-only extension). */
function extendsData(old: Uint8Array, data: Uint8Array): boolean {
  if (data.length < old.length || old.length === 0) return false;
  return Buffer.compare(old, data.subarray(0, old.length)) === 0;
}
