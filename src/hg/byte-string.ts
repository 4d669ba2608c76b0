/**
 * Byte strings: JS strings whose every char code is one byte (0..255).
 *
 * Mercurial data (paths, users, descriptions) is arbitrary bytes, usually but not always
 * UTF-8. Keeping it as "latin1" strings is lossless and cheap to compare and hash.
 */
import { Buffer } from "node:buffer";

/** A string in which every char code is a single byte 0..255. */
export type ByteString = string;

/** Converts bytes to a ByteString (one char per byte). */
export function bytesToByteString(
  bytes: Uint8Array,
  start = 0,
  end = bytes.length,
): ByteString {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString("latin1");
}

const encoder = new TextEncoder();
const NON_ASCII = /[\u0080-\uffff]/;

/** Converts a ByteString back to its bytes. */
export function byteStringToBytes(s: ByteString): Uint8Array {
  // ASCII (most names and messages) encodes the same in UTF-8, natively: 2-5x faster than
  // node:buffer's latin1 encoder, which loops in JS.
  if (!NON_ASCII.test(s)) return encoder.encode(s);
  const buf = Buffer.from(s, "latin1");
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Decodes a ByteString as UTF-8 (invalid sequences become U+FFFD). */
export function byteStringToUtf8(s: ByteString): string {
  return Buffer.from(s, "latin1").toString("utf8");
}

/** Encodes a JS (Unicode) string as UTF-8 and returns it as a ByteString. */
export function utf8ToByteString(s: string): ByteString {
  return Buffer.from(s, "utf8").toString("latin1");
}
