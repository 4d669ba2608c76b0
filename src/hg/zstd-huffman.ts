/**
 * Huffman-coded literals of zstd blocks (RFC 8878 4.2): tree descriptions (FSE-compressed or
 * direct 4-bit weights) and the decoding of one stream.
 */
import { fail, highBit, MASK } from "./zstd-bits.ts";
import { FseTable, readFseTable } from "./zstd-fse.ts";

/** Huffman codes are at most this long. */
const HUF_MAX_BITS = 11;

/** A Huffman decoding table: per `log`-bit prefix, `symbol << 4 | code length`. */
export class HuffmanTable {
  readonly entries: Uint16Array = new Uint16Array(1 << HUF_MAX_BITS);
  log = 0;
}

const weights = new Uint8Array(256);
const rankStart = new Uint32Array(HUF_MAX_BITS + 2);
const weightTable = new FseTable(6);
/**
 * Reads the Huffman tree description at `src[pos, end)` into `table`; returns its size in
 * bytes.
 */
export function readHuffmanTree(
  table: HuffmanTable,
  src: Uint8Array,
  pos: number,
  end: number,
): number {
  if (pos >= end) fail("missing Huffman tree description");
  const header = src[pos];
  let count: number;
  let size: number;
  if (header >= 128) {
    count = header - 127;
    size = 1 + ((count + 1) >> 1);
    if (pos + size > end) fail("truncated Huffman weights");
    for (let i = 0; i < count; i++) {
      const b = src[pos + 1 + (i >> 1)];
      weights[i] = i & 1 ? b & 15 : b >> 4;
    }
  } else {
    size = 1 + header;
    if (pos + size > end) fail("truncated Huffman weights");
    count = decodeWeights(src, pos + 1, pos + size);
  }
  buildHuffmanTable(table, count);
  return size;
}

/**
 * FSE-decodes Huffman weights (two interleaved states) into `weights`; returns their count.
 * The bit reading is inlined on locals: this loop dominates small literal sections.
 */
function decodeWeights(src: Uint8Array, start: number, end: number): number {
  start += readFseTable(weightTable, src, start, end, 255, 6);
  if (end <= start) fail("empty Huffman weights bitstream");
  let pos = end - 1;
  const last = src[pos];
  if (last === 0) fail("Huffman weights bitstream without its end marker");
  let c = last;
  let bits = highBit(last);
  let over = 0;
  const { symbol, nbBits, nextBase, log } = weightTable;
  // Two states of at most 6 bits, then at most 2 × 6 bits per round: refill below 12.
  while (bits <= 24) {
    if (pos > start) c = (c << 8) | src[--pos];
    else {
      c <<= 8;
      over += 8;
    }
    bits += 8;
  }
  bits -= log;
  let s1 = (c >>> bits) & MASK[log];
  bits -= log;
  let s2 = (c >>> bits) & MASK[log];
  let n = 0;
  for (;;) {
    if (n > 253) fail("too many Huffman weights");
    if (bits < 12) {
      while (bits <= 24) {
        if (pos > start) c = (c << 8) | src[--pos];
        else {
          c <<= 8;
          over += 8;
        }
        bits += 8;
      }
    }
    weights[n++] = symbol[s1];
    let nb = nbBits[s1];
    bits -= nb;
    s1 = nextBase[s1] + ((c >>> bits) & MASK[nb]);
    if (bits - over + 8 * (pos - start) < 0) {
      weights[n++] = symbol[s2];
      break;
    }
    weights[n++] = symbol[s2];
    nb = nbBits[s2];
    bits -= nb;
    s2 = nextBase[s2] + ((c >>> bits) & MASK[nb]);
    if (bits - over + 8 * (pos - start) < 0) {
      weights[n++] = symbol[s1];
      break;
    }
  }
  return n;
}

/** Builds `table` from `count` explicit weights (the last one is implied). */
function buildHuffmanTable(table: HuffmanTable, count: number): void {
  if (count > 255) fail("too many Huffman weights");
  let total = 0;
  for (let i = 0; i < count; i++) {
    const w = weights[i];
    if (w > HUF_MAX_BITS) fail(`Huffman weight ${w} out of range`);
    if (w > 0) total += 1 << (w - 1);
  }
  if (total === 0) fail("Huffman weights all zero");
  const maxBits = highBit(total) + 1;
  if (maxBits > HUF_MAX_BITS) fail("Huffman codes too long");
  const rest = (1 << maxBits) - total;
  if ((rest & (rest - 1)) !== 0) fail("Huffman weights do not complete a tree");
  weights[count] = highBit(rest) + 1;
  const symbols = count + 1;
  const entries = table.entries;
  for (let w = 0; w < rankStart.length; w++) rankStart[w] = 0;
  for (let i = 0; i < symbols; i++) {
    const w = weights[i];
    if (w > 0) rankStart[w] += 1 << (w - 1);
  }
  // Turn counts into starts: lowest weights (longest codes) first.
  let next = 0;
  for (let w = 1; w <= HUF_MAX_BITS + 1; w++) {
    const n = rankStart[w];
    rankStart[w] = next;
    next += n;
  }
  for (let s = 0; s < symbols; s++) {
    const w = weights[s];
    if (w === 0) continue;
    const entry = (s << 4) | (maxBits + 1 - w);
    const from = rankStart[w];
    const to = from + (1 << (w - 1));
    for (let i = from; i < to; i++) entries[i] = entry; // fill() is a runtime call
    rankStart[w] = to;
  }
  table.log = maxBits;
}

/**
 * Decodes `count` literals of the Huffman stream `src[start, end)` with `table` into
 * `out[at, at + count)`; the stream must end exactly there.
 */
export function decodeHuffmanStream(
  table: HuffmanTable,
  src: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  at: number,
  count: number,
): void {
  if (end <= start) fail("empty Huffman stream");
  let pos = end - 1;
  const last = src[pos];
  if (last === 0) fail("Huffman stream without its end marker");
  let c = last;
  let bits = highBit(last);
  let over = 0;
  const log = table.log;
  const mask = (1 << log) - 1;
  const entries = table.entries;
  const stop = at + count;
  while (at < stop) {
    if (bits < 2 * log) {
      while (bits <= 24) {
        if (pos > start) c = (c << 8) | src[--pos];
        else {
          c <<= 8;
          over += 8;
        }
        bits += 8;
      }
    }
    let e = entries[(c >>> (bits - log)) & mask];
    out[at++] = e >> 4;
    bits -= e & 15;
    if (at === stop) break;
    e = entries[(c >>> (bits - log)) & mask];
    out[at++] = e >> 4;
    bits -= e & 15;
  }
  if (bits - over + 8 * (pos - start) !== 0) fail("Huffman stream size mismatch");
}
