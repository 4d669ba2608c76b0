/**
 * Gzip compression of a byte stream, block by block, with the header Mercurial's archiver
 * writes (Python's GzipFile on a file object: no file name, modification time = changeset
 * date, extra flags 2 for best compression, OS 255) and zlib's best compression level.
 *
 * Input is gathered into blocks of BLOCK_SIZE bytes, each deflated on its own and ended by a
 * sync flush (non-final deflate blocks can be concatenated), then one final empty block, the
 * CRC-32 and the size modulo 2^32 close the member (RFC 1951, 1952). Memory stays one block.
 */
import { constants, crc32, deflateRawSync } from "node:zlib";

/** Input gathered before each deflate call. */
const BLOCK_SIZE = 1024 * 1024;
/** A final, empty, fixed-Huffman deflate block. */
const FINAL_BLOCK = new Uint8Array([0x03, 0x00]);

function gzipHeader(mtime: number): Uint8Array {
  const header = new Uint8Array(10);
  header.set([0x1f, 0x8b, 0x08, 0x00]);
  new DataView(header.buffer).setUint32(4, Math.max(0, Math.trunc(mtime)) >>> 0, true);
  header[8] = 0x02;
  header[9] = 0xff;
  return header;
}

/** Gzip stream of the concatenation of `input`. */
export function* gzipCompress(input: Iterable<Uint8Array>, mtime: number): Generator<Uint8Array> {
  yield gzipHeader(mtime);
  let crc = 0;
  let size = 0;
  const block = new Uint8Array(BLOCK_SIZE);
  let fill = 0;
  const flush = () => {
    const out = deflateRawSync(block.subarray(0, fill), {
      level: constants.Z_BEST_COMPRESSION,
      finishFlush: constants.Z_SYNC_FLUSH,
    });
    fill = 0;
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  };
  for (const piece of input) {
    crc = crc32(piece, crc);
    size += piece.length;
    for (let at = 0; at < piece.length;) {
      const n = Math.min(piece.length - at, BLOCK_SIZE - fill);
      block.set(piece.subarray(at, at + n), fill);
      fill += n;
      at += n;
      if (fill === BLOCK_SIZE) yield flush();
    }
  }
  if (fill > 0) yield flush();
  const trailer = new Uint8Array(8);
  const view = new DataView(trailer.buffer);
  view.setUint32(0, crc >>> 0, true);
  view.setUint32(4, size % 2 ** 32, true);
  yield FINAL_BLOCK;
  yield trailer;
}
