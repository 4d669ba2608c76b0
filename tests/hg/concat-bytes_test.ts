import assert from "node:assert/strict";
import { concatBytes } from "../../src/hg/concat-bytes.ts";

Deno.test("concatBytes joins parts in order, empty parts included", () => {
  const parts = [Uint8Array.of(1, 2), new Uint8Array(0), Uint8Array.of(3), Uint8Array.of(4, 5)];
  assert.deepEqual(concatBytes(parts), Uint8Array.of(1, 2, 3, 4, 5));
  assert.deepEqual(concatBytes([]), new Uint8Array(0));
});

Deno.test("concatBytes returns a single part without copying, views honoured", () => {
  const one = Uint8Array.of(7, 8, 9);
  assert.equal(concatBytes([one]), one);
  const view = one.subarray(1);
  assert.deepEqual(concatBytes([view, view]), Uint8Array.of(8, 9, 8, 9));
});
