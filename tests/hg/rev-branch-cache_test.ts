import assert from "node:assert/strict";
import { clearBranchesCache, repoBranchInfo } from "../../src/hg/repo-branches.ts";
import { openRepository } from "../../src/hg/repository.ts";
import { readRevBranchCache, RevBranchCache } from "../../src/hg/rev-branch-cache.ts";
import { buildFixture } from "./hg-fixture.ts";

const fixture = await buildFixture(`
c r0
hg branch -q stable; c r1
hg ci -q --close-branch -m r2-close
hg up -q 0; hg branch -q ünïcode; c r3
hg up -q 0; hg topic -q feat; c r4
`);
await fixture.server.check("branches");
const cacheDir = `${fixture.repo}/.hg/cache`;

/** `branch close` of each revision as hg reports it. */
async function hgFacts(): Promise<string[]> {
  const out = await fixture.server.check(
    "log",
    "-r",
    "all()",
    "-T",
    '{branch} {get(extras,"close")}\\n',
  );
  return out.split("\n").slice(0, -1);
}

function tableFacts(): string[] {
  clearBranchesCache();
  const repo = openRepository(fixture.repo);
  const table = repoBranchInfo(repo);
  return Array.from(
    { length: table.length },
    (_, rev) => `${table.branch(rev)} ${table.closesBranch(rev) ? "1" : ""}`,
  );
}

Deno.test("every record of hg's revision branch cache matches hg log", async () => {
  const cache = readRevBranchCache(cacheDir);
  assert.ok(cache !== undefined);
  const repo = openRepository(fixture.repo);
  const facts = await hgFacts();
  assert.equal(cache.length, repo.changelog.length);
  facts.forEach((fact, rev) => {
    const hit = cache.lookup(rev, repo.changelog.node(rev));
    assert.ok(hit !== undefined, `rev ${rev}`);
    assert.equal(`${hit.branch} ${hit.closesBranch ? "1" : ""}`, fact);
  });
});

Deno.test("stale, unset, out-of-range and unknown-name records are ignored", () => {
  const node = "abcdef01" + "0".repeat(32);
  const records = new Uint8Array([
    0xab,
    0xcd,
    0xef,
    0x01,
    0x80,
    0,
    0,
    1, // rev 0: valid, closes, name 1
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0, // rev 1: unset
    0x12,
    0x34,
    0x56,
    0x78,
    0,
    0,
    0,
    0, // rev 2: other node
    0xab,
    0xcd,
    0xef,
    0x01,
    0,
    0,
    0,
    9, // rev 3: unknown name index
  ]);
  const cache = new RevBranchCache(["default", "stable"], records);
  assert.deepEqual(cache.lookup(0, node), { branch: "stable", closesBranch: true });
  assert.equal(cache.lookup(1, node), undefined);
  assert.equal(cache.lookup(2, node), undefined);
  assert.equal(cache.lookup(3, node), undefined);
  assert.equal(cache.lookup(4, node), undefined);
});

Deno.test("branch facts are the same with a valid, a garbled or no cache", async () => {
  const expected = await hgFacts();
  assert.deepEqual(tableFacts(), expected);
  const path = `${cacheDir}/rbc-revs-v1`;
  const original = await Deno.readFile(path);
  try {
    await Deno.writeFile(path, original.map((b) => b ^ 0xff));
    assert.deepEqual(tableFacts(), expected);
    await Deno.remove(path);
    assert.deepEqual(tableFacts(), expected);
    await Deno.remove(`${cacheDir}/rbc-names-v1`);
    assert.equal(readRevBranchCache(cacheDir), undefined);
    assert.deepEqual(tableFacts(), expected);
  } finally {
    await Deno.writeFile(path, original);
  }
});
