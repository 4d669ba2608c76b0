import assert from "node:assert/strict";
import type { Filelog } from "../../src/hg/filelog.ts";
import { openRepository } from "../../src/hg/repository.ts";
import { concatBytes } from "../../src/hg/concat-bytes.ts";
import { byteStringToBytes } from "../../src/hg/byte-string.ts";
import { build, commitStep, hgCommand, makeHgHome, numberedLines } from "./hg-fixture.ts";

const { dir, hgrc } = await makeHgHome();
/** Compressible content of about 2.5 MiB (several 128 KiB pieces, one stored full text). */
const BIG = numberedLines("a line of the big file, number", 80_000);

/** Repository built with revlog compression `engine`: big file, its copy, then a delta. */
async function buildRepo(name: string, engine: string): Promise<string> {
  const config = ["--config", `format.revlog-compression=${engine}`];
  await build(dir, [
    ["hg", "init", ...config, name],
    ["cd", name],
    ["write", "big.txt", BIG],
    ["write", "small", "small\n"],
    commitStep("big", 0),
    ["hg", "cp", "big.txt", "copy.txt"],
    commitStep("copy", 1),
    ["append", "big.txt", "one more line\n"],
    commitStep("delta", 2),
  ], hgrc);
  return `${dir}/${name}`;
}

/** First byte of the stored chunk of `rev` (its compression header), read as a stream. */
async function storedHeader(fl: Filelog, rev: number): Promise<number | undefined> {
  const pieces = fl.fullTextChunkPieces(rev, 16);
  const first = await pieces?.next();
  await pieces?.return(undefined);
  return first?.value?.[0];
}

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

async function collectPieces(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const piece of chunks) out.push(piece);
  return out;
}

/** `hg cat` of `path` at changeset `rev`. */
async function cat(repo: string, rev: number, path: string): Promise<Uint8Array> {
  return byteStringToBytes(await hgCommand(["cat", "-r", `${rev}`, path], repo, hgrc));
}

const engines = [
  // Stored chunk header expected for the big full text of each compression engine.
  { engine: "zstd", header: 0x28 },
  { engine: "zlib", header: 0x78 },
  { engine: "none", header: 0x75 },
];

for (const { engine, header } of engines) {
  const path = await buildRepo(`repo-${engine}`, engine);

  Deno.test(`contentStream (${engine}): pieces equal hg cat, copy metadata stripped`, async () => {
    const repo = openRepository(path);
    for (const [rev, file] of [[0, "big.txt"], [1, "copy.txt"]] as const) {
      const fl = repo.filelog(file);
      const frev = fl.rev(repo.manifest(repo.changelog.read(rev).manifestNode).get(file)!.node)!;
      assert.equal(await storedHeader(fl, frev), header, `${file}: stored as ${engine}`);
      const stream = await fl.contentStream(frev, 100_000);
      assert.ok(stream, file);
      const expected = await cat(path, rev, file);
      assert.equal(stream.size, expected.length, file);
      const pieces = await collectPieces(stream.chunks);
      assert.ok(pieces.length > 10 && pieces.every((p) => p.length <= 100_000), file);
      assert.deepEqual(concatBytes(pieces), expected, file);
      // The copy's stored text has a metadata header, which content() strips the same way.
      assert.equal(fl.rawSize(frev) > stream.size, file === "copy.txt");
      assert.deepEqual(fl.content(frev, { cache: false }), expected, file);
    }
  });

  Deno.test(`contentStream (${engine}): a delta revision is not streamed`, async () => {
    const repo = openRepository(path);
    const fl = repo.filelog("big.txt");
    const frev = fl.rev(repo.manifest(repo.changelog.read(2).manifestNode).get("big.txt")!.node)!;
    assert.notEqual(fl.deltaParent(frev), -1);
    assert.equal(await fl.contentStream(frev), undefined);
    assert.deepEqual(fl.content(frev), await cat(path, 2, "big.txt"));
  });

  Deno.test(`contentStream (${engine}): stopping early releases the stream`, async () => {
    const repo = openRepository(path);
    const fl = repo.filelog("copy.txt");
    const stream = await fl.contentStream(0);
    assert.ok(stream);
    // Released before the first piece, then again after one piece of a second stream.
    await stream.chunks.return?.();
    assert.equal((await stream.chunks.next()).done, true);
    const again = await fl.contentStream(0, 4096);
    assert.ok(again);
    const first = await again.chunks.next();
    assert.equal(first.done, false);
    assert.deepEqual(first.value, (await cat(path, 1, "copy.txt")).subarray(0, first.value.length));
    await again.chunks.return?.();
    assert.equal((await again.chunks.next()).done, true);
    // A stream reading a data file holds it open (unless it read it all ahead) until stopped.
    const big = repo.filelog("big.txt");
    const third = await big.contentStream(0, 4096);
    assert.ok(third);
    assert.equal((await third.chunks.next()).done, false);
    assert.ok(fdsOn(big.dataPath) <= 1);
    if (engine === "none") assert.equal(fdsOn(big.dataPath), 1);
    await third.chunks.return?.();
    assert.equal(fdsOn(big.dataPath), 0);
  });

  Deno.test(`contentStream (${engine}): a text in the text cache is read from there`, async () => {
    const repo = openRepository(path);
    const fl = repo.filelog("small");
    assert.deepEqual(fl.content(0), new TextEncoder().encode("small\n"));
    assert.equal(await fl.contentStream(0), undefined);
  });
}
