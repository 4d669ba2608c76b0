import assert from "node:assert/strict";
import { changesetDiff } from "../../../src/gitlab/diff/changeset-diff.ts";
import { bytesToByteString, byteStringToBytes } from "../../../src/hg/byte-string.ts";
import { Code } from "../../../src/services/rpc.ts";
import { collect, grpcError } from "../../support/grpc-client.ts";
import { exportTrees, gitOutput } from "./diff-fixture.ts";
import { serveDiffFixture } from "./diff-support.ts";

const ctx = await serveDiffFixture();
const { client, node, repository, fixture, repo } = ctx;

async function rawDiff(from: string, to: string): Promise<string> {
  const res = await collect(client.rawDiff({ repository, leftCommitId: from, rightCommitId: to }));
  return res.map((r) => bytesToByteString(r.data)).join("");
}

async function pipe(cmd: string, args: string[], input: string): Promise<string> {
  const child = new Deno.Command(cmd, { args, stdin: "piped", stdout: "piped" }).spawn();
  const w = child.stdin.getWriter();
  await w.write(byteStringToBytes(input));
  await w.close();
  return bytesToByteString((await child.output()).stdout);
}

Deno.test("RawDiff: git diff text with Heptapod blob ids", async () => {
  const { gitDir, trees } = await exportTrees(fixture);
  for (const [from, to] of [[0, 1], [1, 2], [3, 4]]) {
    const ours = await rawDiff(node(from), node(to));
    const git = await gitOutput(gitDir, [
      "diff",
      "--full-index",
      "-M",
      "-C",
      "--find-copies-harder",
      trees.get(from)!,
      trees.get(to)!,
    ]);
    // Same text once object ids are left out.
    const noIndex = (s: string) => s.replace(/^index \S+/gm, "index");
    assert.equal(noIndex(ours), noIndex(git), `${from} -> ${to}`);
  }
  const ours = await rawDiff(node(0), node(1));
  const [from, to] = [0, 1];
  assert.match(
    ours,
    new RegExp(`^index ${node(from)}_YS50eHQ=\\.\\.${node(to)}_YS50eHQ= 100644$`, "m"),
  );
  assert.equal(await rawDiff(node(1), "branch/default"), await rawDiff(node(1), node(4)));
  assert.equal(await rawDiff(node(2), node(2)), "");
});

Deno.test("RawDiff: bad inputs", async () => {
  const unknown = await grpcError(
    client.rawDiff({ repository, leftCommitId: "f".repeat(40), rightCommitId: node(1) }),
  );
  assert.equal(unknown.code, Code.INTERNAL);
  const empty = await grpcError(
    client.rawDiff({ repository, leftCommitId: node(0), rightCommitId: "" }),
  );
  assert.equal(empty.code, Code.INVALID_ARGUMENT);
  const noRepo = await grpcError(client.rawDiff({ leftCommitId: node(0), rightCommitId: node(1) }));
  assert.equal(noRepo.code, Code.INVALID_ARGUMENT);
});

Deno.test("DiffStats: as git diff --numstat, old_path for renames and copies", async () => {
  const { gitDir, trees } = await exportTrees(fixture);
  for (const [from, to] of [[0, 1], [1, 2], [3, 4]]) {
    const res = await collect(
      client.diffStats({ repository, leftCommitId: node(from), rightCommitId: node(to) }),
    );
    const ours = res.flatMap((r) => r.stats).map((s) =>
      `${s.additions}\t${s.deletions}\t${
        bytesToByteString(s.oldPath) || bytesToByteString(s.path)
      }` +
      (s.oldPath.length ? ` => ${bytesToByteString(s.path)}` : "")
    );
    const git = (await gitOutput(gitDir, [
      "-c",
      "core.quotePath=false",
      "diff",
      "--numstat",
      "-M",
      "-C",
      "--find-copies-harder",
      trees.get(from)!,
      trees.get(to)!,
    ])).trimEnd().split("\n").map((l) => l.replace(/^-\t-/, "0\t0"));
    assert.deepEqual(ours, git, `${from} -> ${to}`);
  }
  const bad = await grpcError(
    client.diffStats({ repository, leftCommitId: "nope", rightCommitId: node(1) }),
  );
  assert.equal(bad.code, Code.FAILED_PRECONDITION);
});

Deno.test("GetPatchID: git patch-id --stable of the diff with Git blob ids", async () => {
  for (const [from, to] of [[0, 1], [1, 2], [0, 4]]) {
    const res = await client.getPatchID({
      repository,
      oldRevision: byteStringToBytes(node(from)),
      newRevision: byteStringToBytes(node(to)),
    });
    let diff = "";
    for (const e of changesetDiff(repo, from, to, { oids: "git" })) {
      diff += e.patch.header + e.patch.body;
    }
    const git = (await pipe("git", ["patch-id", "--stable"], diff)).split(" ")[0];
    assert.equal(res.patchId, git);
  }
  // Binary changes count by content: the same id whatever the changesets' ids.
  const same = await grpcError(client.getPatchID({
    repository,
    oldRevision: byteStringToBytes(node(1)),
    newRevision: byteStringToBytes(node(1)),
  }));
  assert.equal(same.code, Code.FAILED_PRECONDITION);
  const unknown = await grpcError(client.getPatchID({
    repository,
    oldRevision: byteStringToBytes("nope"),
    newRevision: byteStringToBytes(node(1)),
  }));
  assert.equal(unknown.code, Code.INTERNAL);
  const empty = await grpcError(
    client.getPatchID({ repository, newRevision: byteStringToBytes(node(1)) }),
  );
  assert.equal(empty.code, Code.INVALID_ARGUMENT);
});

Deno.test("stop server", async () => {
  await ctx[Symbol.asyncDispose]();
});
