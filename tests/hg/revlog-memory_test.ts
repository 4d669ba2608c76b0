/**
 * What the engine keeps in memory across reads: cached indexes hold no inline data chunks,
 * walks reading each file once (archives) leave nothing in the text cache, and neither ever
 * serves stale data after hg writes (appends, inline revlogs split into `.i` + `.d`).
 */
import assert from "node:assert/strict";
import { bytesToByteString } from "../../src/hg/byte-string.ts";
import { CorruptionError } from "../../src/hg/errors.ts";
import { Filelog } from "../../src/hg/filelog.ts";
import { openRepository } from "../../src/hg/repository.ts";
import { revlogTextCache } from "../../src/hg/revlog-text-cache.ts";
import { streamedFileContent } from "../../src/hg/streamed-file-content.ts";
import { build, commitStep, hgCommand, makeHgHome, numberedLines } from "./hg-fixture.ts";

const { dir, hgrc } = await makeHgHome();
const decoder = new TextDecoder();

async function hgCat(repo: string, rev: string, path: string): Promise<string> {
  return await hgCommand(["cat", "-r", rev, path], repo, hgrc);
}

Deno.test("cached inline indexes keep entries only, reads still match hg", async () => {
  const repo = `${dir}/inline`;
  await build(dir, [
    ["hg", "init", "inline"],
    ["cd", "inline"],
    ["write", "f", numberedLines("one", 200)],
    commitStep("one", 1_000_000),
    ["write", "f", numberedLines("two", 150)],
    commitStep("two", 1_000_100),
  ], hgrc);
  const first = openRepository(repo).filelog("f");
  assert.equal(first.index.inline, true);
  const fileSize = Deno.statSync(first.indexPath).size;
  // Entries only: 64 bytes per revision, the data chunks stay in the file.
  assert.equal(first.index.entries.length, 64 * first.length);
  assert.ok(first.index.entries.length < fileSize);
  // A second snapshot shares the cached index and reads the chunks from the file.
  const second = openRepository(repo).filelog("f");
  assert.equal(second.index, first.index);
  for (let rev = 0; rev < second.length; rev++) {
    assert.equal(decoder.decode(second.content(rev)), await hgCat(repo, String(rev), "f"));
  }
});

Deno.test("streamed reads are not kept in the text cache", async () => {
  const repo = `${dir}/streamed`;
  await build(dir, [
    ["hg", "init", "streamed"],
    ["cd", "streamed"],
    ["write", "a.txt", numberedLines("a", 50)],
    ["write", "b.txt", numberedLines("b", 60)],
    commitStep("base", 1_000_000),
    ["write", "a.txt", numberedLines("a2", 40)],
    commitStep("edit", 1_000_100),
  ], hgrc);
  const r = openRepository(repo);
  const manifest = r.manifest(r.changelog.read(1).manifestNode);
  for (const path of ["a.txt", "b.txt"]) {
    const { node } = manifest.get(path)!;
    revlogTextCache.clear();
    const text = streamedFileContent(r, path, node);
    assert.equal(decoder.decode(text), await hgCat(repo, "1", path));
    assert.equal(revlogTextCache.size, 0, `${path} left texts in the cache`);
    // An ordinary read does cache it (the option is what differs).
    const fl = r.filelog(path);
    fl.content(fl.rev(node)!);
    assert.ok(revlogTextCache.size > 0);
  }
});

Deno.test("no stale data when hg appends to or splits an inline filelog", async () => {
  const repo = `${dir}/split`;
  await build(dir, [
    ["hg", "init", "split"],
    ["cd", "split"],
    ["write", "f", numberedLines("v0", 20)],
    commitStep("v0", 1_000_000),
  ], hgrc);
  const before = openRepository(repo).filelog("f");
  assert.equal(before.index.inline, true);
  assert.equal(decoder.decode(before.content(0)), await hgCat(repo, "0", "f"));

  // An append: the cached index is replaced by a longer snapshot; the old one stays valid.
  await build(repo, [["write", "f", numberedLines("v1", 30)], commitStep("v1", 1_000_100)], hgrc);
  const appended = openRepository(repo).filelog("f");
  assert.equal(appended.length, 2);
  // A snapshot on the cached index, whose chunks are read from the file lazily.
  const cached = openRepository(repo).filelog("f");
  assert.equal(cached.index, appended.index);
  assert.equal(decoder.decode(appended.content(1)), await hgCat(repo, "1", "f"));
  assert.equal(before.length, 1);
  assert.equal(decoder.decode(before.content(0)), await hgCat(repo, "0", "f"));

  // Incompressible content over 128 KiB makes hg split the revlog into `.i` + `.d`.
  const noise = Array.from(
    { length: 3 },
    () => bytesToByteString(crypto.getRandomValues(new Uint8Array(60 * 1024))),
  ).join("");
  await build(repo, [["write", "f", noise], commitStep("big", 1_000_200)], hgrc);
  const split = new Filelog("f", appended.indexPath, appended.dataPath);
  assert.equal(split.index.inline, false);
  assert.equal(split.length, 3);
  for (let rev = 0; rev < 3; rev++) {
    assert.equal(bytesToByteString(split.content(rev)), await hgCat(repo, String(rev), "f"));
  }
  // Snapshots taken before the split keep answering from the bytes they read; one that had
  // not read its chunks yet cannot find them in the rewritten file and says so (never wrong
  // data); every new snapshot sees the split revlog.
  assert.equal(decoder.decode(appended.content(1)), await hgCat(repo, "1", "f"));
  revlogTextCache.clear(); // else the text read through `appended` answers
  assert.throws(() => cached.content(1), CorruptionError);
  assert.equal(bytesToByteString(openRepository(repo).filelog("f").content(2)), noise);
});
