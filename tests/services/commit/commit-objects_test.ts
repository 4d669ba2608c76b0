import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { CommitService } from "../../../src/gen/gitaly/commit_pb.ts";
import { Code } from "../../../src/services/rpc.ts";
import { collect, createClient, grpcError } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import { buildHistoryFixture, NON_ASCII_FILE, TRAILER_MESSAGE } from "./history-fixture.ts";
import { dec, enc, hgNode, repoRef } from "./history-support.ts";

const fx = await buildHistoryFixture();
const repository = repoRef();
const oid = (node: string, path: string) => `${node}_${Buffer.from(enc(path)).toString("base64")}`;

Deno.test("GetCommitMessages, CheckObjectsExist, signatures", async (t) => {
  await using srv = await startTestServer(fx.root);
  const client = createClient(CommitService, srv.address);

  await t.step("GetCommitMessages", async () => {
    const [n1, n5] = [await hgNode(fx, "1"), await hgNode(fx, "5")];
    const res = await collect(
      client.getCommitMessages({ repository, commitIds: [n1, n5, "branch/stable"] }),
    );
    assert.deepEqual(
      res.map((m) => [m.commitId, dec(m.message)]),
      [[n1, TRAILER_MESSAGE], [n5, "merge stable"], ["branch/stable", "stable add s"]],
    );
    const err = await grpcError(client.getCommitMessages({ repository, commitIds: ["nope"] }));
    assert.equal(err.code, Code.INTERNAL);
    assert.match(err.details, /object not found/);
    const missing = client.getCommitMessages({ repository: repoRef("missing"), commitIds: [n1] });
    assert.equal((await grpcError(missing)).code, Code.NOT_FOUND);
    const unset = client.getCommitMessages({ commitIds: [n1] });
    assert.equal((await grpcError(unset)).code, Code.INVALID_ARGUMENT);
  });

  await t.step("CheckObjectsExist: revisions, hidden ids, blob and tree oids", async () => {
    const [tip, hidden, n0] = [
      await hgNode(fx, "tip"),
      await hgNode(fx, "10"),
      await hgNode(fx, "0"),
    ];
    const revisions = [
      tip,
      hidden,
      "branch/default",
      "nope",
      "f".repeat(40),
      oid(tip, "h.txt"),
      oid(tip, "dir"),
      oid(tip, ""),
      oid(tip, "a.txt"), // renamed away
      oid(n0, "a.txt"),
      oid(n0, NON_ASCII_FILE),
      `${tip}_!!`,
    ];
    const res = await collect(client.checkObjectsExist([
      { repository, revisions: revisions.slice(0, 6).map(enc) },
      { revisions: revisions.slice(6).map(enc) },
    ]));
    assert.equal(res.length, 2);
    const got = res.flatMap((m) => m.revisions.map((r) => [dec(r.name), r.exists]));
    const expected = [true, true, true, false, false, true, true, true, false, true, true, false];
    assert.deepEqual(got, revisions.map((r, i) => [r, expected[i]]));
  });

  await t.step("CheckObjectsExist bad inputs", async () => {
    const code = async (reqs: Record<string, unknown>[]) =>
      (await grpcError(client.checkObjectsExist(reqs))).code;
    assert.equal(await code([{ repository, revisions: [enc("-x")] }]), Code.INVALID_ARGUMENT);
    assert.equal(await code([{ revisions: [enc("HEAD")] }]), Code.INVALID_ARGUMENT);
    assert.equal(
      await code([{ repository: repoRef("missing"), revisions: [enc("HEAD")] }]),
      Code.NOT_FOUND,
    );
  });

  await t.step("no signatures on Mercurial changesets", async () => {
    const tip = await hgNode(fx, "tip");
    const filtered = await collect(
      client.filterShasWithSignatures([{ repository, shas: [enc(tip)] }, { shas: [enc(tip)] }]),
    );
    assert.deepEqual(filtered.map((m) => m.shas.length), [0, 0]);
    assert.deepEqual(
      await collect(client.getCommitSignatures({ repository, commitIds: [tip] })),
      [],
    );
    const bad = client.getCommitSignatures({ repository, commitIds: ["xyz"] });
    assert.equal((await grpcError(bad)).code, Code.INVALID_ARGUMENT);
    const missing = client.getCommitSignatures({
      repository: repoRef("missing"),
      commitIds: [tip],
    });
    assert.equal((await grpcError(missing)).code, Code.NOT_FOUND);
    const missingFilter = client.filterShasWithSignatures([{ repository: repoRef("missing") }]);
    assert.equal((await grpcError(missingFilter)).code, Code.NOT_FOUND);
  });
  client.close();
});

globalThis.addEventListener("unload", () => fx.hg.close());
