import assert from "node:assert/strict";
import { readRange } from "../../src/hg/positioned-read.ts";
import { CorruptionError } from "../../src/hg/errors.ts";

const dir = await Deno.makeTempDir();
const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
const path = `${dir}/data`;
await Deno.writeFile(path, bytes);

Deno.test("readRange reads bounded ranges and stops at EOF", () => {
  assert.deepEqual(readRange(path, 10, 5), bytes.subarray(10, 15));
  assert.deepEqual(readRange(path, 990, 5, 100), bytes.subarray(990));
  assert.equal(readRange(path, 0, 0).length, 0);
  assert.throws(() => readRange(path, 990, 20), CorruptionError);
});

Deno.test("reads of one owner share a handle closed when the synchronous run ends", async () => {
  const owner = {};
  for (let i = 0; i < 100; i++) {
    assert.deepEqual(readRange(path, i, 7, 7, owner), bytes.subarray(i, i + 7));
  }
  // Appends are seen through the shared handle (revlogs only grow between snapshots).
  await Deno.writeFile(path, Uint8Array.of(1, 2, 3), { append: true });
  assert.deepEqual(
    readRange(path, 998, 5, 5, owner),
    Uint8Array.of(bytes[998], bytes[999], 1, 2, 3),
  );
  // The test's resource sanitizer fails if a handle is still open once the test returns.
  await Deno.truncate(path, bytes.length);
});

/** Number of open file descriptors of this process. */
function openFds(): number {
  return [...Deno.readDirSync("/proc/self/fd")].length;
}

Deno.test("many owners in one run keep a bounded number of handles", () => {
  const before = openFds();
  const other = `${dir}/other`;
  Deno.writeFileSync(other, bytes.subarray(0, 100));
  const owners = Array.from({ length: 200 }, () => ({}));
  for (const [i, owner] of owners.entries()) {
    const p = i % 2 === 0 ? path : other;
    assert.deepEqual(readRange(p, i % 50, 3, 3, owner), bytes.subarray(i % 50, i % 50 + 3));
  }
  // The same owner switching paths reads the new path.
  assert.deepEqual(readRange(other, 0, 2, 2, owners[0]), bytes.subarray(0, 2));
  const opened = openFds() - before;
  assert.ok(opened <= 32, `${opened} files open`);
});

Deno.test("a missing file throws NotFound, shared or not", () => {
  assert.throws(() => readRange(`${dir}/missing`, 0, 1), Deno.errors.NotFound);
  assert.throws(() => readRange(`${dir}/missing`, 0, 1, 1, {}), Deno.errors.NotFound);
});
