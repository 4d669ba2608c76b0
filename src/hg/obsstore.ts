/**
 * The obsolescence marker store, `.hg/store/obsstore`.
 *
 * One version byte, then markers. Version 1 (current) markers: uint32 total size, float64 date,
 * int16 timezone in minutes, uint16 flags, uint8 successor count, uint8 parent count (3 means
 * "not recorded"), uint8 metadata count, the predecessor node, successor nodes, parent nodes,
 * (uint8 key size, uint8 value size) per metadata entry, then keys and values. Nodes are 20 bytes,
 * or 32 with the sha256 flag. Version 0 (legacy) markers: uint8 successor count, uint32 metadata
 * size, uint8 flags, 20-byte predecessor, successors, then NUL-separated `key:value` metadata in
 * which date and parents are stored. All integers are big-endian.
 */
import { bytesToByteString, type ByteString } from "./byte-string.ts";
import { CorruptionError } from "./errors.ts";
import { bytesToHex, NULL_NODE } from "./node.ts";

/** Marker flags. */
export const ObsFlag = {
  /** The marker fixes a phase-divergent changeset. */
  BUMPED_FIX: 1,
  /** Nodes are 32 bytes long. */
  USING_SHA256: 2,
} as const;

/** One obsolescence marker: `precursor` was rewritten into `successors` (none: pruned). */
export interface ObsMarker {
  /** Hex node of the rewritten changeset. */
  readonly precursor: string;
  /** Hex nodes of its replacements; empty for a prune. */
  readonly successors: readonly string[];
  /** Hex nodes of the precursor's parents, or null when not recorded. */
  readonly parents: readonly string[] | null;
  /** Bit field of {@link ObsFlag}. */
  readonly flags: number;
  /** Creation time, seconds since the epoch. */
  readonly date: number;
  /** Timezone offset of `date`, in seconds (Mercurial's convention, west of UTC). */
  readonly tzOffset: number;
  /** Metadata entries in stored order (e.g. `user`, `operation`). */
  readonly metadata: ReadonlyArray<readonly [ByteString, ByteString]>;
}

const V1_FIXED_SIZE = 19;
const V1_PARENTS_NONE = 3;
const V0_FIXED_SIZE = 26;

/** Parses a whole obsstore file; an empty file has no markers. */
export function parseObsstore(data: Uint8Array): ObsMarker[] {
  if (data.length === 0) return [];
  const version = data[0];
  const markers = version === 1
    ? parseV1(data)
    : version === 0
    ? parseV0(data)
    : unsupported(version);
  for (const m of markers) {
    if (m.successors.includes(NULL_NODE)) {
      throw new CorruptionError("bad obsolescence marker detected: invalid successors nullid");
    }
  }
  return markers;
}

function unsupported(version: number): never {
  throw new CorruptionError(`parsing obsolete marker: unknown version ${version}`);
}

function truncated(offset: number): never {
  throw new CorruptionError(`obsstore truncated at offset ${offset}`);
}

/**
 * The file as one hex string and one latin1 string: substrings of them are much cheaper than
 * converting each node and metadata entry separately.
 */
interface Decoded {
  readonly hex: string;
  readonly text: ByteString;
}

function decode(data: Uint8Array): Decoded {
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return { hex: buffer.toString("hex"), text: buffer.toString("latin1") };
}

function parseV1(data: Uint8Array): ObsMarker[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const { hex, text } = decode(data);
  const markers: ObsMarker[] = [];
  let off = 1;
  while (off < data.length) {
    if (off + V1_FIXED_SIZE > data.length) truncated(off);
    const size = view.getUint32(off);
    const end = off + size;
    if (size < V1_FIXED_SIZE || end > data.length) truncated(off);
    const date = view.getFloat64(off + 4);
    const tz = view.getInt16(off + 12);
    const flags = view.getUint16(off + 14);
    const nbSuccessors = data[off + 16];
    const nbParents = data[off + 17];
    const nbMeta = data[off + 18];
    const nodeSize = flags & ObsFlag.USING_SHA256 ? 32 : 20;
    const parentCount = nbParents === V1_PARENTS_NONE ? 0 : nbParents;
    let pos = off + V1_FIXED_SIZE;
    const nodesEnd = pos + nodeSize * (1 + nbSuccessors + parentCount) + 2 * nbMeta;
    if (nodesEnd > end) truncated(off);
    const nodes = (count: number): string[] => {
      const list: string[] = [];
      for (let i = 0; i < count; i++, pos += nodeSize) {
        list.push(hex.slice(2 * pos, 2 * (pos + nodeSize)));
      }
      return list;
    };
    const [precursor] = nodes(1);
    const successors = nodes(nbSuccessors);
    const parents = nbParents === V1_PARENTS_NONE ? null : nodes(parentCount);
    const sizes = pos;
    pos += 2 * nbMeta;
    const metadata: [ByteString, ByteString][] = [];
    for (let i = 0; i < nbMeta; i++) {
      const keyEnd = pos + data[sizes + 2 * i];
      const valueEnd = keyEnd + data[sizes + 2 * i + 1];
      if (valueEnd > end) truncated(off);
      metadata.push([text.slice(pos, keyEnd), text.slice(keyEnd, valueEnd)]);
      pos = valueEnd;
    }
    markers.push({ precursor, successors, parents, flags, date, tzOffset: tz * 60, metadata });
    off = end;
  }
  return markers;
}

function parseV0(data: Uint8Array): ObsMarker[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const markers: ObsMarker[] = [];
  let off = 1;
  while (off < data.length) {
    if (off + V0_FIXED_SIZE > data.length) truncated(off);
    const nbSuccessors = data[off];
    const metaSize = view.getUint32(off + 1);
    const flags = data[off + 5];
    const precursor = bytesToHex(data, off + 6, off + 26);
    let pos = off + V0_FIXED_SIZE;
    if (pos + 20 * nbSuccessors + metaSize > data.length) truncated(off);
    const successors: string[] = [];
    for (let i = 0; i < nbSuccessors; i++, pos += 20) {
      successors.push(bytesToHex(data, pos, pos + 20));
    }
    const meta = decodeV0Metadata(bytesToByteString(data, pos, pos + metaSize));
    off = pos + metaSize;
    const [date, tzOffset] = takeV0Date(meta);
    const parents = takeV0Parents(meta);
    const metadata = [...meta].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    markers.push({ precursor, successors, parents, flags, date, tzOffset, metadata });
  }
  return markers;
}

function decodeV0Metadata(raw: ByteString): Map<ByteString, ByteString> {
  const meta = new Map<ByteString, ByteString>();
  for (const entry of raw.split("\0")) {
    if (entry === "") continue;
    const colon = entry.indexOf(":");
    if (colon < 0) throw new CorruptionError(`malformed obsstore metadata entry`);
    meta.set(entry.slice(0, colon), entry.slice(colon + 1));
  }
  return meta;
}

function takeV0Date(meta: Map<ByteString, ByteString>): [number, number] {
  const raw = meta.get("date") ?? "0 0";
  meta.delete("date");
  const parts = raw.split(" ");
  const date = Number(parts[0]);
  const tz = Number(parts[1]);
  if (parts.length !== 2 || !Number.isFinite(date) || !Number.isInteger(tz)) return [0, 0];
  return [date, tz];
}

function takeV0Parents(meta: Map<ByteString, ByteString>): string[] | null {
  let raw: (ByteString | undefined)[];
  if (meta.has("p2")) raw = [meta.get("p1"), meta.get("p2")];
  else if (meta.has("p1")) raw = [meta.get("p1")];
  else if (meta.has("p0")) return [];
  else return null;
  // Mercurial drops p1/p2 from the metadata even when their content is unusable.
  meta.delete("p1");
  meta.delete("p2");
  const parents = raw.map((p) => p?.toLowerCase());
  return parents.every((p): p is string => p !== undefined && /^[0-9a-f]{40}$/.test(p))
    ? parents
    : null;
}
