import assert from "node:assert/strict";
import { bytesToHex, hexToBytes, isHexNode, NULL_NODE, NULL_REV } from "../../src/hg/node.ts";
import {
  bytesToByteString,
  byteStringToBytes,
  byteStringToUtf8,
  utf8ToByteString,
} from "../../src/hg/byte-string.ts";

Deno.test("hex helpers", () => {
  assert.equal(NULL_REV, -1);
  assert.equal(NULL_NODE.length, 40);
  const bytes = Uint8Array.from({ length: 20 }, (_, i) => i * 13);
  const hex = bytesToHex(bytes);
  assert.equal(hex, Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(""));
  assert.deepEqual(hexToBytes(hex), bytes);
  assert.equal(bytesToHex(bytes, 2, 4), hex.slice(4, 8));
  assert.ok(isHexNode(hex));
  assert.ok(!isHexNode(hex.toUpperCase()));
  assert.ok(!isHexNode(hex.slice(1)));
  assert.throws(() => hexToBytes("abc"));
  assert.throws(() => hexToBytes("zz"));
});

Deno.test("byte strings are lossless for every byte", () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  const s = bytesToByteString(all);
  assert.equal(s.length, 256);
  for (let i = 0; i < 256; i++) assert.equal(s.charCodeAt(i), i);
  assert.deepEqual(byteStringToBytes(s), all);
  assert.equal(bytesToByteString(all, 65, 67), "AB");
  assert.equal(utf8ToByteString("é"), "\xc3\xa9");
  assert.equal(byteStringToUtf8("\xc3\xa9"), "é");
});
