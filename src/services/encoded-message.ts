/**
 * Messages answered as ready-made protobuf bytes. Big answers made of cached parts (a branch
 * list whose commits were encoded once) are cheaper to send as a concatenation of bytes than
 * to rebuild and re-encode by reflection at every call. A handler may return or yield an
 * EncodedMessage instead of a message object; the server writes its bytes as they are.
 */
import type { DescMessage } from "@bufbuild/protobuf";

/**
 * The binary encoding of one message of `schema`. Build it only from bytes known to encode
 * such a message (protobuf-es `toBinary` output, or a WireWriter following the schema's field
 * numbers); the server checks the schema, not the bytes.
 */
export class EncodedMessage<D extends DescMessage = DescMessage> {
  /** Wraps `bytes`, the encoding of a message of `schema`. */
  constructor(readonly schema: D, readonly bytes: Uint8Array) {}
}

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
 * Appends protobuf wire-format fields to a growing buffer: the length-delimited ones (bytes,
 * strings, embedded messages) that concatenated answers are made of. Fields are written in
 * call order; write them in field number order to match protobuf-es output byte for byte.
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

  /** Writes a length-delimited field holding `bytes` (bytes, or an encoded message). */
  bytes(field: number, bytes: Uint8Array): this {
    this.header(field, bytes.length);
    this.#reserve(bytes.length);
    this.#buf.set(bytes, this.#pos);
    this.#pos += bytes.length;
    return this;
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

  /** The bytes written (a copy sized to fit; the writer may go on). */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#pos);
  }
}
