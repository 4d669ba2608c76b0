import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { type ByteString, byteStringToUtf8, utf8ToByteString } from "../../src/hg/byte-string.ts";
import { openRepository } from "../../src/hg/repository.ts";
import {
  clearRepoStateCache,
  readRepoState,
  repoBookmarks,
  repoHidden,
  repoPhases,
} from "../../src/hg/repo-state.ts";
import { makeHgHome, parseScript, runSteps, type Step } from "./hg-fixture.ts";

const INIT =
  "hg init --config format.exp-archived-phase=yes --config format.use-internal-phase=yes repo";
// Run inside the repository. See the comment below for what each line leaves behind.
const HISTORY = `
c r0; c r1; hg phase -qp 1
c r2
c r3; hg amend -qm r3-amended
hg up -q 2; c r5; hg prune -qr 5
hg up -q 2; c r6; c r7; hg up -q 6; hg amend -qm r6-amended
hg up -q 2; c r9; hg prune -qr 9
hg up -q 2; c r10; c r11; hg prune -qr 10:11
hg up -q 2; w r12 r12; hg ci -qAm r12 --secret; c r13; hg prune -qr 12:13
hg up -q 2; c r14; hg tag -l -r 14 lt; hg prune -qr 14
hg up -q 2; c r15; c r16; hg up -q 2; hg strip -q --soft -r 15
hg up -q 2; w r2 dirty; hg shelve -q
hg up -q 2; c r18; hg up -q 4; c r19; hg merge -q 18; hg ci -qm r20-merge
hg up -q 18; hg amend -qm r18-amended
hg up -q 2; c r22; c r23; hg up -q 22; hg prune -qr 22:23
hg up -q 2; c r24; w r24 changed; hg commit -q --amend -m r24-amended
hg up -q --hidden 23
hg bookmark -q --hidden -r 9 bm-obs
hg bookmark -q --hidden -r 11 bm-chain
hg bookmark -q -r 1 café
hg debugobsolete -q 9ba9ec9c0b4d7f1e7b8e8b8d1b5ad2c9f1c0a5e1
`;
// 0-1 public, 3 amended into 4, 5 pruned, 6 amended into 8 with orphan 7, 9 pruned but
// bookmarked, 10-11 pruned with a bookmark on 11 (reveals 10), 12 secret and 12-13 pruned,
// 14 pruned with a local tag, 15-16 archived, 17 internal (shelve), 18 amended into 21 with the
// merge 20 orphan, 22-23 pruned with the working directory on 23, 24 amended into 25 by
// commit --amend; markers on unknown nodes.

const home = await makeHgHome();
await runSteps(home.dir, parseScript(INIT), home.hgrc);
const path = `${home.dir}/repo`;
await runSteps(path, parseScript(HISTORY), home.hgrc);
const node0 = (await hg(path, ["log", "-r", "0", "-T", "{node}"]))[0];
await hg(
  path,
  ["debugobsolete", "-q", node0], // a marker on a public changeset
  ["bookmark", "-q", "-r", "4", "with space"],
);

/** Runs hg commands (argument lists) in `cwd`, returning their outputs. */
function hg(cwd: string, ...commands: ByteString[][]): Promise<ByteString[]> {
  return runSteps(cwd, commands.map((c): Step => ["hg", ...c]), home.hgrc);
}

function revs(output: string): number[] {
  return output.split(/\s+/).filter((s) => s !== "").map(Number).sort((a, b) => a - b);
}

function sorted(set: Iterable<number>): number[] {
  return [...set].sort((a, b) => a - b);
}

const PHASE_NAMES: Record<number, string> = {
  0: "public",
  1: "draft",
  2: "secret",
  32: "archived",
  96: "internal",
};

/**
 * Runs `before` commands, then compares phases, obsolete, orphan and visible sets and bookmarks
 * with hg's answers (one batch).
 */
async function assertMatchesHg(repoPath: string, ...before: Step[]): Promise<void> {
  const answers = await runSteps(repoPath, [
    ...before,
    ["hg", "log", "--hidden", "-T", "{rev} {phase}\n"],
    ["hg", "log", "--hidden", "-r", "obsolete()", "-T", "{rev}\n"],
    ["hg", "log", "--hidden", "-r", "orphan()", "-T", "{rev}\n"],
    ["hg", "log", "-T", "{rev}\n"],
    ["hg", "bookmarks", "-T", "json"],
  ], home.hgrc);
  const [phases, obsolete, orphan, visible, bookmarks] = answers.slice(before.length);
  const repo = openRepository(repoPath);
  const state = readRepoState(repo);
  assert.deepEqual(
    Array.from(state.phases, (p, rev) => `${rev} ${PHASE_NAMES[p]}`),
    phases.split("\n").filter((l) => l !== "").reverse(),
  );
  assert.deepEqual(sorted(state.obsolescence.obsolete), revs(obsolete));
  assert.deepEqual(sorted(state.obsolescence.orphan), revs(orphan));
  const length = repo.changelog.length;
  assert.deepEqual(
    Array.from({ length }, (_, rev) => rev).filter((rev) => !state.hidden.has(rev)),
    revs(visible),
  );
  const marks = JSON.parse(byteStringToUtf8(bookmarks)) as { bookmark: string; node: string }[];
  assert.deepEqual(
    [...state.bookmarks].map(([name, node]) => [byteStringToUtf8(name), node]).sort(),
    marks.map((m) => [m.bookmark, m.node]).sort(),
  );
}

Deno.test("phases, obsolete, orphan, visible and bookmarks match hg", async () => {
  await assertMatchesHg(path);
  const state = readRepoState(openRepository(path));
  // The fixture exercises what it claims to.
  assert.ok([3, 5, 12, 13, 15, 16, 17, 24].every((rev) => state.hidden.has(rev)));
  assert.ok([6, 9, 10, 11, 14, 22, 23].every((rev) => !state.hidden.has(rev)));
  assert.equal(state.phases[12], 2);
  assert.equal(state.phases[15], 32);
  assert.equal(state.phases[17], 96);
  assert.deepEqual(sorted(state.obsolescence.orphan), [7, 20]);
  assert.ok(state.bookmarks.has(utf8ToByteString("café")));
});

Deno.test("marker maps and lookups", () => {
  const repo = openRepository(path);
  const { obsolescence } = readRepoState(repo);
  const node3 = repo.changelog.node(3);
  const node4 = repo.changelog.node(4);
  const rewrites = obsolescence.successorMarkers.get(node3);
  assert.deepEqual(rewrites?.map((m) => m.successors), [[node4]]);
  assert.deepEqual(obsolescence.predecessorMarkers.get(node4)?.map((m) => m.precursor), [node3]);
  assert.ok(obsolescence.isObsolete(3));
  assert.ok(!obsolescence.isObsolete(4));
  assert.ok(obsolescence.successorMarkers.has(repo.changelog.node(0)));
  assert.ok(!obsolescence.isObsolete(0), "public changesets are never obsolete");
  assert.ok(obsolescence.isOrphan(7));
  assert.ok(!obsolescence.isOrphan(4));
});

Deno.test("state is cached and follows hg writes", async () => {
  clearRepoStateCache();
  const first = readRepoState(openRepository(path));
  const again = readRepoState(openRepository(path));
  assert.equal(again.phases, first.phases);
  assert.equal(again.hidden, first.hidden);
  assert.equal(again.obsolescence, first.obsolescence);
  assert.equal(again.bookmarks, first.bookmarks);

  await hg(path, ["bookmark", "-q", "-r", "2", "fresh"]);
  const afterBookmark = openRepository(path);
  assert.equal(repoBookmarks(afterBookmark).get("fresh"), afterBookmark.changelog.node(2));
  assert.equal(repoPhases(afterBookmark), first.phases, "phases untouched by a bookmark");

  await assertMatchesHg(path, ["hg", "phase", "-q", "-p", "-r", "4"]);
  assert.notEqual(repoPhases(openRepository(path)), first.phases);
  await assertMatchesHg(path, ["hg", "prune", "-q", "-r", "19"]);
  await assertMatchesHg(path, ["hg", "bookmark", "-q", "-d", "bm-obs"]);
  assert.ok(repoHidden(openRepository(path)).has(9));
});

Deno.test("a snapshot keeps its state; the next one sees a (re)created localtags", async () => {
  const before = openRepository(path);
  assert.ok(!repoHidden(before).has(14), "pinned by the local tag");
  await Deno.remove(`${path}/.hg/localtags`);
  const without = openRepository(path);
  assert.ok(repoHidden(without).has(14), "no local tag: hidden");
  assert.ok(!repoHidden(before).has(14), "the earlier snapshot is unchanged");
  assert.ok(repoHidden(openRepository(path)).has(14), "missing file remembered");
  await hg(path, ["tag", "-q", "-l", "--hidden", "-r", "14", "lt"]);
  const recreated = openRepository(path);
  assert.ok(!repoHidden(recreated).has(14), "file created since: seen at once");
  assert.ok(repoHidden(without).has(14), "the earlier snapshot is unchanged");
  await assertMatchesHg(path);
});

Deno.test("an unresolved merge state pins both sides", async () => {
  const repo = openRepository(path);
  const [p1] = await hg(path, ["log", "-r", ".", "-T", "{node}"]);
  const other = repo.changelog.node(5);
  const record = (type: string, content: string) => {
    const head = Buffer.alloc(5);
    head.write(type, 0, "latin1");
    head.writeUInt32BE(content.length, 1);
    return Buffer.concat([head, Buffer.from(content, "latin1")]);
  };
  const write = (state: string) =>
    Deno.writeFile(
      `${path}/.hg/merge/state2`,
      Buffer.concat([record("L", p1), record("O", other), record("F", `r5\0${state}\0x`)]),
    );
  await Deno.mkdir(`${path}/.hg/merge`, { recursive: true });
  try {
    await write("u");
    assert.ok(!repoHidden(openRepository(path)).has(5));
    await assertMatchesHg(path);
    await write("r");
    assert.ok(repoHidden(openRepository(path)).has(5), "resolved merges no longer pin");
    await assertMatchesHg(path);
  } finally {
    await Deno.remove(`${path}/.hg/merge`, { recursive: true });
  }
});

Deno.test("dirstate-v2, bookmarks in store and obsstore format 0", async () => {
  const other = `${home.dir}/other`;
  await hg(home.dir, [
    "init",
    "--config",
    "format.use-dirstate-v2=yes",
    "--config",
    "format.bookmarks-in-store=yes",
    other,
  ]);
  await runSteps(
    other,
    parseScript(`
    hg --config format.obsstore-version=0 debugobsolete -q ${"ab".repeat(20)}
    c a; c b; c c; hg prune -qr 2; hg up -q 0; c d; hg prune -qr 3
    hg bookmark -q --hidden -r 3 mark; hg up -q --hidden 2`),
    home.hgrc,
  );
  const repo = openRepository(other);
  assert.ok(repo.requirements.has("dirstate-v2"));
  assert.ok(repo.requirements.has("bookmarksinstore"));
  assert.equal((await Deno.readFile(`${repo.storeDir}/obsstore`))[0], 0);
  await assertMatchesHg(other);
  assert.deepEqual(sorted(repoHidden(repo)), []);
  await assertMatchesHg(other, ...parseScript("hg up -q 1; hg bookmark -q -d mark"));
  assert.deepEqual(sorted(repoHidden(openRepository(other))), [2, 3]);
});

Deno.test("a share sees the source's store and, with -B, its bookmarks", async () => {
  await hg(home.dir, ["share", "-q", "-B", "-U", path, "shared-b"], [
    "share",
    "-q",
    "-U",
    path,
    "shared-plain",
  ]);
  await hg(path, ["bookmark", "-q", "-r", "8", "from-source"]);
  for (const name of ["shared-b", "shared-plain"]) {
    const share = `${home.dir}/${name}`;
    await assertMatchesHg(share);
    const marks = repoBookmarks(openRepository(share));
    assert.equal(marks.has("from-source"), name === "shared-b");
  }
});

Deno.test("repository without phaseroots nor obsstore", async () => {
  const plain = `${home.dir}/plain`;
  await runSteps(home.dir, [
    ["hg", "init", plain],
    ...parseScript(`w ${plain}/a a`),
    ["hg", "-R", plain, "ci", "-qAm", "a"],
  ], home.hgrc);
  const repo = openRepository(plain);
  await Deno.remove(`${repo.storeDir}/phaseroots`).catch(() => {});
  const state = readRepoState(repo);
  assert.deepEqual([...state.phases], [0]);
  assert.equal(state.hidden.size, 0);
  assert.equal(state.obsolescence.markers.length, 0);
  await assertMatchesHg(plain);
});

Deno.test("empty repository", async () => {
  await hg(home.dir, ["init", "empty"]);
  const state = readRepoState(openRepository(`${home.dir}/empty`));
  assert.equal(state.phases.length, 0);
  assert.equal(state.hidden.size, 0);
  assert.equal(state.bookmarks.size, 0);
});

Deno.test("teardown", async () => {
  await Deno.remove(home.dir, { recursive: true });
});
