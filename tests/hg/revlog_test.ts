import assert from "node:assert/strict";
import { Revlog } from "../../src/hg/revlog.ts";
import { openRepository, type Repository } from "../../src/hg/repository.ts";
import { CorruptionError, UnsupportedRequirementError } from "../../src/hg/errors.ts";
import { NULL_NODE, NULL_REV } from "../../src/hg/node.ts";
import { build, dumpRepository, hgCommand, makeHgHome } from "./hg-fixture.ts";
import { buildRichRepo } from "./rich-repo.ts";
import { allFilelogPaths, assertNodeHashes, assertRepositoryMatches } from "./differential.ts";

const { dir, hgrc } = await makeHgHome();

const VARIANTS: Record<string, string[]> = {
  zstd: [],
  zlib: ["--config", "format.revlog-compression=zlib"],
  none: ["--config", "format.revlog-compression=none"],
  "no-generaldelta": [
    "--config",
    "format.usegeneraldelta=no",
    "--config",
    "format.sparse-revlog=no",
  ],
};
const repos: Record<string, string> = {};
await Promise.all(
  Object.entries(VARIANTS).map(async ([name, initArgs]) => {
    repos[name] = await buildRichRepo(dir, hgrc, name, { small: name !== "zstd", initArgs });
  }),
);
const dumps = Object.fromEntries(
  await Promise.all(
    Object.entries(repos).map(async ([name, path]) => [name, await dumpRepository(path, hgrc)]),
  ),
);

function allRevlogs(repo: Repository, name: string): Revlog[] {
  return [
    repo.changelog,
    repo.manifestLog,
    ...allFilelogPaths(dumps[name]).map((p) => repo.filelog(p)),
  ];
}

/** Compression headers of the stored chunks of a revlog. */
function chunkHeaders(revlog: Revlog): Set<string> {
  const headers = new Set<string>();
  const index = revlog.index;
  for (let r = 0; r < revlog.length; r++) {
    if (index.compressedLength(r) === 0) continue;
    const pos = index.chunkPosition(r);
    const byte = (() => {
      const f = Deno.openSync(index.inline ? revlog.indexPath : revlog.dataPath);
      const b = new Uint8Array(1);
      f.seekSync(pos, Deno.SeekMode.Start);
      f.readSync(b);
      f.close();
      return b[0];
    })();
    headers.add(String.fromCharCode(byte));
  }
  return headers;
}

for (const name of Object.keys(VARIANTS)) {
  Deno.test(`${name}: every changeset, manifest and file equals hg's`, () => {
    assertRepositoryMatches(openRepository(repos[name]), dumps[name]);
  });

  Deno.test(`${name}: every revision hashes to its node`, () => {
    for (const revlog of allRevlogs(openRepository(repos[name]), name)) assertNodeHashes(revlog);
  });
}

Deno.test("chunk compression headers match the configured engine", () => {
  const seen = (name: string) => {
    const all = new Set<string>();
    for (const rl of allRevlogs(openRepository(repos[name]), name)) {
      for (const h of chunkHeaders(rl)) all.add(h);
    }
    return all;
  };
  const zstd = seen("zstd");
  assert.ok(zstd.has("("), `zstd headers: ${[...zstd]}`);
  assert.ok(!zstd.has("x"));
  const zlib = seen("zlib");
  assert.ok(zlib.has("x"), `zlib headers: ${[...zlib]}`);
  assert.ok(!zlib.has("("));
  const none = seen("none");
  assert.ok(!none.has("x") && !none.has("("), `none headers: ${[...none]}`);
  assert.ok(none.has("u") || none.has("\0"));
});

Deno.test("large revlogs are split in .i and .d and read with deltas", () => {
  const repo = openRepository(repos.zstd);
  assert.equal(repo.changelog.index.inline, false);
  assert.equal(repo.manifestLog.index.inline, false);
  const large = repo.filelog("big/large.txt");
  const bin = repo.filelog("big/large.bin");
  assert.equal(bin.index.inline, false);
  assert.equal(large.length, 6);
  assert.ok(
    [...Array(large.length).keys()].some((r) => large.deltaParent(r) !== NULL_REV),
    "some revision is stored as a delta",
  );
});

Deno.test("generaldelta flag and delta parents", () => {
  const gd = openRepository(repos.zstd);
  // Mercurial never uses generaldelta for the changelog.
  assert.equal(gd.changelog.index.generalDelta, false);
  assert.equal(gd.manifestLog.index.generalDelta, true);
  const plain = openRepository(repos["no-generaldelta"]);
  assert.equal(plain.manifestLog.index.generalDelta, false);
  for (const rl of allRevlogs(plain, "no-generaldelta")) {
    for (let r = 0; r < rl.length; r++) {
      const dp = rl.deltaParent(r);
      assert.ok(dp === NULL_REV || dp === r - 1);
    }
  }
  // With generaldelta, merges and branches make deltas against non-adjacent revisions.
  const manifest = gd.manifestLog;
  assert.ok(
    [...Array(manifest.length).keys()].some((r) => {
      const dp = manifest.deltaParent(r);
      return dp !== NULL_REV && dp !== r - 1;
    }),
  );
});

Deno.test("node, rev, parents and linkrev agree with hg", async () => {
  const repo = openRepository(repos.zstd);
  const cl = repo.changelog;
  const out = await hgCommand(
    ["log", "--hidden", "-r", "all()", "-T", "{rev} {node} {p1rev} {p2rev}\\n"],
    repos.zstd,
    hgrc,
  );
  for (const line of out.trim().split("\n")) {
    const [rev, node, p1, p2] = line.split(" ");
    assert.equal(cl.node(+rev), node);
    assert.equal(cl.rev(node), +rev);
    assert.equal(cl.rev(node.toUpperCase()), +rev);
    assert.deepEqual(cl.parents(+rev), [+p1, +p2]);
    assert.equal(cl.linkrev(+rev), +rev);
  }
  assert.equal(cl.node(NULL_REV), NULL_NODE);
  assert.equal(cl.rev(NULL_NODE), NULL_REV);
  assert.deepEqual(cl.parents(NULL_REV), [NULL_REV, NULL_REV]);
  assert.equal(cl.rev("f".repeat(40)), undefined);
  assert.equal(cl.revision(NULL_REV).length, 0);
  assert.throws(() => cl.node(cl.length), RangeError);
  // File revisions link to the changeset introducing them.
  const readme = repo.filelog("README");
  const introducing = new Set(
    (await hgCommand(["log", "--hidden", "-T", "{rev}\\n", "README"], repos.zstd, hgrc))
      .trim().split("\n").map(Number),
  );
  for (let r = 0; r < readme.length; r++) assert.ok(introducing.has(readme.linkrev(r)));
});

Deno.test("lookupPrefix finds unique prefixes and reports ambiguity like hg", async () => {
  const cl = openRepository(repos.zstd).changelog;
  const nodes = [NULL_NODE, ...[...Array(cl.length).keys()].map((r) => cl.node(r))];
  const prefixes = new Set<string>();
  for (const n of nodes) for (let l = 1; l <= 6; l++) prefixes.add(n.slice(0, l));
  for (const p of prefixes) {
    const matches = nodes.map((n, i) => [n, i - 1] as const).filter(([n]) => n.startsWith(p));
    const expected = matches.length > 1 ? "ambiguous" : matches[0][1];
    assert.equal(cl.lookupPrefix(p), expected, `prefix ${p}`);
  }
  assert.equal(cl.lookupPrefix(nodes[3]), 2);
  assert.equal(cl.lookupPrefix(nodes[3].slice(0, 12).toUpperCase()), 2);
  assert.equal(cl.lookupPrefix("zz"), undefined);
  assert.equal(cl.lookupPrefix(""), undefined);
  const unique = nodes[5].slice(0, 10);
  const hgRev = await hgCommand(["log", "--hidden", "-r", unique, "-T", "{rev}"], repos.zstd, hgrc);
  assert.equal(cl.lookupPrefix(unique), Number(hgRev));
});

Deno.test("a revlog is a snapshot; reopening sees appends, reuses unchanged indexes", async () => {
  const path = `${dir}/snap`;
  await build(dir, [["hg", "init", "snap"], ["cd", "snap"], ["write", "f", "1\n"], [
    "hg",
    "commit",
    "-A",
    "-q",
    "-m",
    "one",
  ]], hgrc);
  const before = openRepository(path);
  const beforeFile = before.filelog("f");
  const again = openRepository(path);
  assert.equal(again.changelog.index, before.changelog.index, "unchanged index is shared");
  await build(path, [["write", "f", "2\n"], ["hg", "commit", "-q", "-m", "two"]], hgrc);
  assert.equal(before.changelog.length, 1);
  assert.equal(before.changelog.read(0).description, "one");
  assert.equal(beforeFile.length, 1);
  const after = openRepository(path);
  assert.equal(after.changelog.length, 2);
  // The new snapshot extends the old one's node table; each filters by its own length.
  assert.equal(before.changelog.rev(before.changelog.node(0)), 0);
  const newNode = after.changelog.node(1);
  assert.equal(after.changelog.rev(newNode), 1);
  assert.equal(before.changelog.rev(newNode), undefined);
  assert.equal(before.changelog.lookupPrefix(newNode.slice(0, 12)), undefined);
  assert.equal(after.changelog.rev(before.changelog.node(0)), 0);
  assert.equal(after.changelog.read(1).description, "two");
  assert.equal(new TextDecoder().decode(after.filelog("f").content(1)), "2\n");
});

Deno.test("partial trailing index entries are not part of the snapshot", () => {
  const repo = openRepository(repos.zstd);
  for (const source of [repo.filelog("README"), repo.changelog]) {
    const copy = `${dir}/partial-${source.index.inline ? "inline" : "split"}`;
    const data = Deno.readFileSync(source.indexPath);
    if (!source.index.inline) Deno.copyFileSync(source.dataPath, `${copy}.d`);
    // A torn write: part of an entry.
    Deno.writeFileSync(`${copy}.i`, Uint8Array.from([...data, ...new Uint8Array(30)]));
    assert.equal(new Revlog(`${copy}.i`).length, source.length);
    // A whole entry whose inline data is not all there yet.
    const entry = new Uint8Array(64 + 10);
    new DataView(entry.buffer).setInt32(8, 1000);
    Deno.writeFileSync(`${copy}.i`, Uint8Array.from([...data, ...entry]));
    const torn = new Revlog(`${copy}.i`);
    assert.equal(torn.length, source.index.inline ? source.length : source.length + 1);
    const last = source.length - 1;
    assert.deepEqual(new Revlog(`${copy}.i`).revision(last), source.revision(last));
  }
});

Deno.test("missing, truncated and unsupported revlogs", () => {
  assert.equal(new Revlog(`${dir}/does-not-exist.i`).length, 0);
  const repo = openRepository(repos.zstd);
  const bin = repo.filelog("big/large.bin");
  const copy = `${dir}/trunc`;
  Deno.copyFileSync(bin.indexPath, `${copy}.i`);
  const data = Deno.readFileSync(bin.dataPath);
  Deno.writeFileSync(`${copy}.d`, data.subarray(0, data.length - 100));
  const truncated = new Revlog(`${copy}.i`);
  assert.throws(() => truncated.revision(truncated.length - 1), CorruptionError);
  const v2 = new Uint8Array(64);
  new DataView(v2.buffer).setUint32(0, 0xdead);
  Deno.writeFileSync(`${dir}/v2.i`, v2);
  assert.throws(() => new Revlog(`${dir}/v2.i`), UnsupportedRequirementError);
});

Deno.test("a rewritten index file is not mistaken for an append", () => {
  const small = openRepository(`${dir}/snap`).filelog("f");
  const other = openRepository(repos.zlib).filelog("README");
  const copy = `${dir}/rewritten.i`;
  Deno.copyFileSync(small.indexPath, copy);
  const first = new Revlog(copy);
  const firstNode = first.node(0);
  assert.equal(first.rev(firstNode), 0);
  Deno.copyFileSync(other.indexPath, copy);
  const second = new Revlog(copy);
  assert.equal(second.length, other.length);
  assert.equal(second.rev(firstNode), undefined);
  assert.equal(second.rev(other.node(1)), 1);
  assert.deepEqual(second.revision(1), other.revision(1));
});
