import assert from "node:assert/strict";
import { BlobService } from "../../../src/gen/gitaly/blob_pb.ts";
import { Code } from "../../../src/services/rpc.ts";
import { collect, createClient, grpcError } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import { build, makeHgHome } from "../../hg/hg-fixture.ts";

const { dir, hgrc } = await makeHgHome();
await build(dir, [["hg", "init", "repo"], ["cd", "repo"], ["write", "f", "x"], [
  "hg",
  "commit",
  "-A",
  "-q",
  "-m",
  "f",
]], hgrc);
const srv = await startTestServer(dir);
const client = createClient(BlobService, srv.address);
const repository = { storageName: "default", relativePath: "repo" };

Deno.test("LFS pointers: always empty, after Gitaly's validation", async () => {
  assert.deepEqual(await collect(client.getLFSPointers({ repository, blobIds: ["x"] })), []);
  assert.deepEqual(await collect(client.listLFSPointers({ repository, revisions: ["--all"] })), []);
  assert.deepEqual(await collect(client.listAllLFSPointers({ repository })), []);
  const noIds = await grpcError(client.getLFSPointers({ repository, blobIds: [] }));
  assert.equal(noIds.code, Code.INVALID_ARGUMENT);
  const noRevs = await grpcError(client.listLFSPointers({ repository, revisions: [] }));
  assert.equal(noRevs.code, Code.INVALID_ARGUMENT);
  const dash = await grpcError(client.listLFSPointers({ repository, revisions: ["-x"] }));
  assert.equal(dash.code, Code.INVALID_ARGUMENT);
  const noRepo = await grpcError(
    client.listAllLFSPointers({ repository: { ...repository, relativePath: "nope" } }),
  );
  assert.equal(noRepo.code, Code.NOT_FOUND);
});

Deno.test("LFS pointers: shutdown", async () => {
  client.close();
  await srv[Symbol.asyncDispose]();
});
