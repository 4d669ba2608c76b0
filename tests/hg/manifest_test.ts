import assert from "node:assert/strict";
import { Manifest } from "../../src/hg/manifest.ts";
import { byteStringToBytes } from "../../src/hg/byte-string.ts";
import { CorruptionError } from "../../src/hg/errors.ts";
import { NULL_NODE } from "../../src/hg/node.ts";
import { openRepository } from "../../src/hg/repository.ts";
import { dumpRepository, hgCommand, makeHgHome } from "./hg-fixture.ts";
import { buildRichRepo } from "./rich-repo.ts";
import { assertManifestsMatch } from "./differential.ts";

const { dir, hgrc } = await makeHgHome();
const path = await buildRichRepo(dir, hgrc);
const dump = await dumpRepository(path, hgrc);

Deno.test("the manifest of every changeset equals hg's", () => {
  assertManifestsMatch(openRepository(path), dump);
});

Deno.test("manifests equal `hg manifest --debug`", async () => {
  const repo = openRepository(path);
  for (const rev of [0, 1, 5, 9, repo.changelog.length - 1]) {
    const out = await hgCommand(["manifest", "--debug", "--hidden", "-r", `${rev}`], path, hgrc);
    const expected = out.split("\n").filter((l) => l).map((l) => {
      const [node, mode, kind] = [l.slice(0, 40), l.slice(41, 44), l[45]];
      const flags = kind === "@" ? "l" : kind === "*" ? "x" : "";
      assert.equal(mode, flags === "x" ? "755" : "644");
      return [l.slice(47), node, flags];
    });
    const m = repo.manifest(repo.changelog.read(rev).manifestNode);
    assert.deepEqual([...m.entries()].map(([p, e]) => [p, e.node, e.flags]), expected);
    assert.deepEqual(expected.map((_, i) => m.flags(i)), expected.map((e) => e[2]));
  }
});

Deno.test("flags of executables and symlinks, and their changes", () => {
  const repo = openRepository(path);
  const first = repo.manifest(repo.changelog.read(0).manifestNode);
  assert.equal(first.get("bin/tool.sh")?.flags, "x");
  assert.equal(first.get("link-to-readme")?.flags, "l");
  assert.equal(first.get("README")?.flags, "");
  const later = repo.manifest(repo.changelog.read(9).manifestNode);
  assert.equal(later.get("bin/tool.sh")?.flags, "");
});

Deno.test("lookups, ordering and the parsed manifest cache", () => {
  const repo = openRepository(path);
  const node = repo.changelog.read(repo.changelog.length - 1).manifestNode;
  const m = repo.manifest(node);
  assert.equal(repo.manifest(node), m, "parsed manifests are cached by node");
  assert.equal(openRepository(path).manifest(node), m, "and shared by reopened repositories");
  const paths = m.paths();
  assert.equal(paths.length, m.size);
  assert.ok(m.size > 200);
  for (let i = 1; i < paths.length; i++) assert.ok(paths[i - 1] < paths[i]);
  for (let i = 0; i < paths.length; i += 17) {
    assert.equal(m.indexOf(paths[i]), i);
    assert.deepEqual(m.get(paths[i]), m.entry(i));
  }
  assert.equal(m.get("no/such/file"), undefined);
  assert.equal(m.has("README"), true);
  assert.equal(m.has("READM"), false);
  const bigStart = m.lowerBound("big/");
  assert.equal(m.path(bigStart), "big/large.bin");
  assert.equal(m.path(bigStart + 1), "big/large.txt");
  assert.ok(!m.path(bigStart + 2).startsWith("big/"));
  assert.equal(repo.manifest(NULL_NODE).size, 0);
  assert.throws(() => repo.manifest("1".repeat(40)), CorruptionError);
});

Deno.test("Manifest parses flags and rejects malformed text", () => {
  const n = "0123456789abcdef0123456789abcdef01234567";
  const m = new Manifest(byteStringToBytes(`a\0${n}\nb/c\0${n}x\nd\0${n}l\ne\0${n}t\n`));
  assert.deepEqual([...m.entries()].map(([p, e]) => [p, e.flags]), [
    ["a", ""],
    ["b/c", "x"],
    ["d", "l"],
    ["e", "t"],
  ]);
  assert.equal(new Manifest(new Uint8Array(0)).size, 0);
  for (const bad of [`a\0${n}`, `a${n}\n`, `a\0abc\n`, `a\0${n}\nb`]) {
    assert.throws(() => new Manifest(byteStringToBytes(bad)), CorruptionError, JSON.stringify(bad));
  }
  const nonAscii = new Manifest(byteStringToBytes(`caf\xc3\xa9\0${n}\nz\xff\0${n}\n`));
  assert.deepEqual(nonAscii.paths(), ["caf\xc3\xa9", "z\xff"]);
  assert.equal(nonAscii.indexOf("z\xff"), 1);
  assert.equal(nonAscii.lowerBound("caf\xc3"), 0);
  assert.equal(nonAscii.lowerBound("caf\xc3\xaa"), 1);
});
