import assert from "node:assert/strict";
import { readRange, readRangePieces, retainReadHandles } from "../../src/hg/positioned-read.ts";
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

/** Number of this process's file descriptors open on `file`. */
function fdsOn(file: string): number {
  return [...Deno.readDirSync("/proc/self/fd")].filter((e) => {
    try {
      return Deno.readLinkSync(`/proc/self/fd/${e.name}`) === file;
    } catch {
      return false;
    }
  }).length;
}

Deno.test("readRangePieces reads only its range, in pieces, while the file grows", async () => {
  const grown = `${dir}/grown`;
  await Deno.writeFile(grown, bytes);
  const pieces: Uint8Array[] = [];
  for await (const piece of readRangePieces(grown, 100, 850, 300)) {
    pieces.push(piece);
    // Appends (hg writing a new revision) are never read.
    await Deno.writeFile(grown, Uint8Array.of(7, 7, 7), { append: true });
  }
  assert.deepEqual(pieces.map((p) => p.length), [300, 300, 250]);
  assert.deepEqual(pieces.flatMap((p) => [...p]), [...bytes.subarray(100, 950)]);
  assert.deepEqual(await Array.fromAsync(readRangePieces(grown, 5, 0, 10)), []);
});

Deno.test("readRangePieces: a file ending inside the range is corrupt; early stops close it", async () => {
  await assert.rejects(Array.fromAsync(readRangePieces(path, 900, 200, 64)), CorruptionError);
  const pieces = readRangePieces(path, 0, 1000, 10);
  assert.deepEqual((await pieces.next()).value, bytes.subarray(0, 10));
  assert.equal(fdsOn(path), 1);
  await pieces.return(undefined);
  assert.equal(fdsOn(path), 0);
});

Deno.test("retained handles serve later runs, see appends and close once idle", async () => {
  const owner = {};
  const before = openFds();
  retainReadHandles(100);
  try {
    assert.deepEqual(readRange(path, 5, 5, 5, owner), bytes.subarray(5, 10));
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(openFds() - before, 1, "the handle outlives the synchronous run");
    await Deno.writeFile(path, Uint8Array.of(7, 8), { append: true });
    assert.deepEqual(readRange(path, 999, 3, 3, owner), Uint8Array.of(bytes[999], 7, 8));
    assert.equal(openFds() - before, 1, "one handle reused");
    // A new owner (a new index snapshot) gets its own handle.
    assert.deepEqual(readRange(path, 0, 2, 2, {}), bytes.subarray(0, 2));
    assert.equal(openFds() - before, 2);
    await new Promise((r) => setTimeout(r, 350));
    assert.equal(openFds() - before, 0, "idle handles are closed");
  } finally {
    retainReadHandles(0);
    await Deno.truncate(path, bytes.length);
  }
  assert.equal(openFds() - before, 0);
});
