import assert from "node:assert/strict";
import { deflateSync, zstdCompressSync } from "node:zlib";
import { CorruptionError } from "../../src/hg/errors.ts";
import { decompressChunk } from "../../src/hg/revlog-chunk.ts";
import { decompressChunkStream, isStreamableHeader } from "../../src/hg/revlog-chunk-stream.ts";
import { concatBytes } from "../../src/hg/concat-bytes.ts";

const text = new TextEncoder().encode(
  Array.from({ length: 5000 }, (_, i) => `line ${i} ${(i * 7919) % 1000}\n`).join(""),
);
const chunks = {
  zlib: new Uint8Array(deflateSync(text)),
  zstd: new Uint8Array(zstdCompressSync(text)),
  u: Uint8Array.from([0x75, ...text]),
  nul: Uint8Array.from([0, ...text]),
};

/** `bytes` as an async source of pieces of `size` bytes, noting whether it was released. */
function source(bytes: Uint8Array, size: number) {
  const state = { read: 0, released: false };
  const pieces = (async function* () {
    try {
      for (let at = 0; at < bytes.length; at += size) {
        state.read = at + size;
        yield bytes.slice(at, at + size);
      }
    } finally {
      state.released = true;
    }
  })();
  return { pieces, state };
}

async function all(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const piece of stream) out.push(piece);
  return out;
}

Deno.test("decompressChunkStream decodes every header as decompressChunk does", async () => {
  for (const [name, chunk] of Object.entries(chunks)) {
    assert.ok(isStreamableHeader(chunk[0]), name);
    for (const storedPiece of [1, 1000, chunk.length]) {
      const pieces = await all(decompressChunkStream(source(chunk, storedPiece).pieces, 4096));
      assert.ok(pieces.every((p) => p.length > 0 && p.length <= 4096), `${name} ${storedPiece}`);
      assert.deepEqual(concatBytes(pieces), decompressChunk(chunk), `${name} ${storedPiece}`);
      assert.ok(pieces.every((p) => Object.getPrototypeOf(p) === Uint8Array.prototype));
    }
  }
  assert.deepEqual(await all(decompressChunkStream(source(new Uint8Array(0), 10).pieces)), []);
});

Deno.test("decompressChunkStream rejects unknown headers and corrupt or cut streams", async () => {
  assert.equal(isStreamableHeader(0x41), false);
  const bad = [
    Uint8Array.from([0x41, 1, 2]),
    Uint8Array.from([0x78, 1, 2, 3]),
    chunks.zlib.subarray(0, chunks.zlib.length >> 1),
  ];
  for (const chunk of bad) {
    const { pieces, state } = source(chunk, 2);
    await assert.rejects(all(decompressChunkStream(pieces)), CorruptionError);
    assert.ok(state.released, `${chunk[0]}: source released`);
  }
  // A cut zstd frame may end without error: Filelog.contentStream's length check catches it.
  const cut = await all(decompressChunkStream(source(chunks.zstd.subarray(0, 100), 7).pieces));
  assert.ok(concatBytes(cut).length < text.length);
});

/** About 4 MB whose compressed forms are much larger than what decompression reads ahead. */
const big = new TextEncoder().encode(
  Array.from({ length: 200_000 }, (_, i) => `line ${i} ${(i * 7919) % 100_003}\n`).join(""),
);

Deno.test("decompressChunkStream stopped early stops reading its source", async () => {
  const bigChunks = {
    zlib: new Uint8Array(deflateSync(big)),
    zstd: new Uint8Array(zstdCompressSync(big)),
    u: Uint8Array.from([0x75, ...big]),
  };
  for (const [name, chunk] of Object.entries(bigChunks)) {
    const { pieces, state } = source(chunk, 4096);
    const stream = decompressChunkStream(pieces, 512);
    const first = await stream.next();
    assert.ok(!first.done && first.value.length > 0, name);
    assert.deepEqual(first.value, big.subarray(0, first.value.length), name);
    await stream.return(undefined);
    assert.ok(state.released, `${name}: source released`);
    // Compressed sources are read ahead a little, never to their end.
    assert.ok(state.read < chunk.length, `${name}: read ${state.read} of ${chunk.length}`);
  }
});
