import assert from "node:assert/strict";
import { dataChunks, STREAM_CHUNK_SIZE, truncateData } from "../../src/services/data-chunks.ts";

Deno.test("dataChunks: views of at most 128 KiB, at least one", () => {
  const data = new Uint8Array(3 * STREAM_CHUNK_SIZE + 7);
  const chunks = [...dataChunks(data)];
  assert.deepEqual(chunks.map((c) => c.length), [
    STREAM_CHUNK_SIZE,
    STREAM_CHUNK_SIZE,
    STREAM_CHUNK_SIZE,
    7,
  ]);
  assert.ok(chunks.every((c) => c.buffer === data.buffer), "no copies");
  assert.deepEqual([...dataChunks(new Uint8Array(0))].map((c) => c.length), [0]);
  assert.deepEqual([...dataChunks(new Uint8Array(STREAM_CHUNK_SIZE))].length, 1);
});

Deno.test("truncateData: non-negative limits cut, negative ones keep everything", () => {
  const data = Uint8Array.of(1, 2, 3);
  assert.deepEqual(truncateData(data, 2n), Uint8Array.of(1, 2));
  assert.equal(truncateData(data, 2).buffer, data.buffer);
  assert.equal(truncateData(data, 0n).length, 0);
  assert.equal(truncateData(data, -1n), data);
  assert.equal(truncateData(data, 1n << 60n), data);
});
