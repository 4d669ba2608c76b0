/** Reading byte ranges of files without loading them wholly. */
import { CorruptionError } from "./errors.ts";

/**
 * Reads from `position` of the file at `path` at least `minLength` bytes (else throws
 * CorruptionError) and at most `maxLength` (default `minLength`), stopping early at EOF.
 */
export function readRange(
  path: string,
  position: number,
  minLength: number,
  maxLength = minLength,
): Uint8Array {
  const buf = new Uint8Array(Math.max(minLength, maxLength));
  if (buf.length === 0) return buf;
  const file = Deno.openSync(path, { read: true });
  let off = 0;
  try {
    file.seekSync(position, Deno.SeekMode.Start);
    while (off < buf.length) {
      const n = file.readSync(buf.subarray(off));
      if (n === null || n === 0) break;
      off += n;
    }
  } finally {
    file.close();
  }
  if (off < minLength) {
    throw new CorruptionError(
      `${path}: expected ${minLength} bytes at ${position}, file ends after ${off}`,
    );
  }
  return off === buf.length ? buf : buf.subarray(0, off);
}
