/**
 * A Zstandard decoder (RFC 8878) written for the small chunks of revlogs: decoding a few
 * hundred bytes through node:zlib costs a fixed ~20 µs per call (native handle set-up),
 * several times the work itself. This decoder runs in plain TypeScript on typed arrays, with
 * module-level scratch tables reused across calls (the code is synchronous).
 *
 * Supported: concatenated and skippable frames, raw / RLE / compressed blocks, raw / RLE /
 * Huffman (1 or 4 streams, treeless) literals, every sequence table mode, repeat offsets.
 * Not supported: dictionaries (throws). The content checksum is skipped, not verified.
 * Any malformed input throws a ZstdFormatError; every loop is bounded by sizes read from the
 * input and checked against the buffers, so corrupt input never hangs nor reads out of range.
 */

/** The input is not a zstd stream this decoder can decode (corrupt, truncated, dictionary). */
export class ZstdFormatError extends Error {
  /** Creates the error with a message naming the problem. */
  constructor(message: string) {
    super(`zstd: ${message}`);
    this.name = "ZstdFormatError";
  }
}

function fail(message: string): never {
  throw new ZstdFormatError(message);
}

const FRAME_MAGIC = 0xfd2fb528;
/** Skippable frames use magics 0x184D2A50 to 0x184D2A5F. */
const SKIPPABLE_MAGIC = 0x184d2a50;
/** Largest decompressed size of a block. */
const BLOCK_MAX = 128 * 1024;
/** Output size beyond which the decoder gives up (the caller falls back to node:zlib). */
const MAX_OUTPUT = 1 << 30;
/** Huffman codes are at most this long. */
const HUF_MAX_BITS = 11;

/** `MASK[n]` keeps the low n bits (n ≤ 24 where used). */
const MASK = new Uint32Array(33);
for (let n = 1; n <= 32; n++) MASK[n] = n === 32 ? 0xffffffff : (1 << n) - 1;

function highBit(x: number): number {
  return 31 - Math.clz32(x);
}

// Backward bitstreams (Huffman streams, FSE streams) are read from their last byte towards
// their first, most significant bits first, after the padding marker (highest set bit of the
// last byte). The hot loops inline the reading on locals: `c` holds the next `bits` bits in
// its low bits, topped up byte by byte to at least 25 bits; bits past the start of the stream
// read as zeros and are counted in `over`, so that `bits - over + 8 * (pos - start)`, the
// bits left, turns negative when a stream is overread.

// ---------------------------------------------------------------------------------------
// FSE tables (RFC 8878 section 4.1).

/** A decoding table: per state its symbol, bits to read and base of the next state. */
class FseTable {
  log = 0;
  readonly symbol: Uint8Array;
  readonly nbBits: Uint8Array;
  readonly nextBase: Uint16Array;
  /** Sequence tables only: base value and extra bit count of the state's symbol. */
  readonly value: Uint32Array;
  readonly extra: Uint8Array;

  constructor(maxLog: number) {
    const size = 1 << maxLog;
    this.symbol = new Uint8Array(size);
    this.nbBits = new Uint8Array(size);
    this.nextBase = new Uint16Array(size);
    this.value = new Uint32Array(size);
    this.extra = new Uint8Array(size);
  }
}

/** Scratch: normalized probabilities of the distribution being read. */
const norm = new Int16Array(256);
/** Scratch: next state number per symbol while building a table. */
const symbolNext = new Uint16Array(256);

/**
 * Reads an FSE distribution (RFC 8878 4.1.1) from `src[start, end)` into `norm`. Returns the
 * accuracy log, the number of symbols described and the bytes used, packed as
 * `log | symbols << 8 | bytes << 16`.
 */
function readDistribution(
  src: Uint8Array,
  start: number,
  end: number,
  maxSymbol: number,
  maxLog: number,
): number {
  if (start >= end) fail("missing FSE table description");
  const log = (src[start] & 15) + 5;
  if (log > maxLog) fail(`FSE accuracy log ${log} above ${maxLog}`);
  let bitPos = 4;
  let remaining = (1 << log) + 1;
  let threshold = 1 << log;
  let nbBits = log + 1;
  let symbol = 0;
  while (remaining > 1) {
    if (symbol > maxSymbol) fail("FSE table description has too many symbols");
    const v = peekForward(src, start + (bitPos >> 3), end) >>> (bitPos & 7);
    const max = 2 * threshold - 1 - remaining;
    let count: number;
    if ((v & (threshold - 1)) < max) {
      count = v & (threshold - 1);
      bitPos += nbBits - 1;
    } else {
      count = v & (2 * threshold - 1);
      if (count >= threshold) count -= max;
      bitPos += nbBits;
    }
    count--;
    remaining -= count < 0 ? -count : count;
    if (remaining < 1) fail("FSE probabilities exceed the table size");
    norm[symbol++] = count;
    if (count === 0) {
      for (;;) {
        const repeat = (peekForward(src, start + (bitPos >> 3), end) >>> (bitPos & 7)) & 3;
        bitPos += 2;
        if (symbol + repeat > maxSymbol + 1) fail("FSE zero-probability run too long");
        for (let i = 0; i < repeat; i++) norm[symbol++] = 0;
        if (repeat !== 3) break;
      }
    }
    while (remaining < threshold) {
      nbBits--;
      threshold >>= 1;
    }
  }
  const bytes = (bitPos + 7) >> 3;
  if (bytes > end - start) fail("truncated FSE table description");
  return log | (symbol << 8) | (bytes << 16);
}

/** Up to 4 bytes from `at` as a little-endian number, zeros past `end`. */
function peekForward(src: Uint8Array, at: number, end: number): number {
  if (at + 4 <= end) {
    return src[at] | (src[at + 1] << 8) | (src[at + 2] << 16) | (src[at + 3] << 24);
  }
  let v = 0;
  for (let i = 0; i < 4 && at + i < end; i++) v |= src[at + i] << (8 * i);
  return v;
}

/**
 * Builds `table` from the `symbols` probabilities in `norm` (RFC 8878 4.1.1: -1 symbols at
 * the end, the others spread with the standard step). `values` / `extras` map a symbol to
 * its base value and extra bits (sequence codes), when given.
 */
function buildTable(
  table: FseTable,
  symbols: number,
  log: number,
  values?: Uint32Array,
  extras?: Uint8Array,
): void {
  const size = 1 << log;
  const sym = table.symbol;
  let high = size - 1;
  for (let s = 0; s < symbols; s++) {
    if (norm[s] === -1) {
      sym[high--] = s;
      symbolNext[s] = 1;
    } else symbolNext[s] = norm[s];
  }
  const step = (size >> 1) + (size >> 3) + 3;
  const mask = size - 1;
  let position = 0;
  for (let s = 0; s < symbols; s++) {
    for (let i = 0; i < norm[s]; i++) {
      sym[position] = s;
      do position = (position + step) & mask; while (position > high);
    }
  }
  if (position !== 0) fail("FSE probabilities do not fill the table");
  for (let u = 0; u < size; u++) {
    const s = sym[u];
    const next = symbolNext[s]++;
    const nb = log - highBit(next);
    table.nbBits[u] = nb;
    table.nextBase[u] = (next << nb) - size;
    if (values !== undefined) {
      table.value[u] = values[s];
      table.extra[u] = extras![s];
    }
  }
  table.log = log;
}

/** Makes `table` the one-state table of a single symbol (RLE mode). */
function buildRleTable(table: FseTable, s: number, values: Uint32Array, extras: Uint8Array) {
  table.log = 0;
  table.symbol[0] = s;
  table.nbBits[0] = 0;
  table.nextBase[0] = 0;
  table.value[0] = values[s];
  table.extra[0] = extras[s];
}

// ---------------------------------------------------------------------------------------
// Sequence codes (RFC 8878 3.1.1.3.2.1): baselines, extra bits, default distributions.

// deno-fmt-ignore
const LL_EXTRA = Uint8Array.from([
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  1, 1, 1, 1, 2, 2, 3, 3, 4, 6, 7, 8, 9, 10, 11, 12,
  13, 14, 15, 16,
]);
// deno-fmt-ignore
const ML_EXTRA = Uint8Array.from([
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 7, 8, 9, 10, 11,
  12, 13, 14, 15, 16,
]);
/** Baselines follow from the extra bits: each code starts where the previous one ends. */
function baselines(extra: Uint8Array, first: number): Uint32Array {
  const out = new Uint32Array(extra.length);
  let v = first;
  for (let i = 0; i < extra.length; i++) {
    out[i] = v;
    v += 1 << extra[i];
  }
  return out;
}
const LL_VALUE = baselines(LL_EXTRA, 0);
const ML_VALUE = baselines(ML_EXTRA, 3);
const OF_EXTRA = Uint8Array.from({ length: 32 }, (_, i) => i);
const OF_VALUE = Uint32Array.from({ length: 32 }, (_, i) => 2 ** i);

const LL_MAX_SYMBOL = 35;
const ML_MAX_SYMBOL = 52;
const OF_MAX_SYMBOL = 31;
const LL_MAX_LOG = 9;
const ML_MAX_LOG = 9;
const OF_MAX_LOG = 8;

// deno-fmt-ignore
const LL_DEFAULT = [
  4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1,
  2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1,
  -1, -1, -1, -1,
];
// deno-fmt-ignore
const ML_DEFAULT = [
  1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1,
  -1, -1, -1, -1, -1,
];
// deno-fmt-ignore
const OF_DEFAULT = [
  1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1,
];

function predefined(
  dist: number[],
  log: number,
  values: Uint32Array,
  extras: Uint8Array,
): FseTable {
  const table = new FseTable(log);
  norm.set(dist);
  buildTable(table, dist.length, log, values, extras);
  return table;
}

/** One kind of sequence code: its tables and the one the current frame uses. */
interface CodeKind {
  readonly name: string;
  readonly maxSymbol: number;
  readonly maxLog: number;
  readonly values: Uint32Array;
  readonly extras: Uint8Array;
  readonly predefined: FseTable;
  readonly rle: FseTable;
  readonly scratch: FseTable;
  current: FseTable | undefined;
}

function codeKind(
  name: string,
  maxSymbol: number,
  maxLog: number,
  values: Uint32Array,
  extras: Uint8Array,
  dist: number[],
  defaultLog: number,
): CodeKind {
  return {
    name,
    maxSymbol,
    maxLog,
    values,
    extras,
    predefined: predefined(dist, defaultLog, values, extras),
    rle: new FseTable(0),
    scratch: new FseTable(maxLog),
    current: undefined,
  };
}

const LITERAL_LENGTHS = codeKind(
  "literal length",
  LL_MAX_SYMBOL,
  LL_MAX_LOG,
  LL_VALUE,
  LL_EXTRA,
  LL_DEFAULT,
  6,
);
const MATCH_LENGTHS = codeKind(
  "match length",
  ML_MAX_SYMBOL,
  ML_MAX_LOG,
  ML_VALUE,
  ML_EXTRA,
  ML_DEFAULT,
  6,
);
const OFFSETS = codeKind("offset", OF_MAX_SYMBOL, OF_MAX_LOG, OF_VALUE, OF_EXTRA, OF_DEFAULT, 5);

/**
 * Reads the table of `kind` in `mode` at `src[pos, end)` and makes it current; returns the
 * bytes used.
 */
function readSequenceTable(
  kind: CodeKind,
  mode: number,
  src: Uint8Array,
  pos: number,
  end: number,
): number {
  switch (mode) {
    case 0:
      kind.current = kind.predefined;
      return 0;
    case 1: {
      if (pos >= end) fail(`truncated ${kind.name} RLE symbol`);
      const s = src[pos];
      if (s > kind.maxSymbol) fail(`${kind.name} code ${s} out of range`);
      buildRleTable(kind.rle, s, kind.values, kind.extras);
      kind.current = kind.rle;
      return 1;
    }
    case 2: {
      const packed = readDistribution(src, pos, end, kind.maxSymbol, kind.maxLog);
      buildTable(kind.scratch, (packed >> 8) & 0xff, packed & 0xff, kind.values, kind.extras);
      kind.current = kind.scratch;
      return packed >>> 16;
    }
    default:
      if (kind.current === undefined) fail(`${kind.name} table repeated before any was defined`);
      return 0;
  }
}

// ---------------------------------------------------------------------------------------
// Huffman literals (RFC 8878 4.2).

/** Current Huffman decoding table: per `HUF_MAX_BITS`-bit prefix, symbol << 4 | code length. */
const huffTable = new Uint16Array(1 << HUF_MAX_BITS);
let huffLog = 0;
const weights = new Uint8Array(256);
const rankStart = new Uint32Array(HUF_MAX_BITS + 2);
const weightTable = new FseTable(6);
/** Decoded literals of the current block. */
const literalBuffer = new Uint8Array(BLOCK_MAX);

/** Reads a Huffman tree description at `src[pos, end)` into `huffTable`; returns its size. */
function readHuffmanTree(src: Uint8Array, pos: number, end: number): number {
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
  buildHuffmanTable(count);
  return size;
}

/**
 * FSE-decodes Huffman weights (two interleaved states) into `weights`; returns their count.
 * The bit reading is inlined on locals: this loop dominates small literal sections.
 */
function decodeWeights(src: Uint8Array, start: number, end: number): number {
  const packed = readDistribution(src, start, end, 255, 6);
  buildTable(weightTable, (packed >> 8) & 0xff, packed & 0xff);
  start += packed >>> 16;
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

/** Builds `huffTable` from `count` explicit weights (the last one is implied). */
function buildHuffmanTable(count: number): void {
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
    for (let i = from; i < to; i++) huffTable[i] = entry; // fill() is a runtime call
    rankStart[w] = to;
  }
  huffLog = maxBits;
}

/** Decodes `count` literals of the Huffman stream `src[start, end)` into `literalBuffer[at..]`. */
function decodeHuffmanStream(
  src: Uint8Array,
  start: number,
  end: number,
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
  const log = huffLog;
  const mask = (1 << log) - 1;
  const table = huffTable;
  const out = literalBuffer;
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
    let e = table[(c >>> (bits - log)) & mask];
    out[at++] = e >> 4;
    bits -= e & 15;
    if (at === stop) break;
    e = table[(c >>> (bits - log)) & mask];
    out[at++] = e >> 4;
    bits -= e & 15;
  }
  if (bits - over + 8 * (pos - start) !== 0) fail("Huffman stream size mismatch");
}

// ---------------------------------------------------------------------------------------
// Frames and blocks.

/** Per-call decoding state (output buffer and what lasts across the blocks of a frame). */
class Decoding {
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
    LITERAL_LENGTHS.current = undefined;
    MATCH_LENGTHS.current = undefined;
    OFFSETS.current = undefined;
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
    pos += readHuffmanTree(src, pos, sectionEnd);
    d.huffmanValid = true;
  } else if (!d.huffmanValid) fail("treeless literals before any Huffman tree");
  if (streams === 1) decodeHuffmanStream(src, pos, sectionEnd, 0, regenerated);
  else {
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
    decodeHuffmanStream(src, s1, s2, 0, segment);
    decodeHuffmanStream(src, s2, s3, segment, segment);
    decodeHuffmanStream(src, s3, s4, 2 * segment, segment);
    decodeHuffmanStream(src, s4, sectionEnd, 3 * segment, lastCount);
  }
  d.literals = literalBuffer;
  d.litPos = 0;
  d.litEnd = regenerated;
  return sectionEnd;
}

/** Copies `n` literals to the output (room already reserved). */
function copyLiterals(d: Decoding, n: number): void {
  const out = d.out;
  const lit = d.literals;
  let from = d.litPos;
  let to = d.op;
  if (n > 32) out.set(lit.subarray(from, from + n), to);
  else for (let i = 0; i < n; i++) out[to++] = lit[from++];
  d.litPos += n;
  d.op += n;
}

/** Reads the sequences section `src[pos, end)` and executes the sequences. */
function decodeSequences(src: Uint8Array, pos: number, end: number, d: Decoding): void {
  if (pos >= end) fail("missing sequences section");
  let count = src[pos++];
  if (count === 0) {
    if (pos !== end) fail("bytes after an empty sequences section");
  } else {
    if (count >= 128) {
      if (count < 255) {
        if (pos >= end) fail("truncated sequence count");
        count = ((count - 128) << 8) + src[pos++];
      } else {
        if (pos + 2 > end) fail("truncated sequence count");
        count = src[pos] + (src[pos + 1] << 8) + 0x7f00;
        pos += 2;
      }
    }
    if (pos >= end) fail("missing sequence table modes");
    const modes = src[pos++];
    if (modes & 3) fail("reserved sequence mode bits set");
    pos += readSequenceTable(LITERAL_LENGTHS, modes >> 6, src, pos, end);
    pos += readSequenceTable(OFFSETS, (modes >> 4) & 3, src, pos, end);
    pos += readSequenceTable(MATCH_LENGTHS, (modes >> 2) & 3, src, pos, end);
    executeSequences(src, pos, end, count, d);
  }
  const rest = d.litEnd - d.litPos;
  d.reserve(rest);
  copyLiterals(d, rest);
}

/** Copies shorter than this are done byte by byte (cheaper than a subarray and a set). */
const SHORT_COPY = 64;

/**
 * Decodes `count` sequences from the bitstream `src[start, end)` and executes each. This is
 * the hot loop of bigger chunks: the bit reading, the copies and the state live in locals
 * (`REFILL` marks the inlined top-up of the bit container to at least 25 bits).
 */
function executeSequences(
  src: Uint8Array,
  start: number,
  end: number,
  count: number,
  d: Decoding,
): void {
  const ll = LITERAL_LENGTHS.current!;
  const ml = MATCH_LENGTHS.current!;
  const of = OFFSETS.current!;
  const { value: llValue, extra: llExtra, nbBits: llNb, nextBase: llNext } = ll;
  const { value: mlValue, extra: mlExtra, nbBits: mlNb, nextBase: mlNext } = ml;
  const { value: ofValue, extra: ofExtra, nbBits: ofNb, nextBase: ofNext } = of;
  if (end <= start) fail("empty sequences bitstream");
  let pos = end - 1;
  const last = src[pos];
  if (last === 0) fail("sequences bitstream without its end marker");
  let c = last;
  let bits = highBit(last);
  let over = 0;
  const lit = d.literals;
  let litPos = d.litPos;
  const litEnd = d.litEnd;
  const frameStart = d.frameStart;
  let out = d.out;
  let op = d.op;
  let rep1 = d.rep1;
  let rep2 = d.rep2;
  let rep3 = d.rep3;

  // Initial states: at most 9 + 8 + 9 bits.
  while (bits <= 24) { // REFILL
    if (pos > start) c = (c << 8) | src[--pos];
    else {
      c <<= 8;
      over += 8;
    }
    bits += 8;
  }
  bits -= ll.log;
  let llState = (c >>> bits) & MASK[ll.log];
  bits -= of.log;
  let ofState = (c >>> bits) & MASK[of.log];
  while (bits <= 24) { // REFILL
    if (pos > start) c = (c << 8) | src[--pos];
    else {
      c <<= 8;
      over += 8;
    }
    bits += 8;
  }
  bits -= ml.log;
  let mlState = (c >>> bits) & MASK[ml.log];

  for (let i = 0; i < count; i++) {
    // Extra bits: offset (up to 31, read in two parts beyond 24), match length, literal length.
    while (bits <= 24) { // REFILL
      if (pos > start) c = (c << 8) | src[--pos];
      else {
        c <<= 8;
        over += 8;
      }
      bits += 8;
    }
    let nb = ofExtra[ofState];
    let offsetValue = ofValue[ofState];
    if (nb > 24) {
      const high = nb - 16;
      bits -= high;
      offsetValue += ((c >>> bits) & MASK[high]) * 0x10000;
      nb = 16;
      while (bits <= 24) { // REFILL
        if (pos > start) c = (c << 8) | src[--pos];
        else {
          c <<= 8;
          over += 8;
        }
        bits += 8;
      }
    }
    bits -= nb;
    offsetValue += (c >>> bits) & MASK[nb];
    while (bits <= 24) { // REFILL
      if (pos > start) c = (c << 8) | src[--pos];
      else {
        c <<= 8;
        over += 8;
      }
      bits += 8;
    }
    nb = mlExtra[mlState];
    bits -= nb;
    const matchLength = mlValue[mlState] + ((c >>> bits) & MASK[nb]);
    if (bits < 16) {
      while (bits <= 24) { // REFILL
        if (pos > start) c = (c << 8) | src[--pos];
        else {
          c <<= 8;
          over += 8;
        }
        bits += 8;
      }
    }
    nb = llExtra[llState];
    bits -= nb;
    const literalLength = llValue[llState] + ((c >>> bits) & MASK[nb]);

    let offset: number;
    if (offsetValue > 3) {
      offset = offsetValue - 3;
      rep3 = rep2;
      rep2 = rep1;
      rep1 = offset;
    } else {
      const index = literalLength === 0 ? offsetValue + 1 : offsetValue;
      if (index === 1) offset = rep1;
      else {
        if (index === 2) offset = rep2;
        else {
          offset = index === 3 ? rep3 : rep1 - 1;
          rep3 = rep2;
        }
        rep2 = rep1;
        rep1 = offset;
      }
    }

    // State updates (unless last): literal length, match length (9 + 9 bits), then offset.
    if (i + 1 < count) {
      while (bits <= 24) { // REFILL
        if (pos > start) c = (c << 8) | src[--pos];
        else {
          c <<= 8;
          over += 8;
        }
        bits += 8;
      }
      nb = llNb[llState];
      bits -= nb;
      llState = llNext[llState] + ((c >>> bits) & MASK[nb]);
      nb = mlNb[mlState];
      bits -= nb;
      mlState = mlNext[mlState] + ((c >>> bits) & MASK[nb]);
      if (bits < 8) {
        while (bits <= 24) { // REFILL
          if (pos > start) c = (c << 8) | src[--pos];
          else {
            c <<= 8;
            over += 8;
          }
          bits += 8;
        }
      }
      nb = ofNb[ofState];
      bits -= nb;
      ofState = ofNext[ofState] + ((c >>> bits) & MASK[nb]);
    }

    // Execution: literals, then the match (which may overlap its own output).
    if (literalLength > litEnd - litPos) fail("sequence uses more literals than decoded");
    if (op + literalLength + matchLength > out.length) {
      d.op = op;
      d.reserve(literalLength + matchLength);
      out = d.out;
    }
    if (literalLength >= SHORT_COPY) {
      out.set(lit.subarray(litPos, litPos + literalLength), op);
      op += literalLength;
      litPos += literalLength;
    } else {
      const stop = op + literalLength;
      while (op < stop) out[op++] = lit[litPos++];
    }
    if (offset === 0 || offset > op - frameStart) fail("match offset before the frame start");
    let from = op - offset;
    if (matchLength >= SHORT_COPY && offset >= matchLength) {
      out.copyWithin(op, from, from + matchLength);
      op += matchLength;
    } else {
      const stop = op + matchLength;
      while (op < stop) out[op++] = out[from++];
    }
  }
  if (bits - over + 8 * (pos - start) !== 0) fail("sequences bitstream size mismatch");
  d.op = op;
  d.litPos = litPos;
  d.rep1 = rep1;
  d.rep2 = rep2;
  d.rep3 = rep3;
}
