/**
 * Regrouping a stream of byte pieces into messages of at most `size` bytes (Gitaly's 128 KiB
 * stream buffer): small pieces are gathered, big ones cut; every message but the last is full.
 */

/** Messages of exactly `size` bytes (the last one shorter), from `pieces`. */
export async function* rechunk(
  pieces: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  size: number,
): AsyncGenerator<Uint8Array> {
  let buf = new Uint8Array(size);
  let fill = 0;
  for await (const piece of pieces) {
    for (let at = 0; at < piece.length;) {
      if (fill === 0 && piece.length - at >= size) {
        yield piece.slice(at, at + size);
        at += size;
        continue;
      }
      const n = Math.min(piece.length - at, size - fill);
      buf.set(piece.subarray(at, at + n), fill);
      fill += n;
      at += n;
      if (fill === size) {
        yield buf;
        buf = new Uint8Array(size);
        fill = 0;
      }
    }
  }
  if (fill > 0) yield buf.subarray(0, fill);
}
