import assert from "node:assert/strict";
import { RepositoryService } from "../../../src/gen/gitaly/repository_pb.ts";
import { Code } from "../../../src/services/rpc.ts";
import { createClient, grpcError } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import { buildRefFixture } from "../../gitlab/ref-fixture.ts";

const fixture = await buildRefFixture();
const hg = fixture.server;
const srv = await startTestServer(fixture.dir);
const client = createClient(RepositoryService, srv.address);
const repository = { storageName: "default", relativePath: "repo" };
const enc = (s: string) => new TextEncoder().encode(s);

async function node(revset: string): Promise<string> {
  return (await hg.check("log", "--hidden", "-r", revset, "-T", "{node}")).trim();
}

Deno.test("HasLocalBranches: fallback, empty and non-empty state files", async () => {
  assert.equal((await client.hasLocalBranches({ repository })).value, true);
  const path = `${fixture.repo}/.hg/store/gitlab.branches`;
  await Deno.writeTextFile(path, "001\n");
  try {
    assert.equal((await client.hasLocalBranches({ repository })).value, false);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("FindMergeBase agrees with hg's ancestor()", async () => {
  const base = async (...revisions: string[]) =>
    (await client.findMergeBase({ repository, revisions: revisions.map(enc) })).base;
  const pairs = [
    ["branch/default", "branch/stable"],
    ["topic/stable/feat", "branch/stable"],
    ["bk", "v1"],
    [await node("5"), await node("6")],
  ];
  for (const [a, b] of pairs) {
    const expected = await node(`ancestor(${await resolved(a)}, ${await resolved(b)})`);
    assert.equal(await base(a, b), expected, `${a} ${b}`);
  }
  const three = await node("ancestor(5, 8, 9)");
  assert.equal(await base(await node("5"), "topic/stable/feat", "bk"), three);
  assert.equal(await base("branch/default", "no-such-rev"), "");
  const err = await grpcError(client.findMergeBase({ repository, revisions: [enc("HEAD")] }));
  assert.equal(err.code, Code.INVALID_ARGUMENT);
});

async function resolved(name: string): Promise<string> {
  const map: Record<string, string> = {
    "branch/default": "max(head() and branch(default))",
    "branch/stable": "2",
    "topic/stable/feat": "8",
    "bk": "bk",
    "v1": "v1",
  };
  return map[name] ? await node(map[name]) : name;
}

Deno.test("RepositorySize is du -sk of .hg; RepositoryInfo sizes", async () => {
  const du = await new Deno.Command("du", { args: ["-sk", `${fixture.repo}/.hg`] }).output();
  const expected = BigInt(new TextDecoder().decode(du.stdout).split("\t")[0]);
  assert.equal((await client.repositorySize({ repository })).size, expected);
  const info = await client.repositoryInfo({ repository });
  assert.ok(info.size > 0n);
  assert.ok(info.objects!.size > 0n && info.objects!.size < info.size);
  assert.equal(info.references!.packedSize, 0n);
});

Deno.test("bad repository addressing", async () => {
  const cases: [typeof repository | undefined, number][] = [
    [undefined, Code.INVALID_ARGUMENT],
    [{ storageName: "nope", relativePath: "repo" }, Code.INVALID_ARGUMENT],
    [{ storageName: "default", relativePath: "missing" }, Code.NOT_FOUND],
  ];
  for (const [repo, code] of cases) {
    const calls = [
      () => client.hasLocalBranches({ repository: repo }),
      () => client.findMergeBase({ repository: repo, revisions: [enc("a"), enc("b")] }),
      () => client.repositorySize({ repository: repo }),
      () => client.repositoryInfo({ repository: repo }),
    ];
    for (const call of calls) assert.equal((await grpcError(call())).code, code);
  }
});

Deno.test("stop servers", async () => {
  client.close();
  await srv[Symbol.asyncDispose]();
  await hg.close();
});
