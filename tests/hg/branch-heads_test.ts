import assert from "node:assert/strict";
import { BranchInfoTable } from "../../src/hg/branch-info-table.ts";
import { computeBranchMap } from "../../src/hg/branch-heads.ts";
import type { BranchMap } from "../../src/hg/branch-map.ts";
import { Phase } from "../../src/hg/phases.ts";
import { repoBranchInfo, repoBranchMap } from "../../src/hg/repo-branches.ts";
import { repoGraph, repoHidden, repoPhases } from "../../src/hg/repo-state.ts";
import { openRepository } from "../../src/hg/repository.ts";
import { revGraphFromParents } from "../../src/hg/rev-graph.ts";
import { buildFixture, hgCommand } from "./hg-fixture.ts";

// Every commit adds its own file so that merges never conflict.
const FIXTURE = `
c r0
hg branch -q stable; c r1
hg up -q 0; c r2
hg up -q 1; c r3
hg up -q 2; hg merge -q 3; hg ci -qm r4-merge
hg branch -q feature; c r5
hg ci -q --close-branch -m r6-close-feature
hg up -q 4; c r7
hg up -q 4; c r8
hg up -q 0; hg branch -q x; c r9
hg branch -q y; c r10
hg branch -qf x; c r11
hg up -q 3; c r12
hg up -q 3; hg ci -q --close-branch --force-close-branch -m r13-close-stable
hg up -q 7; c r14; hg prune -q -r 14
hg up -q 8; c r15; a r15 more; hg amend -q
hg up -q 0; hg branch -q ghost; c r17; hg prune -q -r 17
hg up -q 16; hg topic -q foo; c r18; c r19
hg up -q 16; hg topic -q bar; c r20
hg up -q 12; hg topic -q foo; c r21
hg up -q 16; hg topic -q pub; c r22; hg phase -q -p 22
hg up -q 19; hg topic -q --clear; c r23
hg up -q 20; c r24; hg phase -q -fs 24
hg up -q 18; c r25; hg prune -q -r 25
`;

const fixture = await buildFixture(FIXTURE);
// Extensions are loaded once per command server: queries without topic need their own process.
const run = (args: string[]) =>
  args[0] === "--config"
    ? hgCommand(args, fixture.repo, fixture.hgrc)
    : fixture.server.check(...args);

/** Per-revision facts as hg reports them: the oracle for the engine's branch info table. */
async function hgRevFacts(): Promise<string[]> {
  const out = await run([
    "log",
    "--hidden",
    "-r",
    "all()",
    "-T",
    '{rev} {node} {p1.rev} {p2.rev} {branch} {get(extras,"close")} {get(extras,"topic")}\n',
  ]);
  return out.trimEnd().split("\n");
}

const repo = openRepository(fixture.repo);
const table = repoBranchInfo(repo);
const graph = repoGraph(repo);
const hiddenSet = repoHidden(repo);
const phases = repoPhases(repo);
const hidden = (rev: number) => hiddenSet.has(rev);
const isPublic = (rev: number) => phases[rev] === Phase.PUBLIC;

/** `rev:closed` of every head as hg lists them, sorted. */
async function hgHeads(extra: string[]): Promise<string[]> {
  const out = await run([...extra, "heads", "--closed", "-T", '{rev}:{get(extras,"close")}\n']);
  return out.split("\n").filter((s) => s !== "").map((s) => s.replace(/:1$/, ":closed")).sort();
}

function ourHeads(map: BranchMap): string[] {
  return [...map.entries()].flatMap((e) =>
    e.heads.map((h) => `${h.rev}:${h.closed ? "closed" : ""}`)
  ).sort();
}

interface HgBranch {
  branch: string;
  rev: number;
  closed: boolean;
}

/** `hg branches -c` as `name tip closed` lines, sorted. */
async function hgBranches(extra: string[]): Promise<string[]> {
  const list = JSON.parse(await run([...extra, "branches", "-c", "-T", "json"])) as HgBranch[];
  return list.map((b) => `${b.branch} ${b.rev} ${b.closed}`).sort();
}

function ourBranches(map: BranchMap): string[] {
  return [...map.entries()].map((e) =>
    `${e.topic === "" ? e.branch : `${e.branch}:${e.topic}`} ${e.tip} ${e.closed}`
  ).sort();
}

const NO_TOPIC = ["--config", "extensions.topic=!"];

Deno.test("branch heads of the visible view match hg heads / hg branches", async () => {
  const map = repoBranchMap(repo);
  assert.equal(repoBranchMap(openRepository(fixture.repo)), map, "cached");
  assert.deepEqual(ourHeads(map), await hgHeads(NO_TOPIC));
  assert.deepEqual(ourBranches(map), await hgBranches(NO_TOPIC));
  // Spot checks of the interesting cases.
  assert.deepEqual(map.get("x")?.heads.map((h) => h.rev), [11]);
  assert.equal(map.get("stable")?.tip, 21);
  assert.equal(map.get("feature")?.closed, true);
  assert.equal(map.get("ghost"), undefined);
});

// `hg --hidden heads` keeps using the visible branchmap, so the unfiltered view is checked
// against the definition itself: revisions of B that are not strict ancestors of B.
Deno.test("branch heads of the unfiltered view match the revset definition", async () => {
  const map = computeBranchMap(graph, table);
  const names = new Set([...map.entries()].map((e) => e.branch));
  assert.ok(names.has("ghost"));
  for (const name of names) {
    const b = `branch("re:^${name}$")`;
    const revset = `${b} - ::parents(${b})`;
    const expected = (await run(["--hidden", "log", "-r", revset, "-T", "{rev}\n"])).split("\n")
      .filter((s) => s !== "").map(Number).sort((a, b) => a - b);
    assert.deepEqual(map.get(name)?.heads.map((h) => h.rev), expected, revset);
  }
});

Deno.test("topic-aware branch heads match hg with the topic extension", async () => {
  const map = repoBranchMap(repo, { topics: true });
  assert.deepEqual(ourHeads(map), await hgHeads([]));
  assert.deepEqual(ourBranches(map), await hgBranches([]));
  assert.deepEqual([...map.topics()].map((e) => `${e.branch}:${e.topic}`).sort(), [
    "default:bar",
    "default:foo",
    "stable:foo",
  ]);
  assert.deepEqual(map.get("default", "bar")?.heads.map((h) => h.rev), [24]);
});

Deno.test("topic heads match hg's head() and topic(T) revsets", async () => {
  const map = computeBranchMap(graph, table, { hidden, topics: { isPublic } });
  for (const entry of map.topics()) {
    const revset = `head() and topic("${entry.topic}") and branch("${entry.branch}")`;
    const expected = (await run(["log", "-r", revset, "-T", "{rev}\n"])).split("\n")
      .filter((s) => s !== "").map(Number).sort((a, b) => a - b);
    assert.deepEqual(entry.heads.map((h) => h.rev), expected, revset);
  }
});

Deno.test("the branch info table matches hg's per-revision facts", async () => {
  const ours = Array.from({ length: table.length }, (_, rev) => {
    const [p1, p2] = [graph.p1[rev], graph.p2[rev]];
    const close = table.closesBranch(rev) ? "1" : "";
    return `${rev} ${repo.changelog.node(rev)} ${p1} ${p2} ${table.branch(rev)} ${close} ${
      table.topic(rev)
    }`;
  });
  assert.deepEqual(ours, await hgRevFacts());
});

Deno.test("the branch info table extends incrementally and rebuilds after a rewrite", () => {
  const cl = repo.changelog;
  const source = {
    length: cl.length,
    node: (rev: number) => cl.node(rev),
    // Odd revisions come without their topic, read lazily through topic().
    branchInfo: (rev: number) => ({
      branch: table.branch(rev),
      closesBranch: table.closesBranch(rev),
      topic: rev % 2 === 0 ? table.topic(rev) : undefined,
    }),
    topic: (rev: number) => {
      topicReads.push(rev);
      return table.topic(rev);
    },
  };
  const topicReads: number[] = [];
  const prefix = { ...source, length: 10 };
  const small = BranchInfoTable.build(prefix);
  const grown = BranchInfoTable.build(source, small);
  assert.deepEqual(grown.branchIds, table.branchIds);
  assert.deepEqual(grown.closes, table.closes);
  assert.deepEqual(topicReads, []);
  for (let rev = 0; rev < table.length; rev++) {
    assert.equal(grown.branch(rev), table.branch(rev));
    assert.equal(grown.topic(rev), table.topic(rev));
    assert.equal(grown.topic(rev), table.topic(rev));
  }
  assert.deepEqual(
    topicReads,
    Array.from({ length: table.length }, (_, r) => r).filter((r) => r % 2),
  );
  assert.equal(BranchInfoTable.build(source, grown), grown);
  const rewritten = { ...prefix, node: (rev: number) => rev === 9 ? "f".repeat(40) : "" };
  const rebuilt = BranchInfoTable.build(rewritten, grown);
  assert.notEqual(rebuilt, grown);
  assert.equal(rebuilt.length, 10);
});

Deno.test("branch heads: synthetic graph where a head leaves through another branch", () => {
  // 0 a -> 1 b -> 2 a ; 0 a -> 3 a (two heads of a: 2 and 3; 0 is not one)
  const graph = revGraphFromParents([[-1, -1], [0, -1], [1, -1], [0, -1]]);
  const branches = ["a", "b", "a", "a"];
  const t = BranchInfoTable.build({
    length: 4,
    node: (rev) => String(rev),
    branchInfo: (rev) => ({ branch: branches[rev], closesBranch: rev === 3, topic: "" }),
    topic: () => "",
  });
  const map = computeBranchMap(graph, t);
  assert.deepEqual(map.get("a")?.heads, [{ rev: 2, closed: false }, { rev: 3, closed: true }]);
  assert.equal(map.get("a")?.tip, 2);
  assert.equal(map.get("a")?.closed, false);
  assert.deepEqual(map.get("b")?.heads, [{ rev: 1, closed: false }]);
});
