import assert from "node:assert/strict";
import { openRepository } from "../../src/hg/repository.ts";
import {
  allRefs,
  defaultBranchTarget,
  loadGitLabRefs,
  lookupFullRef,
} from "../../src/gitlab/gitlab-refs.ts";
import { GitLabStateError } from "../../src/gitlab/state-file-error.ts";
import { buildRefFixture } from "./ref-fixture.ts";

const fixture = await buildRefFixture();
const hg = fixture.server;
const storeDir = `${fixture.repo}/.hg/store`;
const utf8Branch = new TextDecoder("latin1").decode(new TextEncoder().encode("branch/ünï_sp"));

async function nodesOf(revset: string): Promise<string[]> {
  const out = await hg.check("log", "--hidden", "-r", revset, "-T", "{node}\n");
  return out.split("\n").filter(Boolean);
}

/** Fallback branches as HGitaly computes them, from what hg reports. */
async function oracleBranches(): Promise<Map<string, string>> {
  const out = await hg.check(
    "log",
    "-r",
    "head() and not closed() and not obsolete()",
    "-T",
    "{node}\t{branch}\t{topic}\t{phase}\t{bookmarks}\n",
  );
  const groups = new Map<string, string[]>();
  for (const line of out.split("\n").filter(Boolean)) {
    const [node, branch, topic, phase, bookmarks] = line.split("\t");
    if (bookmarks !== "") continue;
    const name =
      (phase !== "public" && topic !== "" ? `topic/${branch}/${topic}` : `branch/${branch}`)
        .replaceAll(" ", "_");
    groups.set(name, [...(groups.get(name) ?? []), node]);
  }
  const expected = new Map<string, string>();
  for (const [name, nodes] of groups) {
    expected.set(name, nodes[nodes.length - 1]);
    if (nodes.length > 1) { for (const n of nodes) expected.set(`wild/${n}`, n); }
  }
  for (const line of (await hg.check("bookmarks", "-T", "{bookmark}\t{node}\n")).split("\n")) {
    if (line) expected.set(line.split("\t")[0], line.split("\t")[1]);
  }
  return expected;
}

Deno.test("fallback branches match HGitaly's rules applied to hg's branch heads", async () => {
  const refs = loadGitLabRefs(openRepository(fixture.repo));
  assert.equal(refs.fromStateFiles, false);
  const expected = await oracleBranches();
  assert.deepEqual(new Map([...refs.branches].sort()), new Map([...expected].sort()));
  const [head5, head13] = await nodesOf("head() and branch(default)");
  assert.equal(refs.branches.get("branch/default"), head13);
  assert.equal(refs.branches.get(`wild/${head5}`), head5);
  assert.ok(refs.branches.has(utf8Branch));
  assert.ok(refs.branches.has("topic/stable/feat"));
  assert.ok(refs.branches.has("bk"));
  assert.ok(!refs.branches.has("branch/old"), "closed branch");
  assert.ok(!refs.branches.has("branch/bookbr"), "only head bookmarked");
  assert.equal(refs.defaultBranch, "branch/default");
  assert.equal(defaultBranchTarget(refs), head13);
});

Deno.test("fallback tags are hg's global tags (not tip, not local, spaces as _)", async () => {
  const refs = loadGitLabRefs(openRepository(fixture.repo));
  const out = await hg.check("tags", "-T", "{tag}\t{node}\t{type}\n");
  const expected = new Map<string, string>();
  for (const line of out.split("\n").filter(Boolean)) {
    const [tag, node, type] = line.split("\t");
    if (tag !== "tip" && type !== "local") expected.set(tag.replaceAll(" ", "_"), node);
  }
  assert.deepEqual(new Map([...refs.tags].sort()), new Map([...expected].sort()));
  assert.deepEqual([...refs.tags.keys()].sort(), ["my_tag", "v1"]);
});

Deno.test("state files replace the fallback; default branch file wins", async () => {
  const [n0, n2] = await nodesOf("0 + 2");
  const obsolete = (await nodesOf("obsolete()"))[0];
  await Deno.writeTextFile(
    `${storeDir}/gitlab.branches`,
    `001\n${n0} branch/default\n${n2} topic/a/b\n`,
  );
  await Deno.writeTextFile(
    `${storeDir}/gitlab.special-refs`,
    `001\n${obsolete} merge-requests/1/head\n`,
  );
  await Deno.writeTextFile(`${storeDir}/gitlab.keep-arounds`, `001\n${n2}\n`);
  await Deno.writeTextFile(`${fixture.repo}/.hg/default_gitlab_branch`, "refs/heads/topic/a/b");
  try {
    const refs = loadGitLabRefs(openRepository(fixture.repo));
    assert.equal(refs.fromStateFiles, true);
    assert.deepEqual([...refs.branches], [["branch/default", n0], ["topic/a/b", n2]]);
    assert.equal(refs.tags.size, 0, "missing gitlab.tags means no tags");
    assert.equal(refs.defaultBranch, "topic/a/b");
    assert.equal(lookupFullRef(refs, `refs/keep-around/${n2}`), n2);
    assert.equal(lookupFullRef(refs, `refs/keep-around/${n0}`), undefined);
    assert.equal(lookupFullRef(refs, "refs/merge-requests/1/head"), obsolete);
    assert.deepEqual(
      new Set([...allRefs(refs)].map(([name]) => name)),
      new Set([
        "refs/heads/branch/default",
        "refs/heads/topic/a/b",
        `refs/keep-around/${n2}`,
        "refs/merge-requests/1/head",
      ]),
    );
    // A rewrite is noticed (file identity changes).
    await Deno.writeTextFile(`${storeDir}/gitlab.tags`, `001\n${n0} v9\n`);
    assert.deepEqual([...loadGitLabRefs(openRepository(fixture.repo)).tags], [["v9", n0]]);
    await Deno.writeTextFile(`${storeDir}/gitlab.tags`, "002\n");
    assert.throws(() => loadGitLabRefs(openRepository(fixture.repo)), GitLabStateError);
    await Deno.writeTextFile(`${storeDir}/gitlab.tags`, `001\n${n0}v9\n`);
    assert.throws(() => loadGitLabRefs(openRepository(fixture.repo)), GitLabStateError);
  } finally {
    for (const f of ["branches", "tags", "special-refs", "keep-arounds"]) {
      await Deno.remove(`${storeDir}/gitlab.${f}`).catch(() => {});
    }
    await Deno.remove(`${fixture.repo}/.hg/default_gitlab_branch`);
  }
  assert.equal(loadGitLabRefs(openRepository(fixture.repo)).fromStateFiles, false);
});

/** GitLab tags as hg lists them (global, not tip, spaces as `_`). */
async function oracleTags(): Promise<Map<string, string>> {
  const out = await hg.check("tags", "-v", "-T", "{tag}\t{node}\t{type}\n");
  const tags = new Map<string, string>();
  for (const line of out.split("\n").filter(Boolean)) {
    const [name, node, type] = line.split("\t");
    if (name !== "tip" && type !== "local") tags.set(name.replaceAll(" ", "_"), node);
  }
  return tags;
}

Deno.test("cached refs: every hg write is seen by the next snapshot, never by the current", async () => {
  const check = async (what: string) => {
    const repo = openRepository(fixture.repo);
    const refs = loadGitLabRefs(repo);
    assert.equal(loadGitLabRefs(repo), refs, "once per snapshot");
    assert.deepEqual(new Map(refs.branches), await oracleBranches(), `branches after ${what}`);
    assert.deepEqual(new Map(refs.tags), await oracleTags(), `tags after ${what}`);
    return { repo, refs };
  };
  const warm = await check("warm-up");
  const again = loadGitLabRefs(openRepository(fixture.repo));
  assert.equal(again.branches, warm.refs.branches, "unchanged repository: cached maps");
  assert.equal(again.tags, warm.refs.tags, "unchanged repository: cached maps");

  const writes: [string, string[]][] = [
    ["a new commit", ["ci", "-m", "fresh", "--config", "ui.allowemptycommit=1"]],
    ["a new topic commit", ["topic", "fresh-topic"]],
    ["a topic commit", ["ci", "-m", "on topic", "--config", "ui.allowemptycommit=1"]],
    ["a phase change", ["phase", "-p", "-r", "."]],
    ["a bookmark", ["bookmark", "-r", "1", "fresh-bm"]],
    ["a bookmark removal", ["bookmark", "-d", "fresh-bm"]],
    ["a global tag", ["tag", "-r", "1", "fresh-tag"]],
    ["a local tag", ["tag", "-l", "-r", "1", "fresh-local"]],
    ["a tag removal", ["tag", "--remove", "fresh-tag"]],
  ];
  let previous = warm;
  for (const [what, args] of writes) {
    await hg.check(...args);
    assert.equal(loadGitLabRefs(previous.repo), previous.refs, `old snapshot kept after ${what}`);
    previous = await check(what);
  }
  // An obsolescence marker: prune a branch head.
  const [head] = await nodesOf("head() and draft() and not obsolete() and not closed()");
  assert.ok(
    previous.refs.branches.has(`wild/${head}`) ||
      [...previous.refs.branches.values()].includes(head),
  );
  await hg.check("prune", "-r", head);
  const pruned = await check("an obsolescence marker");
  assert.ok(![...pruned.refs.branches.values()].includes(head), "pruned head left out");
});

Deno.test("stop servers", async () => {
  await hg.close();
});
