import assert from "node:assert/strict";
import { deflateSync, zstdCompressSync } from "node:zlib";
import { decompressChunk } from "../../src/hg/revlog-chunk.ts";
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
