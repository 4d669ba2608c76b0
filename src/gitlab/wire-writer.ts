/**
 * Writing protobuf wire format by hand, for messages built often enough that protobuf-es
 * reflection encoding shows in profiles (GitCommits) and for answers concatenated from cached
 * encodings. Callers write fields in field number order, so that the bytes are the ones
 * protobuf-es would write.
 */

const encoder = new TextEncoder();

/** Bytes of a varint holding `value` (a non-negative 32-bit integer). */
function varintSize(value: number): number {
  let size = 1;
  while (value > 0x7f) {
    value >>>= 7;
    size++;
  }
  return size;
}

/** Encoded size of a length-delimited field of number `field` with a `length`-byte payload. */
export function delimitedFieldSize(field: number, length: number): number {
  return varintSize(field << 3) + varintSize(length) + length;
}

/**
 * Appends protobuf wire-format fields to a growing buffer: length-delimited ones (bytes,
 * strings, embedded messages) and varints. Fields are written in call order; write them in
 * field number order to match protobuf-es output byte for byte.
 */
export class WireWriter {
  #buf: Uint8Array;
  #pos = 0;

  /** A writer whose buffer starts with `capacity` bytes (it grows as needed). */
  constructor(capacity = 1024) {
    this.#buf = new Uint8Array(capacity);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#pos;
  }

  #reserve(n: number): void {
    if (this.#pos + n <= this.#buf.length) return;
    const grown = new Uint8Array(Math.max(this.#buf.length * 2, this.#pos + n));
    grown.set(this.#buf.subarray(0, this.#pos));
    this.#buf = grown;
  }

  #varint(value: number): void {
    const buf = this.#buf;
    while (value > 0x7f) {
      buf[this.#pos++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    buf[this.#pos++] = value;
  }

  /**
   * Writes the tag and length of a length-delimited field whose `length` payload bytes the
   * caller writes next (an embedded message written field by field).
   */
  header(field: number, length: number): this {
    this.#reserve(10);
    this.#varint((field << 3) | 2);
    this.#varint(length);
    return this;
  }

  /**
   * Writes a varint field (int64, uint64, int32 or enum wire type 0) holding the integer
   * `value`; negative values take ten bytes (two's complement), as int64 ones do.
   */
  varint(field: number, value: number): this {
    this.#reserve(20);
    this.#varint(field << 3);
    if (value >= 0 && value <= 0x7fffffff) {
      this.#varint(value);
      return this;
    }
    let big = BigInt.asUintN(64, BigInt(value));
    const buf = this.#buf;
    while (big > 0x7fn) {
      buf[this.#pos++] = Number(big & 0x7fn) | 0x80;
      big >>= 7n;
    }
    buf[this.#pos++] = Number(big);
    return this;
  }

  /** Writes a length-delimited field holding `bytes` (bytes, or an encoded message). */
  bytes(field: number, bytes: Uint8Array): this {
    this.header(field, bytes.length);
    this.#reserve(bytes.length);
    this.#buf.set(bytes, this.#pos);
    this.#pos += bytes.length;
    return this;
  }

  /**
   * Writes the tag and length of a length-delimited field of `length` bytes and returns the
   * view of its (zeroed) payload, for the caller to fill in place, e.g. piece by piece as a
   * stream delivers them. The view is only valid until the next write to this writer (a write
   * may move the buffer): fill it first, or size the writer exactly.
   */
  payload(field: number, length: number): Uint8Array {
    this.header(field, length);
    this.#reserve(length);
    const view = this.#buf.subarray(this.#pos, this.#pos + length);
    this.#pos += length;
    return view;
  }

  /** Writes a string field (UTF-8). */
  string(field: number, text: string): this {
    return this.bytes(field, encoder.encode(text));
  }

  /**
   * Writes a length-delimited field holding the bytes of a byte string (each char code is a
   * byte: a ByteString, or ASCII text such as a hex node), without a TextEncoder round trip.
   */
  byteString(field: number, text: string): this {
    const length = text.length;
    this.header(field, length);
    this.#reserve(length);
    const buf = this.#buf;
    let pos = this.#pos;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code > 0xff) throw new RangeError(`not a byte string: ${JSON.stringify(text)}`);
      buf[pos++] = code;
    }
    this.#pos = pos;
    return this;
  }

  /**
   * The bytes written, without a copy: a view of the writer's buffer, for writers sized exactly
   * (see {@link delimitedFieldSize}) whose output is big; the writer must not be used after.
   */
  view(): Uint8Array {
    return this.#buf.subarray(0, this.#pos);
  }

  /** The bytes written (a copy sized to fit; the writer may go on). */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#pos);
  }
}
