import assert from "node:assert/strict";
import { Changelog, decodeExtra, parseChangesetText } from "../../src/hg/changelog.ts";
import { byteStringToUtf8 } from "../../src/hg/byte-string.ts";
import { CorruptionError } from "../../src/hg/errors.ts";
import { NULL_NODE, NULL_REV } from "../../src/hg/node.ts";
import { openRepository } from "../../src/hg/repository.ts";
import { build, dumpRepository, hgCommand, makeHgHome } from "./hg-fixture.ts";
import { buildRichRepo } from "./rich-repo.ts";
import { assertChangesetsMatch } from "./differential.ts";

function isUtf8(s: string): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(s, (c) => c.charCodeAt(0)));
    return true;
  } catch {
    return false;
  }
}

const { dir, hgrc } = await makeHgHome();
const path = await buildRichRepo(dir, hgrc);
const EXTRAS = {
  weird: "a\0b\\c\nd\re\\0f",
  "zero-then-digit": "\x001\\01",
  latin1: "\xe9\xff",
  empty: "",
  "colon:in": "key",
};
await build(path, [
  ["write", "extra-file", "x\n"],
  ["hg", "add", "-q", "extra-file"],
  ["commit-extra", "with extras", "Extra <e@x>", "1000003000", JSON.stringify(EXTRAS)],
], hgrc);
const dump = await dumpRepository(path, hgrc);

Deno.test("every changeset equals hg's", () => {
  assertChangesetsMatch(openRepository(path), dump);
});

Deno.test("changesets equal `hg log -T json` (debug and verbose)", async () => {
  const cl = openRepository(path).changelog;
  const debug = JSON.parse(
    await hgCommand(["log", "--hidden", "--debug", "-T", "json", "-r", "all()"], path, hgrc)
      .then(byteStringToUtf8),
  );
  const verbose = JSON.parse(
    await hgCommand(["log", "--hidden", "-v", "-T", "json", "-r", "all()"], path, hgrc).then(
      byteStringToUtf8,
    ),
  );
  assert.equal(debug.length, cl.length);
  for (let i = 0; i < debug.length; i++) {
    const d = debug[i];
    const cs = cl.read(d.rev);
    const u = byteStringToUtf8;
    assert.equal(cs.node, d.node);
    assert.deepEqual(
      [cs.p1, cs.p2].filter((r) => r !== NULL_REV).map((r) => cl.node(r)),
      d.parents.filter((n: string) => n !== NULL_NODE),
    );
    assert.equal(cs.manifestNode, d.manifest);
    assert.equal(u(cs.user), d.user);
    assert.deepEqual([cs.time, cs.tzOffset], d.date);
    assert.equal(u(cs.description), d.desc);
    assert.equal(u(cs.branch), d.branch);
    if (!("latin1" in d.extra)) {
      assert.deepEqual(
        Object.fromEntries([...cs.extra].map(([k, v]) => [u(k), u(v)])),
        d.extra,
      );
    }
    // hg's JSON mangles non-UTF-8 bytes; those are compared byte-exactly by the dump test.
    const v = verbose.find((x: { rev: number }) => x.rev === d.rev);
    const utf8Files = cs.files.filter(isUtf8);
    assert.deepEqual(
      utf8Files.map(u),
      v.files.slice(0, cs.files.length).filter(
        (_: string, i: number) => isUtf8(cs.files[i]),
      ),
    );
  }
});

Deno.test("branch, close, topic and amend extras", () => {
  const cl = openRepository(path).changelog;
  const all = [...Array(cl.length).keys()].map((r) => cl.read(r));
  const byDesc = (d: string) => all.find((c) => c.description === d)!;
  assert.equal(byDesc("on stable").branch, "stable");
  assert.equal(byDesc("close stable").closesBranch, true);
  assert.equal(byDesc("on stable").closesBranch, false);
  assert.equal(byDesc("topic commit").topic, "my-topic");
  assert.equal(byDesc("topic commit, amended").topic, "my-topic");
  assert.ok(byDesc("topic commit, amended").extra.has("amend_source"));
  assert.equal("topic" in byDesc("initial"), false);
  assert.equal(byDesc("initial").branch, "default");
  assert.equal(byDesc("initial").tzOffset, -3600);
  assert.equal(byDesc("initial").user, "Alice <alice@example.org>");
  const extras = byDesc("with extras").extra;
  for (const [k, v] of Object.entries(EXTRAS)) {
    // Keys end at the first colon.
    if (k === "colon:in") assert.equal(extras.get("colon"), "in:key");
    else assert.equal(extras.get(k), v, k);
  }
});

Deno.test("the null changeset", () => {
  const cs = new Changelog(`${path}/.hg/store`).read(NULL_REV);
  assert.equal(cs.node, NULL_NODE);
  assert.equal(cs.manifestNode, NULL_NODE);
  assert.deepEqual([cs.p1, cs.p2, cs.files, cs.branch], [-1, -1, [], "default"]);
});

Deno.test("parseChangesetText handles fractional times, odd timezones and no files", () => {
  const m = "a".repeat(40);
  const cs = parseChangesetText(`${m}\nuser\n1000.5 -330\n\ndesc\n\nbody`);
  assert.equal(cs.time, 1000.5);
  assert.equal(cs.tzOffset, -330);
  assert.deepEqual(cs.files, []);
  assert.equal(cs.description, "desc\n\nbody");
  assert.deepEqual([...cs.extra], [["branch", "default"]]);
  const odd = parseChangesetText(`${m}\nuser\n12 bogus\nf1\nf2\n\n`);
  assert.equal(odd.tzOffset, 0);
  assert.deepEqual(odd.files, ["f1", "f2"]);
  assert.equal(odd.description, "");
  const withExtra = parseChangesetText(`${m}\nu\n1 0 branch:b\0close:1\nf\n\nd`);
  assert.equal(withExtra.branch, "b");
  assert.equal(withExtra.closesBranch, true);
  assert.equal(parseChangesetText("").manifestNode, NULL_NODE);
  assert.throws(() => parseChangesetText(`${m}\nuser`), CorruptionError);
  assert.throws(() => parseChangesetText(`${m}\nu\nnotadate 0\n\nd`), CorruptionError);
});

Deno.test("decodeExtra unescapes like Mercurial", () => {
  // Escaped forms as Mercurial writes them: \\ \n \r \0, the latter possibly before digits.
  const raw = "a:x\\\\y\\ny\\rz\0b:\\01\0c:\\\\0\0d:\\x41\\101";
  assert.deepEqual(Object.fromEntries(decodeExtra(raw)), {
    a: "x\\y\ny\rz",
    b: "\x001",
    c: "\\0",
    d: "AA",
  });
  assert.throws(() => decodeExtra("nocolon"), CorruptionError);
});
