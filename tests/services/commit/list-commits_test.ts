import assert from "node:assert/strict";
import {
  CommitService,
  FindAllCommitsRequest_Order,
  ListCommitsRequest_Order,
} from "../../../src/gen/gitaly/commit_pb.ts";
import { Code } from "../../../src/services/rpc.ts";
import { collect, createClient, grpcError } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import { buildHistoryFixture } from "./history-fixture.ts";
import { enc, hgNode, hgNodes, repoRef } from "./history-support.ts";

const fx = await buildHistoryFixture();
const repository = repoRef();
type Req = Record<string, unknown>;

Deno.test("ListCommits, ListAllCommits, FindAllCommits, CommitsByMessage", async (t) => {
  await using srv = await startTestServer(fx.root);
  const client = createClient(CommitService, srv.address);
  const desc = (revset: string) => hgNodes(fx, `sort(${revset}, -rev)`);
  const ids = async (stream: AsyncIterable<{ commits: { id: string }[] }>) =>
    (await collect(stream)).flatMap((m) => m.commits.map((c) => c.id));
  const list = (revisions: string[], more: Req = {}) =>
    ids(client.listCommits({ repository, revisions, ...more }));

  await t.step("ListCommits revisions, exclusions, ALL, --visible, --all", async () => {
    assert.deepEqual(await list(["branch/default"]), await desc("::tip"));
    const onlyTip = await desc("only(tip, 3)");
    assert.deepEqual(await list(["HEAD", "^branch/stable"]), onlyTip);
    assert.deepEqual(await list(["HEAD", "--not", "branch/stable"]), onlyTip);
    assert.deepEqual(await list(["branch/stable..HEAD"]), onlyTip);
    assert.deepEqual(await list(["ALL"]), await desc("all()"));
    assert.deepEqual(await list(["--visible"]), await desc("not hidden()"));
    assert.deepEqual(await list(["HEAD", "--not", "--all"]), []);
    const hidden = await hgNode(fx, "10");
    assert.deepEqual(await list([hidden, "--not", "--all"]), [hidden]);
    assert.deepEqual(
      await list(["HEAD", await hgNode(fx, "3")], { disableWalk: true }),
      await desc("tip + 3"),
    );
  });

  await t.step("ListCommits order, reverse, pagination, filters", async () => {
    const all = await desc("::tip");
    const byDate = await hgNodes(fx, "sort(::tip, -date)");
    assert.deepEqual(await list(["HEAD"], { order: ListCommitsRequest_Order.DATE }), byDate);
    assert.deepEqual(await list(["HEAD"], { order: ListCommitsRequest_Order.TOPO }), all);
    assert.deepEqual(await list(["HEAD"], { reverse: true }), [...all].reverse());
    assert.deepEqual(
      await list(["HEAD"], { paginationParams: { pageToken: all[2], limit: 2 } }),
      all.slice(3, 5),
    );
    assert.deepEqual(await list(["HEAD"], { paginationParams: { limit: 3 } }), all.slice(0, 3));
    assert.deepEqual(
      await list(["HEAD"], { paginationParams: { pageToken: "f".repeat(40) } }),
      [],
    );
    assert.deepEqual(await list(["HEAD"], { maxParents: 1 }), await desc("::tip - merge()"));
    assert.deepEqual(
      await list(["HEAD"], { commitMessagePatterns: [enc("STABLE")], ignoreCase: true }),
      await desc("2 + 3 + 5"),
    );
    assert.deepEqual(await list(["HEAD"], { commitMessagePatterns: [enc("STABLE")] }), []);
    assert.deepEqual(
      await list(["HEAD"], { author: enc("bob@"), firstParent: true }),
      await desc("1"),
    );
  });

  await t.step("ListCommits errors", async () => {
    const code = async (revisions: string[]) =>
      (await grpcError(client.listCommits({ repository, revisions }))).code;
    assert.equal(await code(["nope"]), Code.INTERNAL);
    assert.equal(await code(["-x"]), Code.INVALID_ARGUMENT);
    assert.equal(await code([]), Code.INVALID_ARGUMENT);
    const missing = client.listCommits({ repository: repoRef("missing"), revisions: ["HEAD"] });
    assert.equal((await grpcError(missing)).code, Code.NOT_FOUND);
    const unset = client.listCommits({ revisions: ["HEAD"] });
    assert.equal((await grpcError(unset)).code, Code.INVALID_ARGUMENT);
  });

  await t.step("ListAllCommits: every changeset, hidden included, paginated", async () => {
    const all = await desc("all()");
    assert.deepEqual(await ids(client.listAllCommits({ repository })), all);
    const page = client.listAllCommits({
      repository,
      paginationParams: { pageToken: all[0], limit: 4 },
    });
    assert.deepEqual(await ids(page), all.slice(1, 5));
    assert.deepEqual(await ids(client.listAllCommits({ repository: repoRef("empty") })), []);
    const missing = client.listAllCommits({ repository: repoRef("missing") });
    assert.equal((await grpcError(missing)).code, Code.NOT_FOUND);
  });

  await t.step("FindAllCommits", async () => {
    const find = (req: Req) => ids(client.findAllCommits({ repository, ...req }));
    assert.deepEqual(await find({}), await desc("::tip + ::3"));
    assert.deepEqual(await find({ revision: enc("branch/stable") }), await desc("::3"));
    assert.deepEqual(await find({ maxCount: 2, skip: 1 }), (await desc("::tip")).slice(1, 3));
    assert.deepEqual(
      await find({ order: FindAllCommitsRequest_Order.DATE }),
      await hgNodes(fx, "sort(::tip, -date)"),
    );
    assert.deepEqual(await find({ revision: enc("nope") }), []);
    const bad = client.findAllCommits({ repository, revision: enc("-x") });
    assert.equal((await grpcError(bad)).code, Code.INVALID_ARGUMENT);
    const missing = client.findAllCommits({ repository: repoRef("missing") });
    assert.equal((await grpcError(missing)).code, Code.NOT_FOUND);
  });

  await t.step("CommitsByMessage", async () => {
    const by = (req: Req) => ids(client.commitsByMessage({ repository, ...req }));
    assert.deepEqual(await by({ query: "EDIT" }), await desc("1 + 2 + 4 + 7"));
    assert.deepEqual(await by({ query: "edit", path: enc("dir") }), await desc("4"));
    assert.deepEqual(await by({ query: "edit", offset: 1, limit: 2 }), await desc("2 + 4"));
    assert.deepEqual(
      await by({ query: "edit", revision: enc("branch/stable") }),
      await desc("1 + 2"),
    );
    assert.deepEqual(await by({ query: "edit", revision: enc("nope") }), []);
    const empty = client.commitsByMessage({ repository, query: "" });
    assert.equal((await grpcError(empty)).code, Code.INVALID_ARGUMENT);
    const missing = client.commitsByMessage({ repository: repoRef("missing"), query: "x" });
    assert.equal((await grpcError(missing)).code, Code.NOT_FOUND);
  });
  client.close();
});

globalThis.addEventListener("unload", () => fx.hg.close());
