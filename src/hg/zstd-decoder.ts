/**
 * A Zstandard decoder (RFC 8878) written for the small chunks of revlogs: decoding a few
 * hundred bytes through node:zlib costs a fixed ~10-15 µs per call (native handle set-up),
 * several times the work itself. This decoder runs in plain TypeScript on typed arrays, with
 * module-level scratch tables reused across calls (the code is synchronous).
 *
 * Supported: concatenated and skippable frames, raw / RLE / compressed blocks, raw / RLE /
 * Huffman (1 or 4 streams, treeless) literals, every sequence table mode, repeat offsets.
 * Not supported: dictionaries (throws). The content checksum is skipped, not verified.
 * Any malformed input throws a ZstdFormatError; every loop is bounded by sizes read from the
 * input and checked against the buffers, so corrupt input never hangs nor reads out of range.
 */
import { fail } from "./zstd-bits.ts";
import { decodeHuffmanStream, HuffmanTable, readHuffmanTree } from "./zstd-huffman.ts";
import { decodeSequences, resetSequenceTables, type SequenceTarget } from "./zstd-sequences.ts";

export { ZstdFormatError } from "./zstd-bits.ts";

const FRAME_MAGIC = 0xfd2fb528;
/** Skippable frames use magics 0x184D2A50 to 0x184D2A5F. */
const SKIPPABLE_MAGIC = 0x184d2a50;
/** Largest decompressed size of a block. */
const BLOCK_MAX = 128 * 1024;
/** Output size beyond which the decoder gives up (the caller falls back to node:zlib). */
const MAX_OUTPUT = 1 << 30;
/** Decoded literals of the current block. */
const literalBuffer = new Uint8Array(BLOCK_MAX);
/** The Huffman table of the last block that described one (treeless blocks reuse it). */
const huffman = new HuffmanTable();

/** Per-call decoding state (output buffer and what lasts across the blocks of a frame). */
class Decoding implements SequenceTarget {
  out: Uint8Array;
  op = 0;
  frameStart = 0;
  rep1 = 1;
  rep2 = 4;
  rep3 = 8;
  huffmanValid = false;
  /** Literals of the current block: `literals[litPos, litEnd)`. */
  literals: Uint8Array = literalBuffer;
  litPos = 0;
  litEnd = 0;

  constructor(capacity: number) {
    this.out = new Uint8Array(capacity);
  }

  /** Makes room for `n` more output bytes. */
  reserve(n: number): void {
    const need = this.op + n;
    if (need <= this.out.length) return;
    if (need > MAX_OUTPUT) fail("output too large");
    const grown = new Uint8Array(Math.min(MAX_OUTPUT, Math.max(need, 2 * this.out.length)));
    grown.set(this.out.subarray(0, this.op));
    this.out = grown;
  }

  startFrame(): void {
    this.frameStart = this.op;
    this.rep1 = 1;
    this.rep2 = 4;
    this.rep3 = 8;
    this.huffmanValid = false;
    resetSequenceTables();
  }
}

function readLE32(src: Uint8Array, at: number): number {
  return (src[at] | (src[at + 1] << 8) | (src[at + 2] << 16) | (src[at + 3] << 24)) >>> 0;
}

/**
 * Decompresses every frame of `src` (zstd frames concatenated, skippable frames ignored).
 * Throws ZstdFormatError on anything it cannot decode.
 */
export function zstdDecompress(src: Uint8Array): Uint8Array {
  const first = src.length >= 4 && readLE32(src, 0) === FRAME_MAGIC ? frameContentSize(src, 0) : -1;
  const d = new Decoding(first >= 0 ? first : Math.max(64, 4 * src.length));
  let pos = 0;
  if (src.length === 0) fail("empty input");
  while (pos < src.length) {
    if (pos + 4 > src.length) fail("truncated frame magic");
    const magic = readLE32(src, pos);
    if ((magic & 0xfffffff0) >>> 0 === SKIPPABLE_MAGIC) {
      if (pos + 8 > src.length) fail("truncated skippable frame");
      const size = readLE32(src, pos + 4);
      if (size > src.length - pos - 8) fail("truncated skippable frame");
      pos += 8 + size;
      continue;
    }
    if (magic !== FRAME_MAGIC) fail(`bad frame magic 0x${magic.toString(16)}`);
    pos = decodeFrame(src, pos + 4, d);
  }
  return d.op === d.out.length ? d.out : d.out.slice(0, d.op);
}

/** Frame_Content_Size of the frame at `at` (magic included), -1 if absent or unreadable. */
function frameContentSize(src: Uint8Array, at: number): number {
  if (at + 5 > src.length) return -1;
  const descriptor = src[at + 4];
  const fcsFlag = descriptor >> 6;
  const single = (descriptor >> 5) & 1;
  const fcsSize = fcsFlag === 0 ? single : 1 << fcsFlag;
  if (fcsSize === 0) return -1;
  const p = at + 5 + (single ? 0 : 1) + [0, 1, 2, 4][descriptor & 3];
  if (p + fcsSize > src.length) return -1;
  let size = 0;
  for (let i = fcsSize - 1; i >= 0; i--) size = size * 256 + src[p + i];
  if (fcsSize === 2) size += 256;
  return size <= MAX_OUTPUT ? size : -1;
}

/** Decodes one frame whose header starts at `pos` (after the magic); returns its end. */
function decodeFrame(src: Uint8Array, pos: number, d: Decoding): number {
  const end = src.length;
  if (pos >= end) fail("truncated frame header");
  const descriptor = src[pos++];
  if (descriptor & 0x08) fail("reserved frame header bit set");
  const fcsFlag = descriptor >> 6;
  const single = (descriptor >> 5) & 1;
  const checksum = (descriptor >> 2) & 1;
  const dictIdSize = [0, 1, 2, 4][descriptor & 3];
  const fcsSize = fcsFlag === 0 ? single : 1 << fcsFlag;
  if (pos + (single ? 0 : 1) + dictIdSize + fcsSize > end) fail("truncated frame header");
  if (!single) pos++; // window descriptor: the whole output stays addressable here
  let dictId = 0;
  for (let i = dictIdSize - 1; i >= 0; i--) dictId = dictId * 256 + src[pos + i];
  if (dictId !== 0) fail(`frame needs dictionary ${dictId}, not supported`);
  pos += dictIdSize;
  let contentSize = -1;
  if (fcsSize > 0) {
    contentSize = 0;
    for (let i = fcsSize - 1; i >= 0; i--) contentSize = contentSize * 256 + src[pos + i];
    if (fcsSize === 2) contentSize += 256;
    if (contentSize > MAX_OUTPUT) fail("content size too large");
    pos += fcsSize;
    d.reserve(contentSize);
  }
  d.startFrame();
  for (;;) {
    if (pos + 3 > end) fail("truncated block header");
    const header = src[pos] | (src[pos + 1] << 8) | (src[pos + 2] << 16);
    pos += 3;
    const type = (header >> 1) & 3;
    const size = header >>> 3;
    if (size > BLOCK_MAX) fail("block too large");
    if (type === 0) {
      if (pos + size > end) fail("truncated raw block");
      d.reserve(size);
      d.out.set(src.subarray(pos, pos + size), d.op);
      d.op += size;
      pos += size;
    } else if (type === 1) {
      if (pos >= end) fail("truncated RLE block");
      d.reserve(size);
      d.out.fill(src[pos], d.op, d.op + size);
      d.op += size;
      pos += 1;
    } else if (type === 2) {
      if (pos + size > end) fail("truncated compressed block");
      const blockStart = d.op;
      decodeCompressedBlock(src, pos, pos + size, d);
      if (d.op - blockStart > BLOCK_MAX) fail("block decompresses beyond its maximum size");
      pos += size;
    } else fail("reserved block type");
    if (header & 1) break;
  }
  if (checksum) {
    if (pos + 4 > end) fail("truncated content checksum");
    pos += 4;
  }
  if (contentSize >= 0 && d.op - d.frameStart !== contentSize) {
    fail(`frame decodes to ${d.op - d.frameStart} bytes, header says ${contentSize}`);
  }
  return pos;
}

/** Decodes the compressed block `src[start, end)`: literals section, then sequences. */
function decodeCompressedBlock(src: Uint8Array, start: number, end: number, d: Decoding): void {
  const pos = readLiterals(src, start, end, d);
  decodeSequences(src, pos, end, d);
  copyLastLiterals(d);
}

/** Reads the literals section into `d.literals`; returns where the sequences start. */
function readLiterals(src: Uint8Array, start: number, end: number, d: Decoding): number {
  if (start >= end) fail("empty compressed block");
  const b0 = src[start];
  const type = b0 & 3;
  const sizeFormat = (b0 >> 2) & 3;
  if (type < 2) {
    let regenerated: number;
    let pos: number;
    if ((sizeFormat & 1) === 0) {
      regenerated = b0 >> 3;
      pos = start + 1;
    } else if (sizeFormat === 1) {
      if (start + 2 > end) fail("truncated literals header");
      regenerated = (b0 >> 4) | (src[start + 1] << 4);
      pos = start + 2;
    } else {
      if (start + 3 > end) fail("truncated literals header");
      regenerated = (b0 >> 4) | (src[start + 1] << 4) | (src[start + 2] << 12);
      pos = start + 3;
    }
    if (regenerated > BLOCK_MAX) fail("too many literals");
    if (type === 0) {
      if (pos + regenerated > end) fail("truncated raw literals");
      d.literals = src;
      d.litPos = pos;
      d.litEnd = pos + regenerated;
      return pos + regenerated;
    }
    if (pos >= end) fail("truncated RLE literals");
    literalBuffer.fill(src[pos], 0, regenerated);
    d.literals = literalBuffer;
    d.litPos = 0;
    d.litEnd = regenerated;
    return pos + 1;
  }
  let headerSize: number;
  let regenerated: number;
  let compressed: number;
  const streams = sizeFormat === 0 ? 1 : 4;
  if (sizeFormat < 2) {
    if (start + 3 > end) fail("truncated literals header");
    const h = b0 | (src[start + 1] << 8) | (src[start + 2] << 16);
    headerSize = 3;
    regenerated = (h >> 4) & 0x3ff;
    compressed = (h >> 14) & 0x3ff;
  } else if (sizeFormat === 2) {
    if (start + 4 > end) fail("truncated literals header");
    const h = readLE32(src, start);
    headerSize = 4;
    regenerated = (h >>> 4) & 0x3fff;
    compressed = (h >>> 18) & 0x3fff;
  } else {
    if (start + 5 > end) fail("truncated literals header");
    const h = readLE32(src, start);
    headerSize = 5;
    regenerated = (h >>> 4) & 0x3ffff;
    compressed = (h >>> 22) | (src[start + 4] << 10);
  }
  if (regenerated > BLOCK_MAX) fail("too many literals");
  let pos = start + headerSize;
  const sectionEnd = pos + compressed;
  if (sectionEnd > end) fail("truncated Huffman literals");
  if (type === 2) {
    pos += readHuffmanTree(huffman, src, pos, sectionEnd);
    d.huffmanValid = true;
  } else if (!d.huffmanValid) fail("treeless literals before any Huffman tree");
  if (streams === 1) {
    decodeHuffmanStream(huffman, src, pos, sectionEnd, literalBuffer, 0, regenerated);
  } else {
    if (pos + 6 > sectionEnd) fail("truncated Huffman jump table");
    const size1 = src[pos] | (src[pos + 1] << 8);
    const size2 = src[pos + 2] | (src[pos + 3] << 8);
    const size3 = src[pos + 4] | (src[pos + 5] << 8);
    const s1 = pos + 6;
    const s2 = s1 + size1;
    const s3 = s2 + size2;
    const s4 = s3 + size3;
    if (s4 >= sectionEnd) fail("Huffman jump table beyond its section");
    const segment = (regenerated + 3) >> 2;
    const lastCount = regenerated - 3 * segment;
    if (lastCount < 0) fail("too few literals for 4 Huffman streams");
    decodeHuffmanStream(huffman, src, s1, s2, literalBuffer, 0, segment);
    decodeHuffmanStream(huffman, src, s2, s3, literalBuffer, segment, segment);
    decodeHuffmanStream(huffman, src, s3, s4, literalBuffer, 2 * segment, segment);
    decodeHuffmanStream(huffman, src, s4, sectionEnd, literalBuffer, 3 * segment, lastCount);
  }
  d.literals = literalBuffer;
  d.litPos = 0;
  d.litEnd = regenerated;
  return sectionEnd;
}

/** Copies the literals left after the sequences of the block to the output. */
function copyLastLiterals(d: Decoding): void {
  const n = d.litEnd - d.litPos;
  d.reserve(n);
  const out = d.out;
  const lit = d.literals;
  if (n >= 64) out.set(lit.subarray(d.litPos, d.litEnd), d.op);
  else for (let i = 0; i < n; i++) out[d.op + i] = lit[d.litPos + i];
  d.litPos += n;
  d.op += n;
}
