/**
 * How Python sees Mercurial's byte names once decoded with the filesystem encoding (UTF-8
 * with `surrogateescape`): every well-formed UTF-8 sequence is one character, every other
 * byte one (surrogate) character. Archive writers inherit the consequences: ASCII fields with
 * `?` for each non-ASCII character, and whether a name is valid UTF-8.
 */

/** Length of the well-formed UTF-8 sequence starting at `i`, or 0 if none starts there. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i];
  if (b0 < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) =>
    i + k < bytes.length && bytes[i + k] >= lo && bytes[i + k] <= hi;
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const lo = b0 === 0xe0 ? 0xa0 : 0x80;
    const hi = b0 === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const lo = b0 === 0xf0 ? 0x90 : 0x80;
    const hi = b0 === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** True when `bytes` is entirely well-formed UTF-8. */
export function isUtf8(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length;) {
    const n = utf8SequenceLength(bytes, i);
    if (n === 0) return false;
    i += n;
  }
  return true;
}

/** Python's `name.encode("ascii", "replace")` of the decoded name: `?` per non-ASCII char. */
export function pyAsciiReplace(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < bytes.length;) {
    const n = utf8SequenceLength(bytes, i) || 1;
    out.push(n === 1 && bytes[i] < 0x80 ? bytes[i] : 0x3f);
    i += n;
  }
  return Uint8Array.from(out);
}
