import assert from "node:assert/strict";
import { openRepository } from "../../src/hg/repository.ts";
import { loadGitLabRefs } from "../../src/gitlab/gitlab-refs.ts";
import { resolveRevisionNode } from "../../src/gitlab/resolve-revision.ts";
import { parseRevisionRange } from "../../src/gitlab/git-range.ts";
import { buildRefFixture } from "./ref-fixture.ts";

const fixture = await buildRefFixture();
const hg = fixture.server;
const storeDir = `${fixture.repo}/.hg/store`;

async function node(revset: string): Promise<string> {
  return (await hg.check("log", "--hidden", "-r", revset, "-T", "{node}")).trim();
}

Deno.test("resolution in fallback mode agrees with hg", async () => {
  const repo = openRepository(fixture.repo);
  const resolve = (r: string) => resolveRevisionNode(repo, r);
  const defaultHead = await node("max(head() and branch(default))");
  assert.equal(resolve("HEAD"), defaultHead);
  assert.equal(resolve("branch/default"), defaultHead);
  assert.equal(resolve("refs/heads/branch/default"), defaultHead);
  assert.equal(resolve("branch/stable"), await node("2"));
  assert.equal(resolve("topic/stable/feat"), await node("8"));
  assert.equal(resolve("bk"), await node("bk"));
  assert.equal(resolve("v1"), await node("v1"));
  assert.equal(resolve("refs/tags/my_tag"), await node("2"));
  assert.equal(resolve("my tag"), undefined, "only GitLab tag names");
  assert.equal(resolve("loc"), undefined, "local tags are not GitLab refs");
  assert.equal(resolve("tip"), undefined);
  // Full and abbreviated nodes, hidden changesets included.
  const obsolete = await node("obsolete()");
  assert.equal(resolve(obsolete), obsolete);
  assert.equal(resolve(obsolete.toUpperCase()), obsolete);
  assert.equal(resolve(obsolete.slice(0, 12)), obsolete);
  assert.equal(resolve("0".repeat(40)), "0".repeat(40));
  assert.equal(resolve("f".repeat(40)), undefined);
  assert.equal(resolve("refs/heads/nope"), undefined);
  assert.equal(resolve("refs/tags/branch/default"), undefined);
  assert.equal(resolve(""), undefined);
  assert.equal(resolve("no-such-ref"), undefined);
});

Deno.test("resolution with state files: order, visibility, special refs", async () => {
  const n0 = await node("0");
  const n2 = await node("2");
  const obsolete = await node("obsolete()");
  // A tag named like a branch wins; a branch on an obsolete changeset does not resolve.
  await Deno.writeTextFile(
    `${storeDir}/gitlab.branches`,
    `001\n${n0} branch/default\n${obsolete} branch/gone\n${n0} ${n2.slice(0, 8)}\n`,
  );
  await Deno.writeTextFile(`${storeDir}/gitlab.tags`, `001\n${n2} branch/default\n`);
  await Deno.writeTextFile(`${storeDir}/gitlab.special-refs`, `001\n${obsolete} pipelines/3\n`);
  await Deno.writeTextFile(`${storeDir}/gitlab.keep-arounds`, `001\n${obsolete}\n`);
  try {
    const repo = openRepository(fixture.repo);
    const refs = loadGitLabRefs(repo);
    const resolve = (r: string) => resolveRevisionNode(repo, r, refs);
    assert.equal(resolve("HEAD"), undefined, "no default branch file in state-file mode");
    assert.equal(resolve("branch/default"), n2, "tags before branches");
    assert.equal(resolve("refs/heads/branch/default"), n0);
    assert.equal(resolve("branch/gone"), undefined);
    assert.equal(resolve("refs/pipelines/3"), obsolete);
    assert.equal(resolve(`refs/keep-around/${obsolete}`), obsolete);
    assert.equal(resolve(`refs/keep-around/${n0}`), undefined);
    assert.equal(resolve(n2.slice(0, 8)), n0, "branch names before hex prefixes");
    await Deno.writeTextFile(`${fixture.repo}/.hg/default_gitlab_branch`, "branch/default\n");
    // Refs are read once per snapshot: the next request (a new snapshot) sees the file.
    assert.equal(resolveRevisionNode(openRepository(fixture.repo), "HEAD"), n0);
  } finally {
    for (const f of ["branches", "tags", "special-refs", "keep-arounds"]) {
      await Deno.remove(`${storeDir}/gitlab.${f}`);
    }
    await Deno.remove(`${fixture.repo}/.hg/default_gitlab_branch`);
  }
});

Deno.test("git ranges", () => {
  assert.deepEqual(parseRevisionRange("a..b"), { kind: "range", from: "a", to: "b" });
  assert.deepEqual(parseRevisionRange("..b"), { kind: "range", from: "HEAD", to: "b" });
  assert.deepEqual(parseRevisionRange("a..."), { kind: "symmetric", left: "a", right: "HEAD" });
  assert.deepEqual(parseRevisionRange("branch/x"), { kind: "single", revision: "branch/x" });
});

Deno.test("stop servers", async () => {
  await hg.close();
});
