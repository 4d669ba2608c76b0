/**
 * Sequences of zstd compressed blocks (RFC 8878 3.1.1.3.2, 3.1.1.4): literal-length, match-length
 * and offset code tables (predefined, RLE, FSE-described or repeated), their decoding from the
 * backward bitstream, and their execution with the three repeat offsets.
 */
import { fail, highBit, MASK } from "./zstd-bits.ts";
import { buildRleTable, FseTable, fseTableFrom, readFseTable } from "./zstd-fse.ts";

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
    predefined: fseTableFrom(dist, defaultLog, values, extras),
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
      const used = readFseTable(
        kind.scratch,
        src,
        pos,
        end,
        kind.maxSymbol,
        kind.maxLog,
        kind.values,
        kind.extras,
      );
      kind.current = kind.scratch;
      return used;
    }
    default:
      if (kind.current === undefined) fail(`${kind.name} table repeated before any was defined`);
      return 0;
  }
}

/** The decoding state sequences read and update: output, literals, repeat offsets. */
export interface SequenceTarget {
  /** Output buffer, written up to `op`; the current frame starts at `frameStart`. */
  out: Uint8Array;
  op: number;
  readonly frameStart: number;
  rep1: number;
  rep2: number;
  rep3: number;
  /** Literals of the block: `literals[litPos, litEnd)` are not used yet. */
  readonly literals: Uint8Array;
  litPos: number;
  readonly litEnd: number;
  /** Makes room for `n` more output bytes after `op` (may replace `out`). */
  reserve(n: number): void;
}

/** Forgets the tables of the previous frame (a new frame cannot repeat them). */
export function resetSequenceTables(): void {
  LITERAL_LENGTHS.current = undefined;
  MATCH_LENGTHS.current = undefined;
  OFFSETS.current = undefined;
}

/**
 * Reads the sequences section `src[pos, end)` of a block and executes its sequences (the
 * literals left after them are the caller's).
 */
export function decodeSequences(
  src: Uint8Array,
  pos: number,
  end: number,
  d: SequenceTarget,
): void {
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
  d: SequenceTarget,
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
