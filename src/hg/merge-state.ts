/**
 * The in-progress merge state, `.hg/merge/state2`: records of one type byte, a big-endian uint32
 * length and the content. `L`/`O` hold the hex nodes of the local/other sides; file records
 * (`F`, `C`, `P`, legacy `D`, `R`) are `path\0state\0...` where state `u`/`pu` means unresolved.
 * A `t` record wraps another record whose type is its first content byte.
 */
import { bytesToByteString, type ByteString } from "./byte-string.ts";
import { CorruptionError } from "./errors.ts";

/** What repository views need from a merge state. */
export interface MergeState {
  /** Hex node of the local side, if recorded. */
  readonly local?: string;
  /** Hex node of the other side, if recorded. */
  readonly other?: string;
  /** Number of files still unresolved. */
  readonly unresolvedCount: number;
  /** True if a merge appears in progress (a local side or any file record). */
  readonly active: boolean;
}

const FILE_RECORDS = new Set(["F", "C", "P", "D", "R"]);
const UNRESOLVED = new Set(["u", "pu"]);

/** Parses `.hg/merge/state2`. */
export function parseMergeState(data: Uint8Array): MergeState {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const files = new Map<ByteString, ByteString>();
  let local: string | undefined;
  let other: string | undefined;
  let off = 0;
  while (off < data.length) {
    if (off + 5 > data.length) throw new CorruptionError("merge state truncated");
    let type = String.fromCharCode(data[off]);
    const length = view.getUint32(off + 1);
    const start = off + 5;
    off = start + length;
    if (off > data.length) throw new CorruptionError("merge state truncated");
    let record = bytesToByteString(data, start, off);
    if (type === "t") {
      type = record.slice(0, 1);
      record = record.slice(1);
    }
    if (type === "L") local = record;
    else if (type === "O") other = record;
    else if (FILE_RECORDS.has(type)) {
      const bits = record.split("\0");
      // State "o" is a deprecated marker stored elsewhere, not a file state.
      if (bits.length > 1 && bits[1] !== "o") files.set(bits[0], bits[1]);
    }
  }
  let unresolvedCount = 0;
  for (const state of files.values()) if (UNRESOLVED.has(state)) unresolvedCount++;
  return { local, other, unresolvedCount, active: Boolean(local) || files.size > 0 };
}
