import assert from "node:assert/strict";
import { bytesToByteString, byteStringToBytes } from "../../src/hg/byte-string.ts";

Deno.test("byte strings round trip every byte, ASCII or not", () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.deepEqual(byteStringToBytes(bytesToByteString(all)), all);
  const ascii = all.subarray(0, 128);
  assert.deepEqual(byteStringToBytes(bytesToByteString(ascii)), ascii);
  assert.deepEqual(byteStringToBytes(""), new Uint8Array(0));
  assert.deepEqual(byteStringToBytes("caf\xe9"), Uint8Array.of(0x63, 0x61, 0x66, 0xe9));
  assert.equal(bytesToByteString(Uint8Array.of(0x80, 0x9f, 0xff)), "\x80\x9f\xff");
});
