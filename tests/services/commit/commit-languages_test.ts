import assert from "node:assert/strict";
import { CommitService } from "../../../src/gen/gitaly/commit_pb.ts";
import { byteStringToBytes } from "../../../src/hg/byte-string.ts";
import { openRepository } from "../../../src/hg/repository.ts";
import { Code } from "../../../src/services/rpc.ts";
import { createClient, grpcError } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import { buildCommitFixture } from "./commit-fixture.ts";

const fixture = await buildCommitFixture();
const srv = await startTestServer(fixture.root);
const client = createClient(CommitService, srv.address);
const repository = { storageName: "default", relativePath: "repo" };
const bs = byteStringToBytes;

Deno.test("CommitLanguages: programming and markup files by bytes, vendored and docs skipped", async () => {
  const repo = openRepository(fixture.repo);
  const tip = repo.changelog.node(6);
  const res = await client.commitLanguages({ repository, revision: bs(tip) });
  const size = async (p: string) => (await Deno.stat(`${fixture.repo}/${p}`)).size;
  const expected = new Map([
    ["Python", await size("src/main.py")],
    ["JavaScript", await size("src/lib.js")],
    ["Shell", await size("tool.sh")],
    ["Makefile", await size("Makefile")],
  ]);
  const total = [...expected.values()].reduce((a, b) => a + b, 0);
  assert.deepEqual(
    res.languages.map((l) => [l.name, Number(l.bytes)]),
    [...expected].sort((a, b) => b[1] - a[1]),
  );
  for (const l of res.languages) {
    assert.ok(Math.abs(l.share - (Number(l.bytes) * 100) / total) < 1e-4, l.name);
    assert.match(l.color, /^#[0-9a-fA-F]{6}$/);
  }
  assert.equal(res.languages.find((l) => l.name === "Python")!.color, "#3572A5");
  // The same languages are present from the first changeset on.
  const first = await client.commitLanguages({ repository, revision: bs(repo.changelog.node(0)) });
  assert.deepEqual(first.languages.map((l) => l.name).sort(), [...expected.keys()].sort());
});

Deno.test("CommitLanguages: bad inputs", async () => {
  const unknown = await grpcError(
    client.commitLanguages({ repository, revision: bs("f".repeat(40)) }),
  );
  assert.equal(unknown.code, Code.INTERNAL);
  assert.match(unknown.details, /^looking up revision/);
  const dash = await grpcError(client.commitLanguages({ repository, revision: bs("-x") }));
  assert.equal(dash.code, Code.INVALID_ARGUMENT);
  const noRepo = await grpcError(client.commitLanguages({ revision: bs("") }));
  assert.equal(noRepo.code, Code.INVALID_ARGUMENT);
  const missing = await grpcError(
    client.commitLanguages({ repository: { ...repository, relativePath: "nope" } }),
  );
  assert.equal(missing.code, Code.NOT_FOUND);
  // Empty revision means the default branch: none is set in this fixture.
  await Deno.writeTextFile(`${fixture.repo}/.hg/default_gitlab_branch`, "branch/default");
  try {
    const res = await client.commitLanguages({ repository });
    assert.ok(res.languages.length > 0);
  } finally {
    await Deno.remove(`${fixture.repo}/.hg/default_gitlab_branch`);
  }
});

Deno.test("stop server", async () => {
  client.close();
  await srv[Symbol.asyncDispose]();
});
