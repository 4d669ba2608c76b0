import assert from "node:assert/strict";
import { equals } from "@bufbuild/protobuf";
import { CommitService } from "../../../src/gen/gitaly/commit_pb.ts";
import { GitCommitSchema } from "../../../src/gen/gitaly/shared_pb.ts";
import { openRepository } from "../../../src/hg/repository.ts";
import { decoratedCommit } from "../../../src/gitlab/decorated-commit.ts";
import { Code } from "../../../src/services/rpc.ts";
import { createClient, grpcError } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import { buildHistoryFixture, TRAILER_MESSAGE } from "./history-fixture.ts";

const fx = await buildHistoryFixture();
const repository = { storageName: "default", relativePath: "repo" };
const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const dec = (b: Uint8Array) => String.fromCharCode(...b);

async function node(revset: string): Promise<string> {
  return (await fx.hg.check("log", "--hidden", "-r", revset, "-T", "{node}")).trim();
}

Deno.test("FindCommit", async (t) => {
  await using srv = await startTestServer(fx.root);
  const client = createClient(CommitService, srv.address);
  const find = (revision: string, trailers = false) =>
    client.findCommit({ repository, revision: enc(revision), trailers });

  await t.step("branch, hex prefix, full hex of a hidden changeset", async () => {
    const tip = await node("tip");
    assert.equal((await find("branch/default")).commit?.id, tip);
    assert.equal((await find("HEAD")).commit?.id, tip);
    assert.equal((await find(tip.slice(0, 10))).commit?.id, tip);
    const hidden = await node("10");
    const res = await find(hidden);
    assert.equal(res.commit?.id, hidden);
    assert.equal(dec(res.commit!.subject), "to amend");
  });

  await t.step("merge parents, author, date, trailers", async () => {
    const merge = (await find(await node("5"))).commit!;
    assert.deepEqual(merge.parentIds, [await node("4"), await node("3")]);
    const c1 = (await find(await node("1"), true)).commit!;
    assert.equal(dec(c1.body), TRAILER_MESSAGE);
    assert.equal(dec(c1.subject), "edit a");
    assert.equal(dec(c1.author!.email), "bob@example.org");
    assert.equal(c1.author!.date!.seconds, 2000n);
    assert.deepEqual(
      c1.trailers.map((tr) => [dec(tr.key), dec(tr.value)]),
      [["Signed-off-by", "Alice <alice@example.org>"], ["Reviewed-by", "Bob Builder"]],
    );
    assert.equal((await find(await node("1"))).commit!.trailers.length, 0);
  });

  await t.step(
    "every changeset, with and without trailers, as built from the changelog",
    async () => {
      const cl = openRepository(`${fx.root}/repo`).changelog;
      assert.ok(cl.length > 5);
      for (let rev = 0; rev < cl.length; rev++) {
        const cs = cl.read(rev);
        for (const trailers of [false, true, false]) {
          const got = (await find(cs.node, trailers)).commit!;
          const want = decoratedCommit(cl, cs, { trailers });
          assert.ok(equals(GitCommitSchema, got, want), `rev ${rev} trailers ${trailers}`);
        }
      }
    },
  );

  await t.step("unknown revision and null changeset: empty response", async () => {
    assert.equal((await find("no-such-branch")).commit, undefined);
    assert.equal((await find("f".repeat(40))).commit, undefined);
    assert.equal((await find("0".repeat(40))).commit, undefined);
    const empty = await client.findCommit({
      repository: { storageName: "default", relativePath: "empty" },
      revision: enc("HEAD"),
    });
    assert.equal(empty.commit, undefined);
  });

  await t.step("bad inputs", async () => {
    assert.equal((await grpcError(find(""))).code, Code.INVALID_ARGUMENT);
    assert.match((await grpcError(find(""))).details, /empty revision/);
    assert.equal((await grpcError(find("--all"))).code, Code.INVALID_ARGUMENT);
    assert.equal(
      (await grpcError(client.findCommit({ revision: enc("HEAD") }))).code,
      Code.INVALID_ARGUMENT,
    );
    assert.equal(
      (await grpcError(client.findCommit({
        repository: { storageName: "nope", relativePath: "repo" },
        revision: enc("HEAD"),
      }))).code,
      Code.INVALID_ARGUMENT,
    );
    assert.equal(
      (await grpcError(client.findCommit({
        repository: { storageName: "default", relativePath: "missing" },
        revision: enc("HEAD"),
      }))).code,
      Code.NOT_FOUND,
    );
  });
  client.close();
});

globalThis.addEventListener("unload", () => fx.hg.close());
