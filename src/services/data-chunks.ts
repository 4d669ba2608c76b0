/**
 * Splitting object data into streamed message chunks (Gitaly's stream buffer size, 128 KiB).
 * Chunks are views of the data (subarray), never copies.
 */

/** Gitaly's GITALY_STREAMIO_WRITE_BUFFER_SIZE default. */
export const STREAM_CHUNK_SIZE = 128 * 1024;

/** Consecutive views of `data` of at most `size` bytes; at least one (empty) chunk. */
export function* dataChunks(
  data: Uint8Array,
  size: number = STREAM_CHUNK_SIZE,
): Generator<Uint8Array> {
  yield data.subarray(0, size);
  for (let offset = size; offset < data.length; offset += size) {
    yield data.subarray(offset, offset + size);
  }
}

/** `data` cut to `limit` bytes when `limit` is non-negative (a view, not a copy). */
export function truncateData(data: Uint8Array, limit: number | bigint): Uint8Array {
  const n = Number(limit);
  return n >= 0 && n < data.length ? data.subarray(0, n) : data;
}
