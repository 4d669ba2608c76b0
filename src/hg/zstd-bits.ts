/**
 * What the parts of the zstd decoder share: its error, bit masks, and the conventions of the
 * backward bitstreams.
 *
 * Backward bitstreams (Huffman streams, FSE streams) are read from their last byte towards
 * their first, most significant bits first, after the padding marker (highest set bit of the
 * last byte). The hot loops inline the reading on locals: `c` holds the next `bits` bits in
 * its low bits, topped up byte by byte to at least 25 bits; bits past the start of the stream
 * read as zeros and are counted in `over`, so that `bits - over + 8 * (pos - start)`, the
 * bits left, turns negative when a stream is overread.
 */

/** The input is not a zstd stream this decoder can decode (corrupt, truncated, dictionary). */
export class ZstdFormatError extends Error {
  /** Creates the error with a message naming the problem. */
  constructor(message: string) {
    super(`zstd: ${message}`);
    this.name = "ZstdFormatError";
  }
}

/** Throws a ZstdFormatError with `message`. */
export function fail(message: string): never {
  throw new ZstdFormatError(message);
}

/** `MASK[n]` keeps the low n bits (n ≤ 24 where used). */
export const MASK = new Uint32Array(33);
for (let n = 1; n <= 32; n++) MASK[n] = n === 32 ? 0xffffffff : (1 << n) - 1;

/** Index of the highest set bit of `x` (> 0). */
export function highBit(x: number): number {
  return 31 - Math.clz32(x);
}
