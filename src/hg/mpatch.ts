/**
 * Binary delta application (Mercurial "mpatch" format).
 *
 * A delta is a sequence of hunks `start:u32be end:u32be length:u32be data[length]`, sorted and
 * non-overlapping, each replacing bytes `[start, end)` of the previous text with `data`.
 *
 * A chain of deltas is applied on a list of fragments (views on the base text and the delta
 * buffers) so that each intermediate text is never materialised: cost is proportional to the
 * number of fragments and hunks, not to text size times chain length.
 */
import { concatBytes } from "./concat-bytes.ts";
import { CorruptionError } from "./errors.ts";

/** Applies `deltas` in order on `base` and returns the resulting text. */
export function applyDeltas(base: Uint8Array, deltas: readonly Uint8Array[]): Uint8Array {
  if (deltas.length === 0) return base;
  let frags: Uint8Array[] = base.length > 0 ? [base] : [];
  for (const delta of deltas) frags = applyOnFragments(frags, delta);
  return concatBytes(frags);
}

/** Applies one delta on `base`. */
export function applyDelta(base: Uint8Array, delta: Uint8Array): Uint8Array {
  return applyDeltas(base, [delta]);
}

function applyOnFragments(frags: Uint8Array[], delta: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let fi = 0; // current fragment
  let fOff = 0; // offset inside the current fragment
  let pos = 0; // position in the old text

  const advance = (n: number, keep: boolean) => {
    while (n > 0) {
      if (fi >= frags.length) throw new CorruptionError("mpatch: hunk beyond end of text");
      const f = frags[fi];
      const avail = f.length - fOff;
      if (avail <= n) {
        if (keep) out.push(fOff === 0 ? f : f.subarray(fOff));
        n -= avail;
        fi++;
        fOff = 0;
      } else {
        if (keep) out.push(f.subarray(fOff, fOff + n));
        fOff += n;
        n = 0;
      }
    }
  };

  const view = new DataView(delta.buffer, delta.byteOffset, delta.byteLength);
  let p = 0;
  while (p < delta.length) {
    if (p + 12 > delta.length) throw new CorruptionError("mpatch: truncated hunk header");
    const start = view.getUint32(p);
    const end = view.getUint32(p + 4);
    const len = view.getUint32(p + 8);
    p += 12;
    if (start < pos || end < start || p + len > delta.length) {
      throw new CorruptionError("mpatch: invalid hunk");
    }
    advance(start - pos, true);
    advance(end - start, false);
    pos = end;
    if (len > 0) out.push(delta.subarray(p, p + len));
    p += len;
  }
  if (fi < frags.length) {
    out.push(fOff === 0 ? frags[fi] : frags[fi].subarray(fOff));
    for (fi++; fi < frags.length; fi++) out.push(frags[fi]);
  }
  return out;
}
