/**
 * Lines of two texts as small integers: equal lines (bytes including their terminating LF)
 * get equal ids, so the diff algorithm compares numbers instead of byte ranges. A last line
 * without LF differs from the same text with LF, as in Git.
 */
import { bytesToByteString } from "../../hg/byte-string.ts";

/** Line boundaries of a text: line i spans bytes `[starts[i], starts[i + 1])`. */
export function lineStarts(text: Uint8Array): Uint32Array {
  let count = 0;
  for (let i = 0; i < text.length; i++) if (text[i] === 0x0a) count++;
  const trailing = text.length > 0 && text[text.length - 1] !== 0x0a ? 1 : 0;
  const starts = new Uint32Array(count + trailing + 1);
  let k = 1;
  for (let i = 0; i < text.length; i++) if (text[i] === 0x0a) starts[k++] = i + 1;
  starts[starts.length - 1] = text.length;
  return starts;
}

/** Number of lines of a text (a last line without LF counts). */
export function lineCount(text: Uint8Array): number {
  return lineStarts(text).length - 1;
}

/** Both texts' lines as ids, plus their boundaries. */
export interface LineIds {
  /** Line ids of the old text. */
  a: Int32Array;
  /** Line ids of the new text. */
  b: Int32Array;
  /** Line boundaries of the old text (see lineStarts). */
  aStarts: Uint32Array;
  /** Line boundaries of the new text. */
  bStarts: Uint32Array;
}

/** Maps a line (bytes with its LF) to the key lines are compared by. */
export type LineKey = (line: string) => string;

function intern(
  text: Uint8Array,
  starts: Uint32Array,
  table: Map<string, number>,
  key?: LineKey,
): Int32Array {
  const ids = new Int32Array(starts.length - 1);
  const str = bytesToByteString(text);
  for (let i = 0; i < ids.length; i++) {
    const raw = str.slice(starts[i], starts[i + 1]);
    const line = key ? key(raw) : raw;
    let id = table.get(line);
    if (id === undefined) {
      id = table.size;
      table.set(line, id);
    }
    ids[i] = id;
  }
  return ids;
}

/**
 * Interns the lines of `a` and `b` into one id space; lines with equal `key` (default: the
 * line bytes themselves) get equal ids.
 */
export function lineIds(a: Uint8Array, b: Uint8Array, key?: LineKey): LineIds {
  const table = new Map<string, number>();
  const aStarts = lineStarts(a);
  const bStarts = lineStarts(b);
  return {
    a: intern(a, aStarts, table, key),
    b: intern(b, bStarts, table, key),
    aStarts,
    bStarts,
  };
}
