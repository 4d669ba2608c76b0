/**
 * FindAllBranches and ListRefs answers built from cached encodings: the same messages as built
 * field by field from the refs and changesets, and an hg write (or a state file rewrite) is
 * seen by the next call.
 */
import assert from "node:assert/strict";
import { equals, toBinary } from "@bufbuild/protobuf";
import {
  type FindAllBranchesResponse_Branch,
  FindAllBranchesResponse_BranchSchema,
  FindAllBranchesResponseSchema,
  ListRefsResponseSchema,
  RefService,
} from "../../../src/gen/gitaly/ref_pb.ts";
import { openRepository } from "../../../src/hg/repository.ts";
import { gitCommit } from "../../../src/gitlab/git-commit.ts";
import { loadGitLabRefs } from "../../../src/gitlab/gitlab-refs.ts";
import { MAX_MESSAGE_BYTES } from "../../../src/services/ref/encoded-refs.ts";
import { collect, createClient } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import { buildRefFixture } from "../../gitlab/ref-fixture.ts";
import { runFixtureScript } from "../../hg/hg-fixture.ts";

const fixture = await buildRefFixture();
const srv = await startTestServer(fixture.dir);
const client = createClient(RefService, srv.address);
const repository = { storageName: "default", relativePath: "repo" };
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder("latin1").decode(b);
const storeDir = `${fixture.repo}/.hg/store`;

/** Every branch with its commit, built field by field from a fresh snapshot. */
function expectedBranches(): [string, string][] {
  const repo = openRepository(fixture.repo);
  const cl = repo.changelog;
  return [...loadGitLabRefs(repo).branches]
    .map(([name, node]): [string, string] => [`refs/heads/${name}`, node])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, node]) => {
      const commit = gitCommit(cl, cl.read(cl.rev(node)!));
      return [name, JSON.stringify({ node, commit: commit.body.length, id: commit.id })];
    });
}

/** Calls FindAllBranches, checking each commit against one built from the changelog. */
async function findAllBranches(): Promise<[string, string][]> {
  const messages = await collect(client.findAllBranches({ repository }));
  const branches = messages.flatMap((m) => m.branches);
  for (const m of messages) {
    const size = toBinary(FindAllBranchesResponseSchema, m).length;
    assert.ok(size <= MAX_MESSAGE_BYTES || m.branches.length === 1, `message of ${size} bytes`);
  }
  const cl = openRepository(fixture.repo).changelog;
  return branches.map((b: FindAllBranchesResponse_Branch) => {
    const built = gitCommit(cl, cl.read(cl.rev(b.target!.id)!));
    const expected = { $typeName: b.$typeName, name: b.name, target: built };
    assert.ok(equals(FindAllBranchesResponse_BranchSchema, b, expected), dec(b.name));
    return [
      dec(b.name),
      JSON.stringify({ node: b.target!.id, commit: built.body.length, id: built.id }),
    ];
  });
}

Deno.test("FindAllBranches: built from cached encodings, repeated, follows hg writes", async () => {
  const first = await findAllBranches();
  assert.deepEqual(first, expectedBranches());
  assert.deepEqual(await findAllBranches(), first, "a repeated call (cached answer)");

  await runFixtureScript(fixture, "hg up default; c newdefault");
  const afterCommit = await findAllBranches();
  assert.deepEqual(afterCommit, expectedBranches());
  assert.notDeepEqual(afterCommit, first, "the new default head is seen");

  await runFixtureScript(fixture, "hg topic fresh; c ontopic");
  const afterTopic = await findAllBranches();
  assert.ok(afterTopic.some(([name]) => name === "refs/heads/topic/default/fresh"));
  assert.deepEqual(afterTopic, expectedBranches());

  await runFixtureScript(fixture, "hg topic --clear; hg up default");
  await fixture.server.check("phase", "-p", "-r", "topic(fresh)");
  const afterPublish = await findAllBranches();
  assert.ok(!afterPublish.some(([name]) => name === "refs/heads/topic/default/fresh"));
  assert.deepEqual(afterPublish, expectedBranches());
});

Deno.test("FindAllBranches and ListRefs: state file rewrites are seen", async () => {
  const cl = openRepository(fixture.repo).changelog;
  const write = async (content: string) => {
    // As py-heptapod writes it: a new file renamed over the old one.
    await Deno.writeTextFile(`${storeDir}/gitlab.branches.tmp`, content);
    await Deno.rename(`${storeDir}/gitlab.branches.tmp`, `${storeDir}/gitlab.branches`);
  };
  try {
    await write(`001\n${cl.node(0)} branch/default\n${cl.node(1)} branch/other\n`);
    const names = async () => (await findAllBranches()).map(([name]) => name);
    assert.deepEqual(await names(), ["refs/heads/branch/default", "refs/heads/branch/other"]);
    await write(`001\n${cl.node(2)} branch/default\n`);
    const [[name, target]] = await findAllBranches();
    assert.equal(name, "refs/heads/branch/default");
    assert.equal(JSON.parse(target).node, cl.node(2));
    assert.deepEqual(await findAllBranches(), expectedBranches());

    const refs = (await collect(client.listRefs({ repository, patterns: [enc("refs/heads/")] })))
      .flatMap((m) => m.references);
    assert.deepEqual(
      refs.map((r) => [dec(r.name), r.target]),
      [["refs/heads/branch/default", cl.node(2)]],
    );
    // Many branches: answers cut into messages of bounded size.
    const many = Array.from({ length: 3000 }, (_, i) => `${cl.node(i % 3)} branch/b${i}\n`);
    await write(`001\n${many.join("")}`);
    const branches = await collect(client.findAllBranches({ repository }));
    assert.ok(branches.length > 1, `${branches.length} FindAllBranches messages`);
    assert.deepEqual(await findAllBranches(), expectedBranches());
    const listed = await collect(client.listRefs({ repository, patterns: [enc("refs/")] }));
    assert.ok(listed.length > 1, `${listed.length} ListRefs messages`);
    for (const m of listed) {
      assert.ok(toBinary(ListRefsResponseSchema, m).length <= MAX_MESSAGE_BYTES);
    }
    assert.deepEqual(
      listed.flatMap((m) => m.references).map((r) => [dec(r.name), r.target]),
      [...expectedRefs(), ["ALL", "0".repeat(40)]],
    );
  } finally {
    await Deno.remove(`${storeDir}/gitlab.branches`);
  }
  assert.deepEqual(await findAllBranches(), expectedBranches(), "back to fallback refs");
});

/** Every ref (full name, target) of a fresh snapshot, sorted by name. */
function expectedRefs(): [string, string][] {
  const refs = loadGitLabRefs(openRepository(fixture.repo));
  return [
    ...[...refs.branches].map(([name, node]) => [`refs/heads/${name}`, node]),
    ...[...refs.tags].map(([name, node]) => [`refs/tags/${name}`, node]),
    ...[...refs.keepArounds].map((node) => [`refs/keep-around/${node}`, node]),
    ...[...refs.specialRefs].map(([name, node]) => [`refs/${name}`, node]),
  ].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) as [string, string][];
}

Deno.test("ListRefs: cached name-sorted listing follows hg writes", async () => {
  const listRefs = async (descending = false) =>
    (await collect(client.listRefs({
      repository,
      patterns: [enc("refs/heads/"), enc("refs/tags/")],
      sortBy: { direction: descending ? 1 : 0 },
    }))).flatMap((m) => m.references).map((r) => [dec(r.name), r.target]);
  const first = await listRefs();
  assert.deepEqual(first, expectedRefs());
  assert.deepEqual(await listRefs(), first, "a repeated call (cached listing)");
  assert.deepEqual(await listRefs(true), [...first].reverse());

  await runFixtureScript(fixture, "hg up default; hg tag -r 0 fresh-tag");
  const afterTag = await listRefs();
  assert.ok(afterTag.some(([name]) => name === "refs/tags/fresh-tag"));
  assert.deepEqual(afterTag, expectedRefs());

  await runFixtureScript(fixture, "c another");
  assert.deepEqual(await listRefs(), expectedRefs());
  assert.notDeepEqual(await listRefs(), afterTag, "the moved default branch is seen");
});

Deno.test("ListRefs: cached answers are per request and follow HEAD", async () => {
  const listRefs = async (patterns: string[], head = true) =>
    (await collect(client.listRefs({ repository, head, patterns: patterns.map(enc) })))
      .flatMap((m) => m.references).map((r) => [dec(r.name), r.target]);
  const headTarget = (name: string) =>
    loadGitLabRefs(openRepository(fixture.repo)).branches.get(name);
  const expected = (prefix: string, head: string | undefined) => [
    ...(head === undefined ? [] : [["HEAD", head]]),
    ...expectedRefs().filter(([name]) => name.startsWith(prefix)),
  ];
  const heads = await listRefs(["refs/heads/"]);
  assert.deepEqual(heads, expected("refs/heads/", headTarget("branch/default")));
  assert.deepEqual(await listRefs(["refs/heads/"]), heads, "a repeated call (cached answer)");
  assert.deepEqual(
    await listRefs(["refs/tags/"]),
    expected("refs/tags/", headTarget("branch/default")),
  );
  assert.deepEqual(await listRefs(["refs/heads/"], false), expected("refs/heads/", undefined));

  // HEAD follows the default GitLab branch, which moves without any ref changing.
  const other = [...loadGitLabRefs(openRepository(fixture.repo)).branches.keys()]
    .find((name) =>
      name !== "branch/default" && headTarget(name) !== headTarget("branch/default")
    )!;
  assert.ok(other, "the fixture has a second branch with another target");
  await Deno.writeTextFile(`${fixture.repo}/.hg/default_gitlab_branch`, other);
  try {
    assert.deepEqual(await listRefs(["refs/heads/"]), expected("refs/heads/", headTarget(other)));
  } finally {
    await Deno.remove(`${fixture.repo}/.hg/default_gitlab_branch`);
  }
  assert.deepEqual(await listRefs(["refs/heads/"]), heads, "back to branch/default");
});

Deno.test("stop servers", async () => {
  client.close();
  await srv[Symbol.asyncDispose]();
  await fixture.server.close();
});
