/** Reading byte ranges of files without loading them wholly. */
import { CorruptionError } from "./errors.ts";

/** Reads `length` bytes at `position` of the file at `path`; throws if the file is shorter. */
export function readRange(path: string, position: number, length: number): Uint8Array {
  const buf = new Uint8Array(length);
  if (length === 0) return buf;
  const file = Deno.openSync(path, { read: true });
  try {
    file.seekSync(position, Deno.SeekMode.Start);
    let off = 0;
    while (off < length) {
      const n = file.readSync(buf.subarray(off));
      if (n === null || n === 0) {
        throw new CorruptionError(
          `${path}: expected ${length} bytes at ${position}, file ends after ${off}`,
        );
      }
      off += n;
    }
  } finally {
    file.close();
  }
  return buf;
}
