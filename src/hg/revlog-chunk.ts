/** Decoding of revlog data chunks according to their one-byte compression header. */
import { inflateSync, zstdDecompressSync } from "node:zlib";
import { CorruptionError } from "./errors.ts";
import { zstdDecompress } from "./zstd-decoder.ts";

/** A plain Uint8Array view of a Buffer, so callers never see Buffer's different semantics. */
function plain(buf: Uint8Array): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Smallest output buffer node:zlib accepts. */
const MIN_CHUNK = 64;
/** Largest output buffer allocated upfront (a corrupt size must not allocate wildly). */
const MAX_CHUNK = 32 * 1024 * 1024;
/**
 * zstd chunks up to this size (compressed) are decoded by the TypeScript decoder: node:zlib
 * costs ~10 µs per call whatever the size, the TypeScript decoder ~3-8 µs below 512 bytes but
 * more than node:zlib from ~700 bytes on (bench/zstd-chunk-probe.ts).
 */
export const SMALL_ZSTD_CHUNK = 512;
/** Assumed compression ratio of a chunk whose decompressed size is unknown. */
const GUESS_RATIO = 4;

/**
 * Decompressed size recorded in the header of the zstd frame starting `chunk` (RFC 8878,
 * Frame_Content_Size), or -1 when the frame does not record it.
 */
export function zstdContentSize(chunk: Uint8Array): number {
  if (chunk.length < 6) return -1;
  const descriptor = chunk[4];
  const fcsFlag = descriptor >> 6;
  const singleSegment = (descriptor >> 5) & 1;
  const dictIdSize = [0, 1, 2, 4][descriptor & 3];
  const fcsSize = fcsFlag === 0 ? singleSegment : 1 << fcsFlag;
  if (fcsSize === 0) return -1;
  const at = 5 + (singleSegment ? 0 : 1) + dictIdSize;
  if (at + fcsSize > chunk.length) return -1;
  let size = 0;
  for (let i = fcsSize - 1; i >= 0; i--) size = size * 256 + chunk[at + i];
  return fcsSize === 2 ? size + 256 : size;
}

/**
 * node:zlib options sizing its output buffer for `size` bytes: without them every call
 * allocates (and zeroes) a default buffer far larger than a typical revlog chunk, which
 * dominated the cost of reading small revisions. One spare byte lets the engine see the end
 * of the stream without a second output round. An unknown size (-1) is guessed from the
 * compressed length (node:zlib adds rounds when the output is larger).
 */
function sized(size: number, compressedLength: number): { chunkSize: number } {
  const guess = size >= 0 ? size + 1 : GUESS_RATIO * compressedLength;
  return { chunkSize: Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, guess)) };
}

/**
 * Decompresses one stored chunk: `x` zlib (the byte is part of the zlib header), 0x28 zstd
 * (first byte of the frame magic), `u` stored raw after the marker, `\0` stored raw as is,
 * empty chunk is empty. `expectedSize`, when known (a full text's length from the index),
 * only sizes the output buffer; zstd frames usually record their size themselves.
 */
export function decompressChunk(chunk: Uint8Array, expectedSize = -1): Uint8Array {
  if (chunk.length === 0) return chunk;
  const header = chunk[0];
  try {
    switch (header) {
      case 0x78: // 'x'
        return plain(inflateSync(chunk, sized(expectedSize, chunk.length)));
      case 0x28: {
        if (chunk.length <= SMALL_ZSTD_CHUNK) {
          try {
            return zstdDecompress(chunk);
          } catch {
            // Anything the small decoder cannot decode goes to node:zlib, which judges.
          }
        }
        const size = zstdContentSize(chunk);
        return plain(
          zstdDecompressSync(chunk, sized(size < 0 ? expectedSize : size, chunk.length)),
        );
      }
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
