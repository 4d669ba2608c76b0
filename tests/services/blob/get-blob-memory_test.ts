/**
 * GetBlob of a ~50 MB file stored as one full snapshot streams with flat memory: the server,
 * run as its own process, answers the whole blob (content hash equal to `hg cat`'s) while its
 * peak resident set grows by far less than the file's size. The client keeps grpc-js' default
 * flow control, so the server must wait for the client (back-pressure) instead of buffering.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { BlobService } from "../../../src/gen/gitaly/blob_pb.ts";
import { blobOid } from "../../../src/gitlab/object-id.ts";
import { createClient } from "../../support/grpc-client.ts";
import { build, commitStep, hgCommand, hgEnv, makeHgHome } from "../../hg/hg-fixture.ts";
import { peakRss, startServerProcess } from "./server-process.ts";

/** Size of the big file, about. */
const BIG_SIZE = 50 * 1024 * 1024;
/**
 * Bound on the server's peak RSS growth while it answers the big blob. V8 collects dead
 * ArrayBuffers (decompressed pieces, encoded messages, grpc-js frames: every byte sent is a few
 * short-lived copies) only once about 64 MB of them piled up since the last collection, so a
 * long enough stream plateaus near 64 MB plus its live working set (a few MB: decompression
 * read-ahead, messages in flight), whatever the blob's size: measured +70 MB. Read whole, the
 * blob also holds its stored chunk (~19 MB) and its text (50 MB) on top of the same garbage:
 * measured +123 MB.
 */
const MAX_GROWTH = 92 * 1024 * 1024;

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

Deno.test("GetBlob of a 50 MB full snapshot: hg cat's content, flat server memory", async () => {
  const expected = await hgCat("big.txt");
  assert.ok(expected.size >= BIG_SIZE, `${expected.size} bytes`);
  await using server = await startServerProcess(dir);
  const client = createClient(BlobService, server.address);
  const repository = { storageName: "default", relativePath: "repo" };

  /** Size and SHA-256 of the content GetBlob answers for `path`, consumed as it arrives. */
  async function getBlob(path: string): Promise<{ size: number; sha256: string }> {
    const hash = createHash("sha256");
    let size = 0;
    let first = true;
    for await (const m of client.getBlob({ repository, oid: blobOid(node, path), limit: -1n })) {
      if (first) assert.equal(m.oid, blobOid(node, path));
      first = false;
      size += m.data.length;
      hash.update(m.data);
    }
    return { size, sha256: hash.digest("hex") };
  }

  // Warm-up: the runtime, the server's modules and the repository's caches count in the base.
  assert.deepEqual(await getBlob("small.txt"), await hgCat("small.txt"));
  await new Promise((resolve) => setTimeout(resolve, 200));
  const before = await peakRss(server.pid);
  const start = performance.now();
  const answered = await getBlob("big.txt");
  const ms = performance.now() - start;
  const after = await peakRss(server.pid);
  assert.deepEqual(answered, expected);
  const growth = after - before;
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  console.log(
    `GetBlob ${mb(expected.size)} in ${ms.toFixed(0)} ms: server peak RSS ${mb(before)} -> ` +
      `${mb(after)} (+${mb(growth)}, bound ${mb(MAX_GROWTH)})`,
  );
  assert.ok(growth < MAX_GROWTH, `peak RSS grew by ${mb(growth)}`);

  // Flat, not merely smaller: streaming the blob 4 more times stays near the same plateau (a
  // server keeping any part of an answer would grow with every call).
  const peaks = [after];
  for (let i = 0; i < 4; i++) {
    assert.deepEqual(await getBlob("big.txt"), expected);
    peaks.push(await peakRss(server.pid));
  }
  console.log(`peaks after each call: ${peaks.map(mb).join(", ")}`);
  // The GC's heap limits still adapt a little (measured +10 to +17 MB over the 4 calls); one
  // retained copy of the text alone would add 50 MB.
  const later = peaks[peaks.length - 1] - after;
  assert.ok(later < 40 * 1024 * 1024, `4 more calls raised the peak by ${mb(later)}`);
});
