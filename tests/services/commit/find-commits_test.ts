import assert from "node:assert/strict";
import { create, fromBinary } from "@bufbuild/protobuf";
import { anyUnpack, TimestampSchema } from "@bufbuild/protobuf/wkt";
import { CommitService, FindCommitsErrorSchema } from "../../../src/gen/gitaly/commit_pb.ts";
import { StatusSchema } from "../../../src/gen/google/rpc/status_pb.ts";
import { Code } from "../../../src/services/rpc.ts";
import { collect, createClient, grpcError } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import { buildHistoryFixture } from "./history-fixture.ts";
import { dec, enc, hgNode, hgNodes, repoRef } from "./history-support.ts";

const fx = await buildHistoryFixture();
const repository = repoRef();
const ts = (seconds: number) => create(TimestampSchema, { seconds: BigInt(seconds) });

Deno.test("FindCommits", async (t) => {
  await using srv = await startTestServer(fx.root);
  const client = createClient(CommitService, srv.address);
  const find = async (req: Record<string, unknown>) =>
    (await collect(client.findCommits({ repository, ...req }))).flatMap((m) => m.commits);
  const ids = async (req: Record<string, unknown>) => (await find(req)).map((c) => c.id);
  const desc = (revset: string) => hgNodes(fx, `sort(${revset}, -rev)`);

  await t.step("default branch, revision, range, offset and limit against hg", async () => {
    assert.deepEqual(await ids({}), await desc("::tip"));
    assert.deepEqual(await ids({ revision: enc("branch/stable") }), await desc("::3"));
    assert.deepEqual(
      await ids({ revision: enc("branch/stable..HEAD") }),
      await desc("only(tip, 3)"),
    );
    assert.deepEqual(await ids({ offset: 2, limit: 3 }), (await desc("::tip")).slice(2, 5));
    assert.deepEqual(await ids({ revision: enc(await hgNode(fx, "10")) }), await desc("::10"));
    assert.deepEqual(await ids({ all: true }), await desc("not hidden()"));
  });

  await t.step("paths, follow, merges, author, dates, first parent", async () => {
    assert.deepEqual(
      await ids({ paths: [enc("dir"), enc("s.txt")] }),
      await desc("::tip and (file('path:dir') or file('path:s.txt'))"),
    );
    assert.deepEqual(
      await ids({ paths: [enc("moved/a2.txt")] }),
      await desc("::tip and file('path:moved/a2.txt')"),
    );
    const followed = await hgNodes(fx, "tip", "-f", "moved/a2.txt");
    assert.deepEqual(await ids({ paths: [enc("moved/a2.txt")], follow: true }), followed);
    assert.deepEqual(followed, await desc("0 + 1 + 6 + 7"));
    assert.deepEqual(await ids({ skipMerges: true }), await desc("::tip and not merge()"));
    assert.deepEqual(await ids({ author: enc("^Carol") }), await desc("4"));
    assert.deepEqual(
      await ids({ after: ts(3000), before: ts(6000) }),
      await desc("2 + 4 + 5 + 6"),
    );
    assert.deepEqual(await ids({ firstParent: true }), await desc("_firstancestors(tip)"));
  });

  await t.step("trailers, referenced_by, short stats", async () => {
    const commits = await find({
      trailers: true,
      includeReferencedBy: [enc("refs/heads/"), enc("HEAD")],
      includeShortstat: true,
    });
    const byId = new Map(commits.map((c) => [c.id, c]));
    const tip = byId.get(await hgNode(fx, "tip"))!;
    assert.deepEqual(tip.referencedBy.map(dec), ["HEAD", "refs/heads/branch/default"]);
    assert.deepEqual(
      byId.get(await hgNode(fx, "3"))!.referencedBy.map(dec),
      ["refs/heads/branch/stable"],
    );
    assert.deepEqual(byId.get(await hgNode(fx, "2"))!.referencedBy, []);
    assert.equal(byId.get(await hgNode(fx, "1"))!.trailers.length, 2);
    assert.equal(byId.get(await hgNode(fx, "5"))!.shortStats, undefined);
    assert.deepEqual(
      { ...byId.get(await hgNode(fx, "7"))!.shortStats!, $typeName: undefined },
      { $typeName: undefined, additions: 1, deletions: 0, changedFiles: 1 },
    );
    const plain = await find({});
    assert.ok(plain.every((c) => c.referencedBy.length === 0 && c.shortStats === undefined));
  });

  await t.step("unknown revision: NOT_FOUND with FindCommitsError; empty repository", async () => {
    const err = await grpcError(client.findCommits({ repository, revision: enc("nope") }));
    assert.equal(err.code, Code.NOT_FOUND);
    const status = fromBinary(
      StatusSchema,
      err.metadata.get("grpc-status-details-bin")[0] as Uint8Array,
    );
    const detail = anyUnpack(status.details[0], FindCommitsErrorSchema)!;
    assert.equal(detail.error.case, "badObject");
    assert.equal(dec((detail.error.value as { badOid: Uint8Array }).badOid), "nope");
    assert.deepEqual(
      await collect(client.findCommits({ repository: repoRef("empty") })),
      [],
    );
  });

  await t.step("bad inputs", async () => {
    const code = async (req: Record<string, unknown>) =>
      (await grpcError(client.findCommits({ repository, ...req }))).code;
    assert.equal(await code({ revision: enc("-all") }), Code.INVALID_ARGUMENT);
    assert.equal(await code({ offset: -1 }), Code.INVALID_ARGUMENT);
    assert.equal(await code({ repository: undefined }), Code.INVALID_ARGUMENT);
    assert.equal(await code({ repository: repoRef("missing") }), Code.NOT_FOUND);
    assert.equal(
      await code({ repository: { storageName: "x", relativePath: "repo" } }),
      Code.INVALID_ARGUMENT,
    );
  });
  client.close();
});

globalThis.addEventListener("unload", () => fx.hg.close());
