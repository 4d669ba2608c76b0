/**
 * Streamed decoding of one revlog data chunk: the stored bytes come in as pieces (read from the
 * data file bit by bit) and the decompressed text goes out in pieces as soon as they are
 * decoded, so that neither the compressed nor the decompressed text of a big revision is ever
 * in memory whole. Same headers as `decompressChunk`: `x` zlib, `(` zstd, `u` and `\0` raw.
 */
import { createInflate, createZstdDecompress } from "node:zlib";
import { pipeline, Readable, type Transform } from "node:stream";
import { CorruptionError } from "./errors.ts";

/**
 * Default size of the decompressed pieces: big enough that per-piece stream overhead stays
 * small next to decoding (128 KiB pieces made a 20 MiB GetBlob ~15% slower).
 */
export const CHUNK_STREAM_PIECE = 512 * 1024;

/**
 * Decompressed bytes buffered ahead of a stream's reader at most: decoding overlaps with what
 * the reader does with each piece instead of waiting for it, within a bounded memory.
 */
const READ_AHEAD = 4 * 1024 * 1024;

/** True if a chunk starting with byte `header` is one `decompressChunkStream` can decode. */
export function isStreamableHeader(header: number): boolean {
  return header === 0x78 || header === 0x28 || header === 0x75 || header === 0x00;
}

/** Consecutive views of `data` of at most `size` bytes (none for empty data). */
function* views(data: Uint8Array, size: number): Generator<Uint8Array> {
  for (let offset = 0; offset < data.length; offset += size) {
    yield data.subarray(offset, offset + size);
  }
}

/** The decompressor for compression header `header`, or undefined for raw chunks. */
function decompressorFor(header: number, pieceSize: number): Transform | undefined {
  const options = { chunkSize: pieceSize, readableHighWaterMark: READ_AHEAD };
  switch (header) {
    case 0x78: // 'x'
      return createInflate(options);
    case 0x28:
      return createZstdDecompress(options);
    case 0x75: // 'u'
    case 0x00:
      return undefined;
  }
  throw new CorruptionError(`unknown revlog chunk compression header 0x${header.toString(16)}`);
}

/**
 * The decompressed text of the stored chunk whose bytes `stored` yields (in pieces of any
 * size, compression header first), in pieces of at most `pieceSize` bytes. Raw chunks yield
 * views of the stored pieces; compressed ones yield fresh buffers. Ending the iteration early
 * (break, `return()`) destroys the decompressor and stops reading `stored`, so no work goes on
 * behind a reader that left. Undecodable data throws CorruptionError.
 */
export async function* decompressChunkStream(
  stored: AsyncIterable<Uint8Array>,
  pieceSize: number = CHUNK_STREAM_PIECE,
): AsyncGenerator<Uint8Array> {
  const input = stored[Symbol.asyncIterator]();
  let first: IteratorResult<Uint8Array>;
  do first = await input.next(); while (!first.done && first.value.length === 0);
  if (first.done) return;
  const header = first.value[0];
  let decompressor: Transform | undefined;
  try {
    decompressor = decompressorFor(header, pieceSize);
  } catch (e) {
    await input.return?.();
    throw e;
  }
  if (decompressor === undefined) {
    try {
      yield* views(header === 0x75 ? first.value.subarray(1) : first.value, pieceSize);
      for (let next = await input.next(); !next.done; next = await input.next()) {
        yield* views(next.value, pieceSize);
      }
    } finally {
      await input.return?.();
    }
    return;
  }
  const firstPiece = first.value;
  async function* all(): AsyncGenerator<Uint8Array> {
    try {
      yield firstPiece;
      for (let next = await input.next(); !next.done; next = await input.next()) {
        yield next.value;
      }
    } finally {
      await input.return?.();
    }
  }
  // One stored piece is read ahead at most: the decompressor's own buffers bound the rest.
  const source = Readable.from(all(), { objectMode: true, highWaterMark: 1 });
  const stream = decompressor;
  pipeline(source, stream, () => {
    // Errors reach the reader through the decompressor's iterator below.
  });
  try {
    for await (const piece of stream.iterator({ destroyOnReturn: true })) {
      const buf = piece as Uint8Array;
      yield new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    }
  } catch (e) {
    if (e instanceof CorruptionError) throw e;
    throw new CorruptionError(`cannot decompress revlog chunk: ${e}`, { cause: e });
  } finally {
    stream.destroy();
    source.destroy();
    // Destroying `source` releases `stored` only later: release it now (a read in progress
    // completes first), so that a reader that left knows its file is closed.
    await input.return?.();
  }
}
