import assert from "node:assert/strict";
import { create } from "@bufbuild/protobuf";
import { TimestampSchema } from "@bufbuild/protobuf/wkt";
import { CommitService } from "../../../src/gen/gitaly/commit_pb.ts";
import { byteStringToUtf8 } from "../../../src/hg/byte-string.ts";
import { Code } from "../../../src/services/rpc.ts";
import { createClient, grpcError } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import { buildHistoryFixture, NON_ASCII_DIR } from "./history-fixture.ts";
import { enc, hgNodes, repoRef } from "./history-support.ts";

const fx = await buildHistoryFixture();
const repository = repoRef();
const ts = (seconds: number) => create(TimestampSchema, { seconds: BigInt(seconds) });

Deno.test("CountCommits and CountDivergingCommits", async (t) => {
  await using srv = await startTestServer(fx.root);
  const client = createClient(CommitService, srv.address);
  const countOf = async (revset: string) => (await hgNodes(fx, revset)).length;
  const count = async (revision: string, more: Record<string, unknown> = {}) =>
    (await client.countCommits({ repository, revision: enc(revision), ...more })).count;

  await t.step("revisions, ranges, paths against hg", async () => {
    assert.equal(await count("branch/default"), await countOf("::tip"));
    assert.equal(await count("branch/stable"), await countOf("::branch(stable)"));
    assert.equal(await count("branch/stable..branch/default"), await countOf("only(tip, 3)"));
    const n2 = (await hgNodes(fx, "2"))[0];
    assert.equal(await count(`${n2}...branch/default`), await countOf("only(tip, 2)"));
    for (const path of ["a.txt", "dir", "dir/sub/y.txt", "b.txt", "moved", NON_ASCII_DIR]) {
      const expected = await countOf(`::tip and file('path:${byteStringToUtf8(path)}')`);
      assert.equal(await count("HEAD", { path: enc(path) }), expected, path);
    }
    assert.equal(await count("HEAD", { path: enc(".") }), await countOf("::tip"));
    assert.equal(await count("HEAD", { path: enc("nope") }), 0);
  });

  await t.step("hidden start, first parent, dates, max_count, all", async () => {
    assert.equal(await count((await hgNodes(fx, "10"))[0]), await countOf("::10"));
    assert.equal(await count("HEAD", { firstParent: true }), await countOf("_firstancestors(tip)"));
    assert.equal(
      await count("HEAD", { after: ts(2500), before: ts(7000) }),
      await countOf("::tip and date('>1970-01-01 00:41:40') and date('<1970-01-01 01:56:40')"),
    );
    assert.equal(await count("HEAD", { maxCount: 3 }), 3);
    assert.equal(
      (await client.countCommits({ repository, all: true })).count,
      await countOf("not hidden()"),
    );
  });

  await t.step("unknown revision counts zero; empty repository", async () => {
    assert.equal(await count("nope"), 0);
    assert.equal(await count("f".repeat(40)), 0);
    const empty = await client.countCommits({ repository: repoRef("empty"), all: true });
    assert.equal(empty.count, 0);
    assert.equal(
      (await client.countCommits({ repository: repoRef("empty"), revision: enc("HEAD") })).count,
      0,
    );
  });

  await t.step("bad inputs", async () => {
    const codes = async (req: Record<string, unknown>) =>
      (await grpcError(client.countCommits(req))).code;
    assert.equal(await codes({ repository }), Code.INVALID_ARGUMENT);
    assert.equal(await codes({ repository, revision: enc("-x") }), Code.INVALID_ARGUMENT);
    assert.equal(await codes({ revision: enc("HEAD") }), Code.INVALID_ARGUMENT);
    assert.equal(
      await codes({ repository: repoRef("missing"), revision: enc("HEAD") }),
      Code.NOT_FOUND,
    );
    assert.equal(
      await codes({ repository: { storageName: "x", relativePath: "repo" }, all: true }),
      Code.INVALID_ARGUMENT,
    );
  });

  await t.step("CountDivergingCommits", async () => {
    const div = (from: string, to: string, maxCount = 0) =>
      client.countDivergingCommits({ repository, from: enc(from), to: enc(to), maxCount });
    const [n3, n4] = [(await hgNodes(fx, "3"))[0], (await hgNodes(fx, "4"))[0]];
    const res = await div(n3, n4);
    assert.deepEqual([res.leftCount, res.rightCount], [
      await countOf("only(3, 4)"),
      await countOf("only(4, 3)"),
    ]);
    const capped = await div(n3, n4, 2);
    assert.equal(capped.leftCount + capped.rightCount, 2);
    const unknown = await div("nope", n4);
    assert.deepEqual([unknown.leftCount, unknown.rightCount], [0, 0]);
    assert.equal((await grpcError(div("", n4))).code, Code.INVALID_ARGUMENT);
    assert.equal(
      (await grpcError(client.countDivergingCommits({ from: enc("a"), to: enc("b") }))).code,
      Code.INVALID_ARGUMENT,
    );
  });
  client.close();
});

globalThis.addEventListener("unload", () => fx.hg.close());
