import assert from "node:assert/strict";
import {
  changedFilesIndex,
  changesetFiles,
  clearChangedFilesCache,
} from "../../src/hg/changed-files-index.ts";
import { openRepository } from "../../src/hg/repository.ts";
import { build, dumpRepository, makeHgHome } from "./hg-fixture.ts";

Deno.test("changed-files index: hg's files lists, incremental growth, strip detection", async () => {
  const { dir, hgrc } = await makeHgHome();
  const repo = `${dir}/r`;
  await build(dir, [
    ["hg", "init", "r"],
    ["cd", "r"],
    ["write", "a", "a\n"],
    ["write", "d/b", "b\n"],
    ["hg", "commit", "-Aqm", "one"],
    ["hg", "rm", "a"],
    ["hg", "commit", "-qm", "remove"],
    ["hg", "commit", "-qm", "empty", "--config", "ui.allowemptycommit=1"],
  ], hgrc);
  clearChangedFilesCache();
  const open = () => {
    const r = openRepository(repo);
    return changedFilesIndex(r.hgDir, r.changelog);
  };
  const check = async () => {
    const index = open();
    const dump = await dumpRepository(repo, hgrc);
    assert.equal(index.length, dump.revs.length);
    dump.revs.forEach((rev, i) => {
      assert.deepEqual(index.filesOf(i).map((id) => index.paths[id]), rev.files);
    });
    return index;
  };
  const first = open();
  assert.deepEqual(first.filesOf(1).map((id) => first.paths[id]), ["a"]);
  assert.deepEqual(first.filesOf(2), []);
  assert.deepEqual(first.revsOf(first.pathId("a")!), [0, 1]);
  await build(repo, [["write", "c", "c\n"], ["hg", "commit", "-Aqm", "more"]], hgrc);
  const grown = open();
  assert.equal(grown, first); // extended in place
  assert.deepEqual(grown.filesOf(3).map((id) => grown.paths[id]), ["c"]);
  await build(repo, [
    ["hg", "strip", "-q", "--config", "extensions.strip=", "-r", "3"],
    ["write", "e", "e\n"],
    ["hg", "commit", "-Aqm", "other"],
  ], hgrc);
  const rebuilt = await check();
  assert.notEqual(rebuilt, first);
  assert.deepEqual(changesetFiles(new TextEncoder().encode("m\nu\n0 0\n\ndesc")), []);
});
