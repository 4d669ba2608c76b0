import assert from "node:assert/strict";
import { TreeEntryResponse_ObjectType } from "../../../src/gen/gitaly/commit_pb.ts";
import { bytesToByteString, byteStringToUtf8 } from "../../../src/hg/byte-string.ts";
import { blobOid, treeOid } from "../../../src/gitlab/object-id.ts";
import { Code } from "../../../src/services/rpc.ts";
import { collect, grpcError } from "../../support/grpc-client.ts";
import { serveTreeFixture } from "./tree-service-fixture.ts";

const { srv, client, repository, hg, node, tip } = await serveTreeFixture();
const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

async function entry(
  revision: string,
  path: string,
  extra: { limit?: bigint; maxSize?: bigint } = {},
) {
  return await collect(
    client.treeEntry({ repository, revision: enc(revision), path: enc(path), ...extra }),
  );
}

Deno.test("TreeEntry of files: content as hg cat, mode, size, oid, chunks", async () => {
  for (
    const [path, mode] of [
      ["README", 0o100644],
      ["bin/tool.sh", 0o100644],
      ["link-to-readme", 0o120000],
      ["big/large.bin", 0o100644],
      ["a/y/z", 0o100644],
      ["\xc3\xa9t\xc3\xa9/caf\xc3\xa9/\xe2\x82\xac", 0o100644],
      ["empty", 0],
    ] as const
  ) {
    if (mode === 0) continue;
    const messages = await entry("branch/default", path);
    const expected = path === "link-to-readme"
      ? "bin/tool.sh"
      : await hg("cat", "-r", "tip", `path:${byteStringToUtf8(path)}`);
    assert.equal(messages[0].type, TreeEntryResponse_ObjectType.BLOB);
    assert.equal(messages[0].oid, blobOid(tip, path));
    assert.equal(messages[0].mode, mode);
    assert.equal(messages[0].size, BigInt(expected.length));
    assert.equal(messages.map((m) => bytesToByteString(m.data)).join(""), expected, path);
    assert.ok(messages.every((m) => m.data.length <= 128 * 1024));
    assert.ok(messages.slice(1).every((m) => m.oid === "" && m.size === 0n && m.mode === 0));
    if (path === "big/large.bin") assert.equal(messages.length, 2);
  }
  const first = await entry(await node("0"), "bin/tool.sh");
  assert.equal(first[0].mode, 0o100755);
  const empty = await entry(await node("0"), "empty");
  assert.equal(empty.length, 1);
  assert.equal(empty[0].size, 0n);
  assert.equal(empty[0].oid, blobOid(await node("0"), "empty"));
});

Deno.test("TreeEntry: limit truncates data, max_size refuses big blobs, trailing slashes", async () => {
  const limited = await entry(tip, "README", { limit: 3n });
  assert.equal(bytesToByteString(limited[0].data), "hel");
  assert.equal(limited[0].size, 18n);
  for (const limit of [0n, -1n, 1n << 40n]) {
    assert.equal((await entry(tip, "README", { limit }))[0].data.length, 18);
  }
  const err = await grpcError(
    client.treeEntry({ repository, revision: enc(tip), path: enc("README"), maxSize: 5n }),
  );
  assert.equal(err.code, Code.FAILED_PRECONDITION);
  assert.equal(err.details, "object size (18) is bigger than the maximum allowed size (5)");
  assert.equal((await entry(tip, "README", { maxSize: 18n }))[0].size, 18n);
  assert.equal((await entry(tip, "README/"))[0].oid, blobOid(tip, "README"));
});

Deno.test("TreeEntry of directories: one TREE message with Git's tree size", async () => {
  for (
    const [path, size, oidPath] of [["sub", 59, "sub"], ["sub/", 59, "sub"], [
      "chain/a/b/c",
      32 + 33,
      "chain/a/b/c",
    ]] as const
  ) {
    const messages = await entry(tip, path, { maxSize: 1n });
    assert.equal(messages.length, 1);
    assert.equal(messages[0].type, TreeEntryResponse_ObjectType.TREE);
    assert.equal(messages[0].mode, 0o40000);
    assert.equal(messages[0].size, BigInt(size));
    assert.equal(messages[0].oid, treeOid(tip, oidPath));
    assert.equal(messages[0].data.length, 0);
  }
  const root = await entry(tip, "");
  assert.equal(root[0].oid, `${tip}_`);
  assert.equal(root[0].type, TreeEntryResponse_ObjectType.TREE);
});

Deno.test("TreeEntry of a hidden changeset by full hex", async () => {
  const hidden = await node("7");
  const messages = await entry(hidden, "topic-file");
  assert.equal(bytesToByteString(messages[0].data), "in a topic\n");
  assert.equal(messages[0].oid, blobOid(hidden, "topic-file"));
});

Deno.test("TreeEntry bad inputs", async () => {
  const notFound = async (revision: string, path: string, relativePath = "repo") => {
    const err = await grpcError(
      client.treeEntry({
        repository: { ...repository, relativePath },
        revision: enc(revision),
        path: enc(path),
      }),
    );
    assert.equal(err.code, Code.NOT_FOUND, `${revision} ${path}`);
    assert.equal(err.details, "tree entry not found");
  };
  await notFound("no-such-branch", "README");
  await notFound("0".repeat(40), "README");
  await notFound("f".repeat(40), "README");
  await notFound(tip, "no/such/file");
  await notFound(tip, "../README");
  await notFound(tip, "REA");
  await notFound("branch/default", "README", "empty");
  const empty = await grpcError(
    client.treeEntry({ repository, revision: new Uint8Array(), path: enc("README") }),
  );
  assert.equal(empty.code, Code.INVALID_ARGUMENT);
  assert.equal(empty.details, "empty revision");
  const noRepo = await grpcError(
    client.treeEntry({
      repository: { ...repository, relativePath: "nope" },
      revision: enc(tip),
      path: enc("README"),
    }),
  );
  assert.equal(noRepo.code, Code.NOT_FOUND);
  const unset = await grpcError(client.treeEntry({ revision: enc(tip), path: enc("README") }));
  assert.equal(unset.code, Code.INVALID_ARGUMENT);
});

Deno.test("TreeEntry: shutdown", async () => {
  client.close();
  await srv[Symbol.asyncDispose]();
});
