import assert from "node:assert/strict";
import { CommitService } from "../../../src/gen/gitaly/commit_pb.ts";
import { Code } from "../../../src/services/rpc.ts";
import { collect, createClient, grpcError } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import { buildHistoryFixture } from "./history-fixture.ts";
import { dec, enc, hgNode, hgNodes, repoRef } from "./history-support.ts";

const fx = await buildHistoryFixture();
const repository = repoRef();
const bad = [
  [{}, Code.INVALID_ARGUMENT],
  [{ repository: { storageName: "nope", relativePath: "repo" } }, Code.INVALID_ARGUMENT],
  [{ repository: repoRef("missing") }, Code.NOT_FOUND],
] as const;

Deno.test("ListCommitsByOid, ListCommitsByRefName, CommitIsAncestor", async (t) => {
  await using srv = await startTestServer(fx.root);
  const client = createClient(CommitService, srv.address);
  const all = await hgNodes(fx, "all()");

  await t.step("ListCommitsByOid: full, prefix, hidden; skips unknown and non-hex", async () => {
    const hidden = await hgNode(fx, "10");
    const oid = [all[0], all[3].slice(0, 8), "zz", "f".repeat(40), hidden, "0", all[5]];
    const res = await collect(client.listCommitsByOid({ repository, oid }));
    assert.deepEqual(res.flatMap((m) => m.commits.map((c) => c.id)), [
      all[0],
      all[3],
      hidden,
      all[5],
    ]);
    const many = await collect(client.listCommitsByOid({ repository, oid: [...all, ...all] }));
    assert.deepEqual(many.map((m) => m.commits.length), [20, 2 * all.length - 20]);
    for (const [req, code] of bad) {
      assert.equal((await grpcError(client.listCommitsByOid({ ...req, oid: all }))).code, code);
    }
  });

  await t.step("ListCommitsByRefName: resolves names, skips unknown", async () => {
    const names = ["refs/heads/branch/stable", "branch/default", "refs/heads/nope", "HEAD"];
    const res = await collect(
      client.listCommitsByRefName({ repository, refNames: names.map(enc) }),
    );
    const got = res.flatMap((m) => m.commitRefs.map((c) => [dec(c.refName), c.commit!.id]));
    const tip = await hgNode(fx, "tip");
    assert.deepEqual(got, [
      ["refs/heads/branch/stable", await hgNode(fx, "max(branch(stable))")],
      ["branch/default", tip],
      ["HEAD", tip],
    ]);
    for (const [req, code] of bad) {
      assert.equal((await grpcError(client.listCommitsByRefName(req))).code, code);
    }
  });

  await t.step("CommitIsAncestor against hg", async () => {
    const is = async (a: string, c: string) =>
      (await client.commitIsAncestor({ repository, ancestorId: a, childId: c })).value;
    for (const [a, c] of [[2, 5], [3, 4], [0, 11], [5, 5], [10, 11], [4, 3], [1, 10]]) {
      const expected = (await hgNodes(fx, `${a} and ancestors(${c})`)).length === 1;
      assert.equal(await is(all[a], all[c]), expected, `${a} ancestor of ${c}`);
    }
    assert.equal(await is("branch/stable", "branch/default"), true);
    assert.equal(await is("nope", "branch/default"), false);
    assert.equal(await is(all[0], "f".repeat(40)), false);
    const err = await grpcError(client.commitIsAncestor({ repository, childId: all[0] }));
    assert.equal(err.code, Code.INVALID_ARGUMENT);
    for (const [req, code] of bad) {
      const e = await grpcError(client.commitIsAncestor({ ...req, ancestorId: "a", childId: "b" }));
      assert.equal(e.code, code);
    }
  });
  client.close();
});

globalThis.addEventListener("unload", () => fx.hg.close());
