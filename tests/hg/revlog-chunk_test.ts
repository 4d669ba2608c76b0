import assert from "node:assert/strict";
import { deflateSync, zstdCompressSync } from "node:zlib";
import { decompressChunk, zstdContentSize } from "../../src/hg/revlog-chunk.ts";
import { CorruptionError } from "../../src/hg/errors.ts";

const text = new TextEncoder().encode("some revision text\n".repeat(20));

Deno.test("decompressChunk handles every header", () => {
  assert.deepEqual(decompressChunk(new Uint8Array(deflateSync(text))), text);
  assert.deepEqual(decompressChunk(new Uint8Array(zstdCompressSync(text))), text);
  assert.deepEqual(decompressChunk(Uint8Array.from([0x75, ...text])), text);
  const literal = Uint8Array.from([0, 1, 2]);
  assert.deepEqual(decompressChunk(literal), literal);
  assert.equal(decompressChunk(new Uint8Array(0)).length, 0);
  assert.equal(
    Object.getPrototypeOf(decompressChunk(new Uint8Array(deflateSync(text)))),
    Uint8Array.prototype,
  );
});

Deno.test("decompressChunk rejects unknown headers and corrupt streams", () => {
  assert.throws(() => decompressChunk(Uint8Array.from([0x41, 1])), CorruptionError);
  assert.throws(() => decompressChunk(Uint8Array.from([0x78, 1, 2, 3])), CorruptionError);
  // node:zlib answers an empty buffer for a truncated zstd frame: Revlog.revision catches
  // that through its length check against the index.
});

Deno.test("zstdContentSize reads every Frame_Content_Size layout", () => {
  const magic = [0x28, 0xb5, 0x2f, 0xfd];
  // As written by hg: single segment, 4-byte size (179577), then block data.
  assert.equal(zstdContentSize(Uint8Array.from([...magic, 0xa0, 0x79, 0xbd, 2, 0, 0x3c])), 179577);
  // Single segment with a 1-byte size.
  assert.equal(zstdContentSize(Uint8Array.from([...magic, 0x20, 5, 0])), 5);
  // 2-byte sizes are offset by 256.
  assert.equal(zstdContentSize(Uint8Array.from([...magic, 0x60, 0x10, 0, 0])), 272);
  // Window descriptor and a 1-byte dictionary id come before a 4-byte size.
  assert.equal(zstdContentSize(Uint8Array.from([...magic, 0x81, 0x50, 7, 1, 2, 0, 0])), 513);
  // 8-byte size.
  assert.equal(
    zstdContentSize(Uint8Array.from([...magic, 0xe0, 0, 0, 0, 0, 1, 0, 0, 0, 0])),
    2 ** 32,
  );
  // Size not recorded, or header truncated.
  assert.equal(zstdContentSize(Uint8Array.from([...magic, 0x00, 0x50, 0])), -1);
  assert.equal(zstdContentSize(Uint8Array.from([...magic, 0xa0, 1, 2])), -1);
  assert.equal(zstdContentSize(Uint8Array.from(magic)), -1);
});

Deno.test("decompressChunk output does not depend on the size hint", () => {
  const zlib = new Uint8Array(deflateSync(text));
  const zstd = new Uint8Array(zstdCompressSync(text));
  for (const hint of [-1, 0, 1, text.length - 1, text.length, text.length + 1, 1 << 20]) {
    assert.deepEqual(decompressChunk(zlib, hint), text);
    assert.deepEqual(decompressChunk(zstd, hint), text);
  }
});

Deno.test("decompressChunk without a size copes with very compressible texts", () => {
  const big = new Uint8Array(1 << 20).fill(0x61);
  assert.deepEqual(decompressChunk(new Uint8Array(deflateSync(big))), big);
  assert.deepEqual(decompressChunk(new Uint8Array(zstdCompressSync(big))), big);
});
