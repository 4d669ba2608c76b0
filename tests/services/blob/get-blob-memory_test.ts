/**
 * GetBlob, GetBlobs and TreeEntry of a ~100 MB file stored as one full snapshot stream with flat
 * memory: the server, run as its own process, answers the whole blob (content hash equal to
 * `hg cat`'s) while its peak resident set grows by far less than the file's size, and stays
 * near that plateau over more answers through the three RPCs. The client keeps grpc-js' default
 * flow control, so the server must wait for the client (back-pressure) instead of buffering.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { BlobService } from "../../../src/gen/gitaly/blob_pb.ts";
import { CommitService } from "../../../src/gen/gitaly/commit_pb.ts";
import { byteStringToBytes } from "../../../src/hg/byte-string.ts";
import { blobOid } from "../../../src/gitlab/object-id.ts";
import { createClient } from "../../support/grpc-client.ts";
import { build, commitStep, hgCommand, hgEnv, makeHgHome } from "../../hg/hg-fixture.ts";
import { peakRss, startServerProcess } from "../../support/server-process.ts";

/** Size of the big file, about. */
const BIG_SIZE = 100 * 1024 * 1024;
/**
 * Bound on the server's peak RSS growth while it answers the big blob. V8 collects dead
 * ArrayBuffers (decompressed pieces, encoded messages, grpc-js frames: every byte sent is a few
 * short-lived copies) only once about 64 MB of them piled up since the last collection, so a
 * long enough stream plateaus near 64 MB plus its live working set (a few MB: decompression
 * read-ahead, messages in flight), whatever the blob's size: measured +70 to +87 MB through
 * GetBlob, GetBlobs and TreeEntry for a 50 MB blob, +80 to +84 MB for this 100 MB one. Read
 * whole, the blob also holds its stored chunk and its text on top of the same garbage:
 * measured +123 MB for 50 MB, +241 to +305 MB for 100 MB. The file is 100 MB (the issue asks
 * for 50) so that the bound has a wide margin on both sides: the GC's slack varies with load.
 */
const MAX_GROWTH = 120 * 1024 * 1024;

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Writes about `size` bytes of numbered lines of pseudo-random words at `path`: compressible,
 * but not trivially (the stored zstd chunk is several MB).
 */
async function writeBigText(path: string, size: number): Promise<void> {
  const next = random(42);
  const letters = "abcdefghijklmnopqrstuvwxyz";
  const words = Array.from(
    { length: 4096 },
    () =>
      Array.from({ length: 3 + Math.floor(next() * 8) }, () => letters[Math.floor(next() * 26)])
        .join(""),
  );
  const encoder = new TextEncoder();
  using file = await Deno.open(path, { write: true, create: true, truncate: true });
  let written = 0;
  for (let line = 1; written < size;) {
    const batch: string[] = [];
    for (let i = 0; i < 10_000; i++, line++) {
      const n = 4 + Math.floor(next() * 8);
      const picked = Array.from({ length: n }, () => words[Math.floor(next() * words.length)]);
      batch.push(`${line} ${picked.join(" ")}\n`);
    }
    const bytes = encoder.encode(batch.join(""));
    await file.write(bytes);
    written += bytes.length;
  }
}

const { dir, hgrc } = await makeHgHome();
await build(dir, [["hg", "init", "repo"]], hgrc);
const repoPath = `${dir}/repo`;
await writeBigText(`${repoPath}/big.txt`, BIG_SIZE);
await Deno.writeTextFile(`${repoPath}/small.txt`, "small\n");
await build(repoPath, [commitStep("big", 0)], hgrc);
const node = (await hgCommand(["log", "-r", "0", "-T", "{node}"], repoPath, hgrc)).trim();

/** Size and SHA-256 of `hg cat` of `path` at changeset 0. */
async function hgCat(path: string): Promise<{ size: number; sha256: string }> {
  const out = await new Deno.Command("hg", {
    args: ["cat", "-r", "0", path],
    cwd: repoPath,
    env: hgEnv(hgrc),
    stdout: "piped",
  }).output();
  assert.ok(out.success, `hg cat ${path}`);
  return { size: out.stdout.length, sha256: createHash("sha256").update(out.stdout).digest("hex") };
}

const repository = { storageName: "default", relativePath: "repo" };
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** Size and SHA-256 of the content of `answer`, consumed as it arrives; checks its oid. */
async function received(
  path: string,
  answer: AsyncIterable<{ oid: string; data: Uint8Array }>,
): Promise<{ size: number; sha256: string }> {
  const hash = createHash("sha256");
  let size = 0;
  let first = true;
  for await (const m of answer) {
    if (first) assert.equal(m.oid, blobOid(node, path));
    first = false;
    size += m.data.length;
    hash.update(m.data);
  }
  return { size, sha256: hash.digest("hex") };
}

/** A call answering the content of a path at changeset 0. */
type BlobCall = (path: string) => AsyncIterable<{ oid: string; data: Uint8Array }>;

/** The three streaming RPCs answering a blob, as clients of the server at `address`. */
function blobCalls(address: string): Record<string, BlobCall> {
  const blobs = createClient(BlobService, address);
  const commits = createClient(CommitService, address);
  return {
    GetBlob: (path) => blobs.getBlob({ repository, oid: blobOid(node, path), limit: -1n }),
    GetBlobs: (path) =>
      blobs.getBlobs({
        repository,
        revisionPaths: [{ revision: node, path: byteStringToBytes(path) }],
        limit: -1n,
      }),
    TreeEntry: (path) =>
      commits.treeEntry({
        repository,
        revision: byteStringToBytes(node),
        path: byteStringToBytes(path),
      }),
  };
}

// Each RPC answers the big blob first in a server of its own, from the same base: the peak is a
// high-water mark and V8's heap limits adapt over the first few big answers (measured: the
// peak of a third 50 MB answer in one process, streamed, reached +91 MB). The same process then
// answers it again through the three RPCs in turn.
for (const rpc of ["GetBlob", "GetBlobs", "TreeEntry"]) {
  Deno.test(`${rpc} of a 100 MB full snapshot: hg cat's content, flat server memory`, async () => {
    const expected = await hgCat("big.txt");
    assert.ok(expected.size >= BIG_SIZE, `${expected.size} bytes`);
    await using server = await startServerProcess(dir);
    const calls = blobCalls(server.address);
    const call = calls[rpc];

    // Warm-up: the runtime, the server's modules and the repository's caches count in the base.
    assert.deepEqual(await received("small.txt", call("small.txt")), await hgCat("small.txt"));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = await peakRss(server.pid);
    const start = performance.now();
    const answered = await received("big.txt", call("big.txt"));
    const ms = performance.now() - start;
    const after = await peakRss(server.pid);
    assert.deepEqual(answered, expected);
    const growth = after - before;
    console.log(
      `${rpc} ${mb(expected.size)} in ${ms.toFixed(0)} ms: server peak RSS ${mb(before)} -> ` +
        `${mb(after)} (+${mb(growth)}, bound ${mb(MAX_GROWTH)})`,
    );
    assert.ok(growth < MAX_GROWTH, `peak RSS grew by ${mb(growth)}`);

    // Flat, not merely smaller: streaming the blob 4 more times, through each RPC, stays near
    // the same plateau (a server keeping any part of an answer would grow with every call, one
    // reading the blob whole would add its text and stored chunk: measured +113 to +138 MB).
    const peaks = [after];
    const names = Object.keys(calls);
    for (let i = 0; i < 4; i++) {
      const name = names[(names.indexOf(rpc) + 1 + i) % names.length];
      assert.deepEqual(await received("big.txt", calls[name]("big.txt")), expected, name);
      peaks.push(await peakRss(server.pid));
    }
    console.log(`peaks after each call: ${peaks.map(mb).join(", ")}`);
    // The GC's heap limits still adapt a little (measured +8 to +18 MB over the 4 calls); one
    // retained copy of the text alone would add 100 MB.
    const later = peaks[peaks.length - 1] - after;
    assert.ok(later < 40 * 1024 * 1024, `4 more calls raised the peak by ${mb(later)}`);
  });
}
