import assert from "node:assert/strict";
import { CommitService } from "../../../src/gen/gitaly/commit_pb.ts";
import { byteStringToUtf8 } from "../../../src/hg/byte-string.ts";
import { Code } from "../../../src/services/rpc.ts";
import { collect, createClient, grpcError } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import { buildHistoryFixture, NON_ASCII_DIR, NON_ASCII_FILE } from "./history-fixture.ts";
import { dec, enc, hgNode, hgNodes, repoRef } from "./history-support.ts";

const fx = await buildHistoryFixture();
const repository = repoRef();

/** hg's last changeset among ancestors of `rev` touching `path` (file or directory). */
async function hgLast(rev: string, path: string): Promise<string | undefined> {
  const p = byteStringToUtf8(path);
  return (await hgNodes(fx, `last(::${rev} and file('path:${p}'))`))[0];
}

Deno.test("LastCommitForPath and ListLastCommitsForTree", async (t) => {
  await using srv = await startTestServer(fx.root);
  const client = createClient(CommitService, srv.address);
  const last = async (revision: string, path: string) =>
    (await client.lastCommitForPath({ repository, revision: enc(revision), path: enc(path) }))
      .commit?.id;

  await t.step("LastCommitForPath against hg (files, dirs, removed, amended)", async () => {
    const paths = [
      "a.txt",
      "b.txt",
      "moved/a2.txt",
      "dir",
      "dir/",
      "dir/sub",
      "s.txt",
      "h.txt",
      NON_ASCII_DIR,
      NON_ASCII_FILE,
    ];
    for (const [rev, revision] of [["tip", "HEAD"], ["4", await hgNode(fx, "4")]]) {
      for (const path of paths) {
        const expected = await hgLast(rev, path.replace(/\/$/, ""));
        assert.equal(await last(revision, path), expected, `${rev} ${path}`);
      }
    }
    assert.equal(await last("HEAD", ""), await hgNode(fx, "tip"));
    assert.equal(await last("HEAD", "."), await hgNode(fx, "tip"));
    assert.equal(await last("HEAD", "nope"), undefined);
    assert.equal(await last("branch/stable", "dir/x.txt"), await hgNode(fx, "0"));
    // The amended changeset is hidden: the visible amend is the last commit of h.txt.
    assert.equal(await last("HEAD", "h.txt"), await hgNode(fx, "11"));
    assert.equal(await last(await hgNode(fx, "10"), "h.txt"), await hgNode(fx, "10"));
  });

  await t.step("LastCommitForPath bad inputs", async () => {
    const err = await grpcError(last("nope", "a.txt"));
    assert.equal(err.code, Code.INTERNAL);
    assert.match(err.details, /exit status 128/);
    assert.equal((await grpcError(last("", "a.txt"))).code, Code.INVALID_ARGUMENT);
    const empty = client.lastCommitForPath({
      repository: repoRef("empty"),
      revision: enc("HEAD"),
      path: enc("a"),
    });
    assert.equal((await grpcError(empty)).code, Code.INTERNAL);
    for (
      const [repo, code] of [
        [undefined, Code.INVALID_ARGUMENT],
        [{ storageName: "x", relativePath: "repo" }, Code.INVALID_ARGUMENT],
        [repoRef("missing"), Code.NOT_FOUND],
      ] as const
    ) {
      const call = client.lastCommitForPath({ repository: repo, revision: enc("HEAD") });
      assert.equal((await grpcError(call)).code, code);
    }
  });

  await t.step("ListLastCommitsForTree against hg, paginated", async () => {
    const list = async (path: string, offset = 0, limit = 100, revision = "HEAD") =>
      (await collect(
        client.listLastCommitsForTree({ repository, revision, path: enc(path), offset, limit }),
      ))
        .flatMap((m) => m.commits.map((c) => [dec(c.pathBytes), c.commit!.id]));
    const root = await list("");
    assert.deepEqual(root.map(([p]) => p), ["dir", NON_ASCII_DIR, "moved", "h.txt", "s.txt"]);
    for (const [path, id] of root) assert.equal(id, await hgLast("tip", path), path);
    const dir = await list("dir/");
    assert.deepEqual(dir.map(([p]) => p), ["dir/sub", "dir/x.txt"]);
    for (const [path, id] of dir) assert.equal(id, await hgLast("tip", path), path);
    assert.deepEqual(await list("", 1, 2), root.slice(1, 3));
    assert.deepEqual(await list("", 10, 2), []);
    assert.deepEqual(await list("h.txt"), [["h.txt", await hgNode(fx, "11")]]);
    assert.deepEqual(await list("nope"), []);
    const stable = await list("", 0, 100, "branch/stable");
    assert.deepEqual(stable.map(([p]) => p), [
      "dir",
      NON_ASCII_DIR,
      "a.txt",
      "b.txt",
      "s.txt",
    ]);
  });

  await t.step("ListLastCommitsForTree bad inputs", async () => {
    const call = (req: Record<string, unknown>) =>
      grpcError(client.listLastCommitsForTree({ repository, revision: "HEAD", limit: 5, ...req }));
    assert.equal((await call({ revision: "nope" })).code, Code.INTERNAL);
    assert.equal((await call({ revision: "" })).code, Code.INVALID_ARGUMENT);
    assert.equal((await call({ offset: -1 })).code, Code.INVALID_ARGUMENT);
    assert.equal((await call({ limit: -1 })).code, Code.INVALID_ARGUMENT);
    assert.equal((await call({ repository: repoRef("missing") })).code, Code.NOT_FOUND);
    assert.equal((await call({ repository: undefined })).code, Code.INVALID_ARGUMENT);
  });
  client.close();
});

globalThis.addEventListener("unload", () => fx.hg.close());
