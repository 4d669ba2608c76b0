/**
 * FSE (tANS) decoding tables of the zstd decoder (RFC 8878 4.1): reading a distribution
 * description, spreading its symbols over the states, the one-state table of RLE mode.
 */
import { fail, highBit } from "./zstd-bits.ts";

/** A decoding table: per state its symbol, bits to read and base of the next state. */
export class FseTable {
  log = 0;
  readonly symbol: Uint8Array;
  readonly nbBits: Uint8Array;
  readonly nextBase: Uint16Array;
  /** Sequence tables only: base value and extra bit count of the state's symbol. */
  readonly value: Uint32Array;
  readonly extra: Uint8Array;

  /** Allocates a table of up to `1 << maxLog` states. */
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
export function buildRleTable(table: FseTable, s: number, values: Uint32Array, extras: Uint8Array) {
  table.log = 0;
  table.symbol[0] = s;
  table.nbBits[0] = 0;
  table.nextBase[0] = 0;
  table.value[0] = values[s];
  table.extra[0] = extras[s];
}

/**
 * Reads the FSE distribution description at `src[pos, end)` (symbols up to `maxSymbol`,
 * accuracy log up to `maxLog`) and builds `table` from it; returns the bytes used.
 */
export function readFseTable(
  table: FseTable,
  src: Uint8Array,
  pos: number,
  end: number,
  maxSymbol: number,
  maxLog: number,
  values?: Uint32Array,
  extras?: Uint8Array,
): number {
  const packed = readDistribution(src, pos, end, maxSymbol, maxLog);
  buildTable(table, (packed >> 8) & 0xff, packed & 0xff, values, extras);
  return packed >>> 16;
}

/** The table of a known distribution (the predefined ones of sequence codes). */
export function fseTableFrom(
  distribution: readonly number[],
  log: number,
  values: Uint32Array,
  extras: Uint8Array,
): FseTable {
  const table = new FseTable(log);
  norm.set(distribution);
  buildTable(table, distribution.length, log, values, extras);
  return table;
}
