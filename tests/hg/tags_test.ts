import assert from "node:assert/strict";
import { NULL_NODE } from "../../src/hg/node.ts";
import { clearRepoStateCache } from "../../src/hg/repo-state.ts";
import { openRepository } from "../../src/hg/repository.ts";
import type { TagHistoryMap } from "../../src/hg/tag-history.ts";
import {
  clearTagsCache,
  globalTagHistories,
  globalTags,
  localTagHistories,
  repoTags,
} from "../../src/hg/tags.ts";
import { buildFixture, runFixtureScript } from "./hg-fixture.ts";

const UNKNOWN = "0123456789abcdef0123456789abcdef01234567";

// Revision numbers in comments; tags in several heads (default, stable, a closed head, a
// topic head), moved, removed, to an unknown node, to a hidden changeset, local ones.
const FIXTURE = `
c r0
hg tag -r 0 v0
hg branch -q stable; c r2
hg tag -r 2 s1
hg up -q 1; c r4
hg tag -f -r 4 v0
hg tag -r 0 gone
hg tag --remove gone
a .hgtags ${UNKNOWN} unknown; hg ci -qm hand-edited
hg up -q 3; hg tag -r 4 both
hg up -q 8; hg tag -f -r 0 both
hg up -q 10; c rx
hg up -q 10; hg tag -f -r 11 hid; hg prune -q -r 11
hg up -q 9; hg tag -r 2 closedtag; hg ci -q --close-branch -m close-stable
hg up -q 12; hg topic -q tt; hg tag -r 0 topictag
hg tag -r 0 mv; hg tag -f -r 2 mv
hg tag -l -r 0 loc
hg tag -l -f -r 2 v0
hg tag -l -f -r 0 mv
a .hg/localtags ${UNKNOWN} badlocal
`;

const fixture = await buildFixture(FIXTURE);
const { server } = fixture;

interface HgTag {
  tag: string;
  node: string;
  type: string;
}

/** `hg tags -T json` without tip, as `name node type` lines. */
async function hgTags(): Promise<string[]> {
  const list = JSON.parse(await server.check("tags", "-T", "json")) as HgTag[];
  return list.filter((t) => t.tag !== "tip").map((t) => `${t.tag} ${t.node} ${t.type || "global"}`)
    .sort();
}

function ourTags(path: string): string[] {
  const repo = openRepository(path);
  return [...repoTags(repo)].map(([name, t]) => `${name} ${t.node} ${t.type}`).sort();
}

/** Renders histories like Mercurial's tags2-* cache body (sorted names, history then node). */
function renderHistories(histories: TagHistoryMap): string {
  return [...histories].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0).flatMap((
    [name, e],
  ) => [...e.history, e.node].map((n) => `${n} ${name}\n`)).join("");
}

Deno.test("tags match hg tags (types, moves, removals, unknown and hidden targets)", async () => {
  const expected = await hgTags();
  assert.deepEqual(ourTags(fixture.repo), expected);
  const names = expected.map((l) => l.split(" ")[0]);
  for (const absent of ["gone", "unknown", "hid", "badlocal", "tip"]) {
    assert.ok(!names.includes(absent), absent);
  }
  for (const present of ["s1", "closedtag", "topictag", "both", "loc"]) {
    assert.ok(names.includes(present), present);
  }
});

Deno.test("merged .hgtags histories match hg's tags2-visible cache", async () => {
  await server.check("tags");
  const cacheFile = await Deno.readTextFile(`${fixture.repo}/.hg/cache/tags2-visible`);
  const body = cacheFile.slice(cacheFile.indexOf("\n") + 1);
  const repo = openRepository(fixture.repo);
  assert.equal(renderHistories(globalTagHistories(repo)), body);
});

Deno.test("globalTags excludes local tags and names where the local entry wins", () => {
  const repo = openRepository(fixture.repo);
  const tags = globalTags(repo);
  assert.equal(tags.has("loc"), false);
  assert.equal(tags.has("v0"), false); // local v0 -> r2 wins over the global one
  assert.ok(tags.has("mv")); // global mv supersedes the local mv -> r0
  assert.equal(tags.get("both"), repo.changelog.node(0));
  assert.equal(tags.get("s1"), repo.changelog.node(2));
  assert.ok(localTagHistories(repo).has("badlocal"));
});

Deno.test("hgtagsfnodes1 garbage or absence gives the same tags", async () => {
  const expected = await hgTags();
  const path = `${fixture.repo}/.hg/cache/hgtagsfnodes1`;
  const original = await Deno.readFile(path);
  try {
    await Deno.writeFile(path, original.map((b, i) => i % 24 < 4 ? b : (b ^ 0x5a)));
    clearTagsCache();
    assert.deepEqual(ourTags(fixture.repo), expected);
    await Deno.writeFile(path, new Uint8Array(original.length).fill(0x11));
    clearTagsCache();
    assert.deepEqual(ourTags(fixture.repo), expected);
    await Deno.remove(path);
    clearTagsCache();
    assert.deepEqual(ourTags(fixture.repo), expected);
  } finally {
    await Deno.writeFile(path, original);
  }
});

Deno.test("tags follow new commits and are reused while nothing changes", async () => {
  const before = openRepository(fixture.repo);
  const first = repoTags(before);
  assert.equal(repoTags(openRepository(fixture.repo)), first);
  await runFixtureScript(fixture, "hg tag -r 2 later; hg tag -l --remove loc");
  clearRepoStateCache();
  const after = openRepository(fixture.repo);
  assert.notEqual(repoTags(after), first);
  assert.deepEqual(ourTags(fixture.repo), await hgTags());
  assert.equal(globalTags(after).get("later"), after.changelog.node(2));
  assert.equal(repoTags(after).has("loc"), false);
});

Deno.test("a repository without .hgtags has no tags", async () => {
  const empty = await buildFixture("c a");
  const repo = openRepository(empty.repo);
  assert.equal(repoTags(repo).size, 0);
  assert.equal(globalTagHistories(repo).size, 0);
  assert.equal(NULL_NODE.length, 40);
});
