import assert from "node:assert/strict";
import {
  ChangedPaths_Status as Status,
  FindChangedPathsRequest_MergeCommitDiffMode as MergeMode,
} from "../../../src/gen/gitaly/diff_pb.ts";
import { blobOid, treeOid } from "../../../src/gitlab/object-id.ts";
import { bytesToByteString } from "../../../src/hg/byte-string.ts";
import { NULL_NODE } from "../../../src/hg/node.ts";
import { Code } from "../../../src/services/rpc.ts";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { FindChangedPathsRequest_RequestSchema } from "../../../src/gen/gitaly/diff_pb.ts";
import { collect, grpcError } from "../../support/grpc-client.ts";

type RequestInit = MessageInitShape<typeof FindChangedPathsRequest_RequestSchema>;
import { gitRaw, serveDiffFixture } from "./diff-support.ts";

const ctx = await serveDiffFixture();
const { client, node, repository, fixture } = ctx;

const commitReq = (rev: string, parents: string[] = []) => ({
  type: {
    case: "commitRequest" as const,
    value: { commitRevision: rev, parentCommitRevisions: parents },
  },
});

async function changed(requests: RequestInit[], extra: Record<string, unknown> = {}) {
  const res = await collect(
    client.findChangedPaths({ repository, requests, ...extra }),
  );
  return res.flatMap((r) => r.paths).map((p) => ({
    path: bytesToByteString(p.path),
    status: Status[p.status],
    oldMode: p.oldMode,
    newMode: p.newMode,
    oldBlobId: p.oldBlobId,
    newBlobId: p.newBlobId,
    oldPath: bytesToByteString(p.oldPath),
  }));
}

const GIT_STATUS: Record<string, string> = {
  A: "ADDED",
  D: "DELETED",
  M: "MODIFIED",
  R: "RENAMED",
  C: "COPIED",
};

Deno.test("FindChangedPaths: commit against its parent, with and without find_renames", async () => {
  const renames = await changed([commitReq(node(1))], { findRenames: true });
  const raw = await gitRaw(fixture, 0, 1);
  // git's type change (T) is split by gitRaw; here it is one TYPE_CHANGE entry.
  const expected = raw.filter((e, i) =>
    !(e.status === "A" && raw[i - 1]?.toPath === e.toPath && raw[i - 1].status === "D")
  )
    .map((e) => ({
      path: e.toPath,
      status: e.status === "D" && raw.some((x) => x.status === "A" && x.toPath === e.toPath)
        ? "TYPE_CHANGE"
        : GIT_STATUS[e.status],
    }));
  assert.deepEqual(renames.map(({ path, status }) => ({ path, status })), expected);
  const moved = renames.find((p) => p.path === "moved/b.txt")!;
  assert.deepEqual(moved, {
    path: "moved/b.txt",
    status: "RENAMED",
    oldMode: 0o100644,
    newMode: 0o100644,
    oldBlobId: blobOid(node(0), "b.txt"),
    newBlobId: blobOid(node(1), "moved/b.txt"),
    oldPath: "b.txt",
  });
  const typeChange = renames.find((p) => p.path === "typechg")!;
  assert.deepEqual([typeChange.oldMode, typeChange.newMode], [0o100644, 0o120000]);
  const plain = await changed([commitReq(node(1))]);
  assert.deepEqual(
    plain.filter((p) => p.path.endsWith("b.txt")).map((p) => [p.path, p.status, p.oldBlobId]),
    [["b.txt", "DELETED", blobOid(node(0), "b.txt")], ["moved/b.txt", "ADDED", NULL_NODE]],
  );
  assert.deepEqual(plain.find((p) => p.path === "a-copy.txt")!.status, "COPIED");
  const deprecated = await collect(client.findChangedPaths({ repository, commits: [node(1)] }));
  assert.equal(deprecated.flatMap((r) => r.paths).length, plain.length);
  const root = await changed([commitReq(node(0))]);
  assert.ok(root.every((p) => p.status === "ADDED" && p.oldMode === 0));
});

Deno.test("FindChangedPaths: merges against each parent, ALL_PARENTS, given parents", async () => {
  const each = await changed([commitReq(node(4))]);
  const vsP1 = await changed([commitReq(node(4), [node(2)])]);
  const vsP2 = await changed([commitReq(node(4), [node(3)])]);
  assert.deepEqual(each, [...vsP1, ...vsP2]);
  const combined = await changed([commitReq(node(4))], {
    mergeCommitDiffMode: MergeMode.ALL_PARENTS,
  });
  // Only sp ace.txt was edited during the merge: changed against both parents.
  assert.ok(combined.length > 0 && combined.length % 2 === 0);
  assert.ok(combined.some((p) => p.path === "sp ace.txt"));
  for (const p of combined) {
    assert.ok(vsP1.some((q) => q.path === p.path) && vsP2.some((q) => q.path === p.path));
  }
  const twice = await changed([commitReq(node(1)), commitReq(node(1))]);
  assert.equal(twice.length, 2 * (await changed([commitReq(node(1))])).length);
});

Deno.test("FindChangedPaths: tree requests, relative to the directory", async () => {
  const tree = (rev: number, path: string) => ({
    type: {
      case: "treeRequest" as const,
      value: { leftTreeRevision: treeOid(node(rev), path), rightTreeRevision: "" },
    },
  });
  const req = tree(1, "moved");
  req.type.value.rightTreeRevision = treeOid(node(2), "moved");
  assert.deepEqual(await changed([req]), []);
  const root = tree(1, "");
  root.type.value.rightTreeRevision = treeOid(node(2), "");
  const all = await changed([root]);
  assert.deepEqual(all, await changed([commitReq(node(2), [node(1)])]));
  const bin = tree(1, "bin");
  bin.type.value.rightTreeRevision = treeOid(node(2), "bin");
  assert.deepEqual((await changed([bin])).map((p) => [p.path, p.status]), [["tool", "ADDED"]]);
  const byRevision = tree(1, "");
  byRevision.type.value = { leftTreeRevision: node(1), rightTreeRevision: node(2) };
  assert.deepEqual(await changed([byRevision]), all);
  const different = tree(1, "bin");
  different.type.value.rightTreeRevision = treeOid(node(2), "moved");
  assert.equal(
    (await grpcError(client.findChangedPaths({ repository, requests: [different] }))).code,
    Code.UNIMPLEMENTED,
  );
});

Deno.test("FindChangedPaths: bad inputs", async () => {
  const unknown = await grpcError(
    client.findChangedPaths({ repository, requests: [commitReq("f".repeat(40))] }),
  );
  assert.equal(unknown.code, Code.NOT_FOUND);
  assert.match(unknown.details, /resolving commit: revision can not be found/);
  const parent = await grpcError(
    client.findChangedPaths({ repository, requests: [commitReq(node(1), ["nope"])] }),
  );
  assert.equal(parent.code, Code.NOT_FOUND);
  const both = await grpcError(
    client.findChangedPaths({ repository, commits: [node(1)], requests: [commitReq(node(1))] }),
  );
  assert.equal(both.code, Code.INVALID_ARGUMENT);
  const empty = await grpcError(client.findChangedPaths({ repository, requests: [commitReq("")] }));
  assert.equal(empty.code, Code.INVALID_ARGUMENT);
  assert.equal(
    (await grpcError(client.findChangedPaths({ commits: [node(1)] }))).code,
    Code.INVALID_ARGUMENT,
  );
});

Deno.test("stop server", async () => {
  await ctx[Symbol.asyncDispose]();
});
