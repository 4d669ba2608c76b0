/** Decoding of revlog data chunks according to their one-byte compression header. */
import { inflateSync, zstdDecompressSync } from "node:zlib";
import { CorruptionError } from "./errors.ts";

/** A plain Uint8Array view of a Buffer, so callers never see Buffer's different semantics. */
function plain(buf: Uint8Array): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/**
 * Decompresses one stored chunk: `x` zlib (the byte is part of the zlib header), 0x28 zstd
 * (first byte of the frame magic), `u` stored raw after the marker, `\0` stored raw as is,
 * empty chunk is empty.
 */
export function decompressChunk(chunk: Uint8Array): Uint8Array {
  if (chunk.length === 0) return chunk;
  const header = chunk[0];
  try {
    switch (header) {
      case 0x78: // 'x'
        return plain(inflateSync(chunk));
      case 0x28:
        return plain(zstdDecompressSync(chunk));
      case 0x75: // 'u'
        return chunk.subarray(1);
      case 0x00:
        return chunk;
    }
  } catch (e) {
    throw new CorruptionError(`cannot decompress revlog chunk: ${e}`, { cause: e });
  }
  throw new CorruptionError(`unknown revlog chunk compression header 0x${header.toString(16)}`);
}
