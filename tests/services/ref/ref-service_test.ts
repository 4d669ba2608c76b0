import assert from "node:assert/strict";
import { fromBinary } from "@bufbuild/protobuf";
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import {
  FindAllTagsRequest_SortBy_Key,
  FindLocalBranchesRequest_SortBy,
  FindTagErrorSchema,
  ListRefsRequest_SortBy_Key,
  RefService,
} from "../../../src/gen/gitaly/ref_pb.ts";
import { SortDirection } from "../../../src/gen/gitaly/shared_pb.ts";
import { StatusSchema } from "../../../src/gen/google/rpc/status_pb.ts";
import { openRepository } from "../../../src/hg/repository.ts";
import { loadGitLabRefs } from "../../../src/gitlab/gitlab-refs.ts";
import { Code } from "../../../src/services/rpc.ts";
import { collect, createClient, grpcError } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import { buildRefFixture } from "../../gitlab/ref-fixture.ts";

const fixture = await buildRefFixture();
const hg = fixture.server;
const srv = await startTestServer(fixture.dir);
const client = createClient(RefService, srv.address);
const repository = { storageName: "default", relativePath: "repo" };
const storeDir = `${fixture.repo}/.hg/store`;
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder("latin1").decode(b);

async function node(revset: string): Promise<string> {
  return (await hg.check("log", "--hidden", "-r", revset, "-T", "{node}")).trim();
}

async function nodes(revset: string): Promise<Set<string>> {
  const out = await hg.check("log", "--hidden", "-r", revset, "-T", "{node}\n");
  return new Set(out.split("\n").filter(Boolean));
}

/** Runs `f` with hand-written state files, removed afterwards. */
async function withStateFiles(files: Record<string, string>, f: () => Promise<void>) {
  for (const [name, content] of Object.entries(files)) {
    await Deno.writeTextFile(`${storeDir}/gitlab.${name}`, content);
  }
  try {
    await f();
  } finally {
    for (const name of Object.keys(files)) await Deno.remove(`${storeDir}/gitlab.${name}`);
  }
}

const expectedRefs = () => loadGitLabRefs(openRepository(fixture.repo));

Deno.test("FindDefaultBranchName", async () => {
  const res = await client.findDefaultBranchName({ repository });
  assert.equal(dec(res.name), "refs/heads/branch/default");
  await Deno.writeTextFile(`${fixture.repo}/.hg/default_gitlab_branch`, "branch/nope");
  try {
    assert.equal((await client.findDefaultBranchName({ repository })).name.length, 0);
    const headOnly = await client.findDefaultBranchName({ repository, headOnly: true });
    assert.equal(dec(headOnly.name), "refs/heads/branch/nope");
  } finally {
    await Deno.remove(`${fixture.repo}/.hg/default_gitlab_branch`);
  }
});

Deno.test("FindLocalBranches: every branch with its commit, sorted by name, chunked", async () => {
  const messages = await collect(client.findLocalBranches({ repository }));
  const branches = messages.flatMap((m) => m.localBranches);
  const expected = [...expectedRefs().branches].map(([n, t]) => [`refs/heads/${n}`, t])
    .sort(([a], [b]) => (a < b ? -1 : 1));
  assert.deepEqual(branches.map((b) => [dec(b.name), b.targetCommit!.id]), expected);
  assert.ok(branches.length >= 7);
  const head = branches.find((b) => dec(b.name) === "refs/heads/branch/default")!;
  assert.equal(
    dec(head.targetCommit!.subject),
    "Added tag my tag for changeset " +
      (await node("2")).slice(0, 12),
  );
  assert.ok(messages.every((m) => m.localBranches.length <= 20));
});

Deno.test("FindLocalBranches: pagination and UPDATED sorts", async () => {
  const all = (await collect(client.findLocalBranches({ repository })))
    .flatMap((m) => m.localBranches).map((b) => dec(b.name));
  const page = async (pageToken: string, limit: number) =>
    (await collect(
      client.findLocalBranches({ repository, paginationParams: { pageToken, limit } }),
    ))
      .flatMap((m) => m.localBranches).map((b) => dec(b.name));
  assert.deepEqual(await page("", 2), all.slice(0, 2));
  assert.deepEqual(await page(all[1], 3), all.slice(2, 5));
  assert.deepEqual(await page(all[1], -1), all.slice(2));
  assert.deepEqual(await page("", 0), []);
  const err = await grpcError(client.findLocalBranches({
    repository,
    paginationParams: { pageToken: "refs/heads/nope", limit: 1 },
  }));
  assert.equal(err.code, Code.INVALID_ARGUMENT);

  const [n0, dated] = [await node("0"), await node("desc(dated)")];
  await withStateFiles({ branches: `001\n${n0} a\n${dated} b\n${n0} c\n` }, async () => {
    const sorted = async (sortBy: FindLocalBranchesRequest_SortBy) =>
      (await collect(client.findLocalBranches({ repository, sortBy })))
        .flatMap((m) => m.localBranches).map((b) => dec(b.name).slice(11));
    assert.deepEqual(await sorted(FindLocalBranchesRequest_SortBy.NAME), ["a", "b", "c"]);
    assert.deepEqual(await sorted(FindLocalBranchesRequest_SortBy.UPDATED_ASC), ["a", "c", "b"]);
    assert.deepEqual(await sorted(FindLocalBranchesRequest_SortBy.UPDATED_DESC), ["b", "a", "c"]);
  });
});

Deno.test("FindAllBranches, merged_only; FindBranch; FindAllRemoteBranches", async () => {
  const all = (await collect(client.findAllBranches({ repository }))).flatMap((m) => m.branches);
  assert.equal(all.length, expectedRefs().branches.size);
  const merged = (await collect(client.findAllBranches({ repository, mergedOnly: true })))
    .flatMap((m) => m.branches);
  const ancestors = await nodes("::branch(default) and head() and branch(default)");
  const headAncestors = await nodes(`::${await node("max(head() and branch(default))")}`);
  assert.ok(ancestors.size > 0);
  const expected = all.filter((b) => headAncestors.has(b.target!.id)).map((b) => dec(b.name));
  assert.deepEqual(merged.map((b) => dec(b.name)), expected);
  assert.ok(expected.includes("refs/heads/branch/default"));
  assert.ok(!expected.includes("refs/heads/branch/stable"));
  const restricted = (await collect(client.findAllBranches({
    repository,
    mergedOnly: true,
    mergedBranches: [enc("refs/heads/branch/default"), enc("refs/heads/branch/stable")],
  }))).flatMap((m) => m.branches);
  assert.deepEqual(restricted.map((b) => dec(b.name)), ["refs/heads/branch/default"]);

  const short = await client.findBranch({ repository, name: enc("branch/stable") });
  assert.equal(dec(short.branch!.name), "branch/stable");
  assert.equal(short.branch!.targetCommit!.id, await node("2"));
  const full = await client.findBranch({ repository, name: enc("refs/heads/topic/stable/feat") });
  assert.equal(full.branch!.targetCommit!.id, await node("8"));
  const utf8 = await client.findBranch({ repository, name: enc("branch/ünï_sp") });
  assert.equal(utf8.branch!.targetCommit!.id, await node("tip"));
  assert.equal((await client.findBranch({ repository, name: enc("nope") })).branch, undefined);
  const empty = await grpcError(client.findBranch({ repository, name: new Uint8Array() }));
  assert.equal(empty.code, Code.INVALID_ARGUMENT);

  assert.deepEqual(
    await collect(client.findAllRemoteBranches({ repository, remoteName: "origin" })),
    [],
  );
});

Deno.test("FindAllTags and FindTag", async () => {
  const tags = (await collect(client.findAllTags({ repository }))).flatMap((m) => m.tags);
  assert.deepEqual(tags.map((t) => dec(t.name)), ["my_tag", "v1"]);
  assert.equal(tags[1].id, await node("0"));
  assert.equal(tags[1].targetCommit!.id, await node("0"));
  const desc = (await collect(client.findAllTags({
    repository,
    sortBy: { key: FindAllTagsRequest_SortBy_Key.REFNAME, direction: SortDirection.DESCENDING },
  }))).flatMap((m) => m.tags).map((t) => dec(t.name));
  assert.deepEqual(desc, ["v1", "my_tag"]);
  const n0 = await node("0");
  const files = { branches: "001\n", tags: `001\n${n0} v10\n${n0} v9\n${n0} v1.2\n` };
  await withStateFiles(files, async () => {
    const versions = (await collect(client.findAllTags({
      repository,
      sortBy: { key: FindAllTagsRequest_SortBy_Key.VERSION_REFNAME },
    }))).flatMap((m) => m.tags).map((t) => dec(t.name));
    assert.deepEqual(versions, ["v1.2", "v9", "v10"]);
    const paged = (await collect(client.findAllTags({
      repository,
      paginationParams: { pageToken: "refs/tags/v1.2", limit: 1 },
    }))).flatMap((m) => m.tags).map((t) => dec(t.name));
    assert.deepEqual(paged, ["v10"]);
  });

  const found = await client.findTag({ repository, tagName: enc("my_tag") });
  assert.equal(found.tag!.targetCommit!.id, await node("2"));
  const err = await grpcError(client.findTag({ repository, tagName: enc("v2") }));
  assert.equal(err.code, Code.NOT_FOUND);
  assert.equal(err.details, "tag does not exist");
  const status = fromBinary(
    StatusSchema,
    err.metadata.get("grpc-status-details-bin")[0] as Uint8Array,
  );
  const unpacked = anyUnpack(status.details[0], FindTagErrorSchema)!;
  assert.equal(unpacked.error.case, "tagNotFound");
  assert.equal(dec(unpacked.error.value!.referenceName), "refs/tags/v2");
  const empty = await grpcError(client.findTag({ repository, tagName: new Uint8Array() }));
  assert.equal(empty.code, Code.INVALID_ARGUMENT);
});

Deno.test("GetTagMessages, GetTagSignatures", async () => {
  const tagging = await node("desc('Added tag v1')");
  const messages = await collect(client.getTagMessages({ repository, tagIds: [tagging] }));
  assert.equal(messages[0].tagId, tagging);
  assert.equal(
    dec(messages[0].message),
    `Added tag v1 for changeset ${(await node("0")).slice(0, 12)}`,
  );
  const bad = await grpcError(client.getTagMessages({ repository, tagIds: ["f".repeat(40)] }));
  assert.equal(bad.code, Code.INTERNAL);
  // Lightweight (unsigned) tags only: nothing to answer, but inputs are still validated.
  assert.deepEqual(
    await collect(client.getTagSignatures({ repository, tagRevisions: [tagging, "v1"] })),
    [],
  );
  const none = await grpcError(client.getTagSignatures({ repository, tagRevisions: [] }));
  assert.equal(none.code, Code.INVALID_ARGUMENT);
  const dash = await grpcError(client.getTagSignatures({ repository, tagRevisions: ["--all"] }));
  assert.equal(dash.code, Code.INVALID_ARGUMENT);
  const missing = await grpcError(
    client.getTagSignatures({
      repository: { storageName: "default", relativePath: "nope.hg" },
      tagRevisions: ["v1"],
    }),
  );
  assert.equal(missing.code, Code.NOT_FOUND);
});

Deno.test("RefExists", async () => {
  const exists = async (ref: string) =>
    (await client.refExists({ repository, ref: enc(ref) })).value;
  assert.equal(await exists("refs/heads/branch/default"), true);
  assert.equal(await exists("refs/heads/bk"), true);
  assert.equal(await exists("refs/tags/v1"), true);
  assert.equal(await exists("refs/tags/v2"), false);
  assert.equal(await exists("refs/heads/branch/old"), false);
  const err = await grpcError(client.refExists({ repository, ref: enc("branch/default") }));
  assert.equal(err.code, Code.INVALID_ARGUMENT);
  assert.equal(err.details, "invalid refname");
});

Deno.test("ListRefs: patterns, HEAD, ALL, pointing_at_oids, sort", async () => {
  const list = async (patterns: string[], extra: Record<string, unknown> = {}) =>
    (await collect(client.listRefs({ repository, patterns: patterns.map(enc), ...extra })))
      .flatMap((m) => m.references).map((r) => [dec(r.name), r.target]);
  const refs = expectedRefs();
  const heads = await list(["refs/heads/"]);
  assert.equal(heads.length, refs.branches.size);
  assert.deepEqual(await list(["refs/tags/*"]), [
    ["refs/tags/my_tag", await node("2")],
    ["refs/tags/v1", await node("0")],
  ]);
  assert.deepEqual(await list(["refs/heads/topic"]), [[
    "refs/heads/topic/stable/feat",
    await node("8"),
  ]]);
  assert.deepEqual(await list(["refs/heads/top"]), [], "prefixes stop at slashes");
  const withHead = await list(["refs/tags/v1"], { head: true });
  assert.deepEqual(withHead[0], ["HEAD", await node("max(head() and branch(default))")]);
  const everything = await list(["refs/"]);
  assert.deepEqual(everything.at(-1), ["ALL", "0".repeat(40)]);
  assert.equal(everything.length, refs.branches.size + refs.tags.size + 1);
  assert.deepEqual(await list(["refs/nothing/"]), []);
  const pointing = await list(["refs/"], { pointingAtOids: [enc(await node("2"))] });
  assert.deepEqual(pointing.map(([n]) => n), ["refs/heads/branch/stable", "refs/tags/my_tag"]);
  const byDate = await list(["refs/tags/"], {
    sortBy: { key: ListRefsRequest_SortBy_Key.CREATORDATE, direction: SortDirection.DESCENDING },
  });
  assert.equal(byDate.length, 2);
  const err = await grpcError(client.listRefs({ repository, patterns: [] }));
  assert.equal(err.code, Code.INVALID_ARGUMENT);
});

Deno.test("FindRefsByOID", async () => {
  const n2 = await node("2");
  const find = async (extra: Record<string, unknown>) =>
    (await client.findRefsByOID({ repository, oid: n2, ...extra })).refs;
  assert.deepEqual(await find({}), ["refs/heads/branch/stable", "refs/tags/my_tag"]);
  assert.deepEqual(await find({ sortField: "-refname" }), [
    "refs/tags/my_tag",
    "refs/heads/branch/stable",
  ]);
  assert.deepEqual(await find({ refPatterns: ["refs/tags/"] }), ["refs/tags/my_tag"]);
  assert.deepEqual(await find({ limit: 1 }), ["refs/heads/branch/stable"]);
  assert.deepEqual(await find({ oid: n2.slice(0, 10) }), await find({}));
  assert.deepEqual(await find({ oid: "f".repeat(40) }), []);
  assert.equal((await grpcError(find({ oid: "" }))).code, Code.INVALID_ARGUMENT);
  assert.equal((await grpcError(find({ sortField: "bogus" }))).code, Code.INVALID_ARGUMENT);
});

Deno.test("List{Branch,Tag}NamesContainingCommit agree with hg descendants", async () => {
  const refs = expectedRefs();
  for (const rev of ["0", "2", "5", "desc(dated)"]) {
    const commitId = await node(rev);
    const descendants = await nodes(`descendants(${commitId})`);
    const branchNames =
      (await collect(client.listBranchNamesContainingCommit({ repository, commitId })))
        .flatMap((m) => m.branchNames).map(dec);
    const expected = [...refs.branches].filter(([, t]) => descendants.has(t)).map(([n]) => n)
      .sort();
    assert.deepEqual(branchNames, expected, rev);
    const tagNames = (await collect(client.listTagNamesContainingCommit({ repository, commitId })))
      .flatMap((m) => m.tagNames).map(dec);
    assert.deepEqual(
      tagNames,
      [...refs.tags].filter(([, t]) => descendants.has(t)).map(([n]) => n).sort(),
    );
  }
  const limited = (await collect(client.listBranchNamesContainingCommit({
    repository,
    commitId: await node("0"),
    limit: 2,
  }))).flatMap((m) => m.branchNames);
  assert.equal(limited.length, 2);
  const bad = await grpcError(client.listTagNamesContainingCommit({ repository, commitId: "abc" }));
  assert.equal(bad.code, Code.INVALID_ARGUMENT);
});

Deno.test("state files: branches from gitlab.branches, malformed file is INTERNAL", async () => {
  const n0 = await node("0");
  await withStateFiles({ branches: `001\n${n0} branch/default\n`, tags: "001\n" }, async () => {
    const names = (await collect(client.findLocalBranches({ repository })))
      .flatMap((m) => m.localBranches).map((b) => dec(b.name));
    assert.deepEqual(names, ["refs/heads/branch/default"]);
    assert.deepEqual(await collect(client.findAllTags({ repository })), []);
  });
  await withStateFiles({ branches: "garbage\n" }, async () => {
    const err = await grpcError(client.findLocalBranches({ repository }));
    assert.equal(err.code, Code.INTERNAL);
    assert.match(err.details, /^GitLab state file error: /);
  });
});

Deno.test("bad repository addressing, every RPC", async () => {
  const cases: [typeof repository | undefined, number][] = [
    [undefined, Code.INVALID_ARGUMENT],
    [{ storageName: "nope", relativePath: "repo" }, Code.INVALID_ARGUMENT],
    [{ storageName: "default", relativePath: "missing" }, Code.NOT_FOUND],
  ];
  for (const [repo, code] of cases) {
    const calls: [string, () => Promise<unknown> | AsyncIterable<unknown>][] = [
      ["findDefaultBranchName", () => client.findDefaultBranchName({ repository: repo })],
      ["findLocalBranches", () => client.findLocalBranches({ repository: repo })],
      ["findAllBranches", () => client.findAllBranches({ repository: repo })],
      ["findBranch", () => client.findBranch({ repository: repo, name: enc("x") })],
      ["findAllTags", () => client.findAllTags({ repository: repo })],
      ["findTag", () => client.findTag({ repository: repo, tagName: enc("x") })],
      ["refExists", () => client.refExists({ repository: repo, ref: enc("refs/x") })],
      ["listRefs", () => client.listRefs({ repository: repo, patterns: [enc("refs/")] })],
      ["findRefsByOID", () => client.findRefsByOID({ repository: repo, oid: "abc" })],
      [
        "branchNames",
        () =>
          client.listBranchNamesContainingCommit({ repository: repo, commitId: "0".repeat(40) }),
      ],
      [
        "tagNames",
        () => client.listTagNamesContainingCommit({ repository: repo, commitId: "0".repeat(40) }),
      ],
      [
        "getTagMessages",
        () => client.getTagMessages({ repository: repo, tagIds: ["0".repeat(40)] }),
      ],
      ["remote", () => client.findAllRemoteBranches({ repository: repo, remoteName: "o" })],
    ];
    for (const [name, call] of calls) {
      assert.equal((await grpcError(call())).code, code, `${name} ${JSON.stringify(repo)}`);
    }
  }
});

Deno.test("stop servers", async () => {
  client.close();
  await srv[Symbol.asyncDispose]();
  await hg.close();
});
