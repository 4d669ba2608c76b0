import assert from "node:assert/strict";
import { CommitService } from "../../../src/gen/gitaly/commit_pb.ts";
import { commitShortStats } from "../../../src/gitlab/diff/changeset-stats.ts";
import { openRepository } from "../../../src/hg/repository.ts";
import { Code } from "../../../src/services/rpc.ts";
import { hgCommand } from "../../hg/hg-fixture.ts";
import { createClient, grpcError } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import { buildCommitFixture } from "./commit-fixture.ts";

const fixture = await buildCommitFixture();
const srv = await startTestServer(fixture.root);
const client = createClient(CommitService, srv.address);
const repository = { storageName: "default", relativePath: "repo" };
const enc = (s: string) => new TextEncoder().encode(s);
const hg = (...args: string[]) => hgCommand(args, fixture.repo, fixture.hgrc);

/** `hg diff --git --stat -c REV` totals: files, insertions, deletions. */
async function hgStat(rev: number): Promise<[number, number, number]> {
  const out = await hg("diff", "--git", "--stat", "-c", String(rev));
  const last = out.trim().split("\n").pop()!;
  const num = (re: RegExp) => Number(last.match(re)?.[1] ?? 0);
  return [num(/(\d+) files? changed/), num(/(\d+) insertions?/), num(/(\d+) deletions?/)];
}

Deno.test("CommitStats: totals of every changeset agree with hg diff --git --stat", async () => {
  const repo = openRepository(fixture.repo);
  for (let rev = 0; rev < repo.changelog.length; rev++) {
    const node = repo.changelog.node(rev);
    const [files, additions, deletions] = await hgStat(rev);
    const res = await client.commitStats({ repository, revision: enc(node) });
    assert.deepEqual(
      { oid: res.oid, additions: res.additions, deletions: res.deletions },
      { oid: node, additions, deletions },
      `rev ${rev}`,
    );
    assert.equal(commitShortStats(repo, rev).changedFiles, files, `rev ${rev}`);
  }
});

Deno.test("CommitStats: details (binary, rename, merge against first parent)", async () => {
  const repo = openRepository(fixture.repo);
  // rev 1: a.txt +2 -2 (ALPHA 3, alpha 7 removed, alpha 13), noeol +1 -1, binary and mode: 0.
  assert.deepEqual(commitShortStats(repo, 1), { additions: 3, deletions: 3, changedFiles: 4 });
  // rev 2: rename b -> c with one line changed, copy a -> d with one line added, new symlink.
  assert.deepEqual(commitShortStats(repo, 2), { additions: 3, deletions: 1, changedFiles: 3 });
  // rev 5 (merge) against its first parent 3: a.txt gains zero, other 10, merged 12.
  assert.deepEqual(commitShortStats(repo, 5), { additions: 3, deletions: 2, changedFiles: 1 });
  const byRef = await client.commitStats({
    repository,
    revision: enc(repo.changelog.node(5).slice(0, 12)),
  });
  assert.equal(byRef.oid, repo.changelog.node(5));
});

Deno.test("CommitStats: bad inputs", async () => {
  const unknown = await grpcError(
    client.commitStats({ repository, revision: enc("f".repeat(40)) }),
  );
  assert.equal(unknown.code, Code.INTERNAL);
  assert.match(unknown.details, /object not found/);
  const missing = await grpcError(
    client.commitStats({ repository, revision: enc("no-such-branch") }),
  );
  assert.equal(missing.code, Code.INTERNAL);
  const empty = await grpcError(client.commitStats({ repository, revision: enc("") }));
  assert.equal(empty.code, Code.INVALID_ARGUMENT);
  const dash = await grpcError(client.commitStats({ repository, revision: enc("-x") }));
  assert.equal(dash.code, Code.INVALID_ARGUMENT);
  const noRepo = await grpcError(client.commitStats({ revision: enc("tip") }));
  assert.equal(noRepo.code, Code.INVALID_ARGUMENT);
  const notFound = await grpcError(
    client.commitStats({ repository: { ...repository, relativePath: "nope" }, revision: enc("0") }),
  );
  assert.equal(notFound.code, Code.NOT_FOUND);
});

Deno.test("stop server", async () => {
  client.close();
  await srv[Symbol.asyncDispose]();
});
