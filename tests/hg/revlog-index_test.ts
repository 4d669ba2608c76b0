import assert from "node:assert/strict";
import { INDEX_ENTRY_SIZE, RevlogIndex } from "../../src/hg/revlog-index.ts";
import { bytesToHex } from "../../src/hg/node.ts";

/** A non-inline v1 index of `n` entries with pseudo-random nodes (no data needed here). */
function syntheticIndex(n: number): Uint8Array {
  const data = new Uint8Array(n * INDEX_ENTRY_SIZE);
  const view = new DataView(data.buffer);
  let x = 0x12345678;
  for (let r = 0; r < n; r++) {
    const e = r * INDEX_ENTRY_SIZE;
    view.setInt32(e + 16, r); // base rev: full texts
    view.setInt32(e + 20, r); // linkrev
    view.setInt32(e + 24, r - 1);
    view.setInt32(e + 28, -1);
    for (let i = 0; i < 20; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      data[e + 32 + i] = x >>> 24;
    }
  }
  view.setUint32(0, 1); // version 1, no flags
  return data;
}

const nodeAt = (data: Uint8Array, r: number) =>
  bytesToHex(data, r * INDEX_ENTRY_SIZE + 32, r * INDEX_ENTRY_SIZE + 52);

Deno.test("node lookups in large indexes: scans first, then the node map, same answers", () => {
  const data = syntheticIndex(5000);
  const index = new RevlogIndex(data);
  assert.equal(index.length, 5000);
  // Enough lookups to go through the scanning phase and the map.
  for (let k = 0; k < 40; k++) {
    const r = (k * 617) % 5000;
    assert.equal(index.rev(nodeAt(data, r)), r);
    assert.equal(index.rev(nodeAt(data, r).toUpperCase()), r);
    assert.equal(index.rev("f".repeat(39) + "e"), undefined);
    assert.equal(index.rev("zz" + nodeAt(data, r).slice(2)), undefined);
    assert.equal(index.rev(nodeAt(data, r).slice(0, 12)), undefined);
  }
  assert.equal(index.rev("0".repeat(40)), -1);
});

Deno.test("a snapshot does not find nodes appended after it, scanning or mapped", () => {
  const full = syntheticIndex(4000);
  for (const lookupsFirst of [0, 1, 100]) {
    const old = new RevlogIndex(full.slice(0, 1500 * INDEX_ENTRY_SIZE));
    for (let k = 0; k < lookupsFirst; k++) old.rev(nodeAt(full, k % 1500));
    const grown = new RevlogIndex(full.slice(), old);
    for (let k = 0; k < 30; k++) {
      const r = 1500 + k * 83;
      assert.equal(grown.rev(nodeAt(full, r)), r);
      assert.equal(old.rev(nodeAt(full, r)), undefined);
      assert.equal(old.rev(nodeAt(full, k)), k);
    }
  }
});
