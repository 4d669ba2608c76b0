import assert from "node:assert/strict";
import { BlobService } from "../../../src/gen/gitaly/blob_pb.ts";
import { ObjectType } from "../../../src/gen/gitaly/shared_pb.ts";
import { bytesToByteString, byteStringToUtf8 } from "../../../src/hg/byte-string.ts";
import { blobOid } from "../../../src/gitlab/object-id.ts";
import { Code } from "../../../src/services/rpc.ts";
import { collect, createClient, grpcError } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import { build, hgCommand } from "../../hg/hg-fixture.ts";
import { buildTreeFixture } from "../../gitlab/tree-fixture.ts";

const fixture = await buildTreeFixture();
const HUGE = 20 * 1024 * 1024 + 12345;
const huge = new Uint8Array(HUGE);
for (let i = 0; i < HUGE; i += 65536) crypto.getRandomValues(huge.subarray(i, i + 65536));
await build(fixture.dir, [["hg", "init", "huge"]], fixture.hgrc);
await Deno.writeFile(`${fixture.dir}/huge/huge.bin`, huge);
await build(`${fixture.dir}/huge`, [["hg", "commit", "-A", "-q", "-m", "huge"]], fixture.hgrc);

const srv = await startTestServer(fixture.dir);
const client = createClient(BlobService, srv.address);
const repository = { storageName: "default", relativePath: "repo" };
const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const dec = bytesToByteString;
const hg = (...args: string[]) => hgCommand(args, fixture.repo, fixture.hgrc);
const node = async (rev: string) => (await hg("log", "--hidden", "-r", rev, "-T", "{node}")).trim();
const tip = await node("tip");
const cat = (rev: string, path: string) =>
  hg("cat", "--hidden", "-r", rev, `path:${byteStringToUtf8(path)}`);

Deno.test("GetBlob: content as hg cat, oid and size in the first message only", async () => {
  const first = await node("0");
  const cases = [
    [tip, "README"],
    [tip, "big/large.bin"],
    [tip, "a/y/z"],
    [first, "binary.dat"],
    [first, "starts-with-meta"],
    [tip, "\xc3\xa9t\xc3\xa9/caf\xc3\xa9/\xe2\x82\xac"],
    [await node("7"), "topic-file"],
  ];
  for (const [rev, path] of cases) {
    const oid = blobOid(rev, path);
    const messages = await collect(client.getBlob({ repository, oid, limit: -1n }));
    const expected = await cat(rev, path);
    assert.equal(messages[0].oid, oid);
    assert.equal(messages[0].size, BigInt(expected.length));
    assert.ok(messages.slice(1).every((m) => m.oid === "" && m.size === 0n));
    assert.ok(messages.every((m) => m.data.length <= 128 * 1024));
    assert.equal(messages.map((m) => dec(m.data)).join(""), expected, path);
  }
  const link = await collect(
    client.getBlob({ repository, oid: blobOid(tip, "link-to-readme"), limit: -1n }),
  );
  assert.equal(dec(link[0].data), "bin/tool.sh");
  const empty = await collect(
    client.getBlob({ repository, oid: blobOid(first, "empty"), limit: -1n }),
  );
  assert.deepEqual(empty.map((m) => [m.oid, m.size, m.data.length]), [
    [blobOid(first, "empty"), 0n, 0],
  ]);
});

Deno.test("GetBlob limits: 0 gives metadata only, n truncates, negative and huge give all", async () => {
  const oid = blobOid(tip, "README");
  const meta = await collect(client.getBlob({ repository, oid, limit: 0n }));
  assert.deepEqual(meta.map((m) => [m.oid, m.size, m.data.length]), [[oid, 18n, 0]]);
  const five = await collect(client.getBlob({ repository, oid, limit: 5n }));
  assert.equal(dec(five[0].data), "hello");
  for (const limit of [-1n, -100n, 1n << 50n]) {
    assert.equal((await collect(client.getBlob({ repository, oid, limit })))[0].data.length, 18);
  }
});

Deno.test("GetBlob: unknown objects answer one empty message, malformed oids INVALID_ARGUMENT", async () => {
  const unknown = [
    blobOid("f".repeat(40), "README"),
    blobOid(tip, "nope"),
    blobOid(tip, "sub"),
    `${tip}_`,
  ];
  for (const oid of unknown) {
    const messages = await collect(client.getBlob({ repository, oid, limit: -1n }));
    assert.equal(messages.length, 1);
    assert.deepEqual([messages[0].oid, messages[0].size, messages[0].data.length], ["", 0n, 0]);
  }
  for (
    const [oid, message] of [
      ["", "empty Oid"],
      [tip, `Error parsing Oid "${tip}": MissingPath`],
      ["abc_UkVBRE1F", `Error parsing Oid "abc_UkVBRE1F": InvalidNodeId`],
      [`${tip}_%%`, `Error parsing Oid "${tip}_%%": InvalidPathComponent`],
    ]
  ) {
    const err = await grpcError(client.getBlob({ repository, oid, limit: -1n }));
    assert.equal(err.code, Code.INVALID_ARGUMENT);
    assert.equal(err.details, message);
  }
  const noRepo = await grpcError(
    client.getBlob({
      repository: { ...repository, relativePath: "nope" },
      oid: blobOid(tip, "README"),
    }),
  );
  assert.equal(noRepo.code, Code.NOT_FOUND);
});

Deno.test("GetBlob of a 20 MB file streams 128 KiB views with flat memory", async () => {
  const root = (await hgCommand(
    ["log", "-r", "tip", "-T", "{node}"],
    `${fixture.dir}/huge`,
    fixture.hgrc,
  )).trim();
  const oid = blobOid(root, "huge.bin");
  const before = Deno.memoryUsage().rss;
  let offset = 0;
  let messages = 0;
  let peak = before;
  const stream = client.getBlob({
    repository: { ...repository, relativePath: "huge" },
    oid,
    limit: -1n,
  });
  for await (const m of stream) {
    if (messages === 0) assert.deepEqual([m.oid, m.size], [oid, BigInt(HUGE)]);
    else assert.equal(m.oid, "");
    assert.ok(m.data.length === 128 * 1024 || offset + m.data.length === HUGE);
    const expected = huge.subarray(offset, offset + m.data.length);
    assert.ok(m.data.every((b, i) => b === expected[i]), `bytes at ${offset}`);
    offset += m.data.length;
    messages++;
    if (messages % 16 === 0) peak = Math.max(peak, Deno.memoryUsage().rss);
  }
  assert.equal(offset, HUGE);
  assert.equal(messages, Math.ceil(HUGE / (128 * 1024)));
  const growth = peak - before;
  console.log(
    `GetBlob 20 MB: ${messages} messages, peak RSS growth ${(growth / 2 ** 20).toFixed(1)} MiB`,
  );
  // Server and client share this process, and RSS includes not yet collected per-message
  // garbage of both sides: only a coarse bound (the server itself holds the text once).
  assert.ok(growth < 8 * HUGE, `RSS grew by ${growth}`);
});

Deno.test("GetBlobs: metadata per blob, echo of unresolved pairs, limits", async () => {
  const pairs = [
    { revision: "branch/default", path: enc("README") },
    { revision: tip, path: enc("bin/tool.sh") },
    { revision: "nope", path: enc("README") },
    { revision: tip, path: enc("nope") },
    { revision: tip, path: enc("sub") },
    { revision: await node("0"), path: enc("bin/tool.sh") },
    { revision: tip, path: enc("big/large.bin") },
    { revision: tip, path: enc("link-to-readme") },
  ];
  const messages = await collect(client.getBlobs({ repository, revisionPaths: pairs, limit: -1n }));
  const starts = messages.filter((m) => m.revision !== "");
  assert.deepEqual(
    starts.map((m) => [m.revision, dec(m.path)]),
    pairs.map((p) => [p.revision, dec(p.path)]),
  );
  const [readme, tool, unknownRev, unknownPath, dir, oldTool, large, link] = starts;
  assert.deepEqual(
    [readme.oid, readme.size, readme.mode, readme.type, dec(readme.data)],
    [blobOid(tip, "README"), 18n, 0o100644, ObjectType.BLOB, "hello\nworld\nagain\n"],
  );
  assert.equal(tool.mode, 0o100644);
  assert.equal(oldTool.mode, 0o100755);
  assert.equal(link.mode, 0o120000);
  for (const m of [unknownRev, unknownPath, dir]) {
    assert.deepEqual(
      [m.oid, m.size, m.mode, m.type, m.data.length],
      ["", 0n, 0, ObjectType.UNKNOWN, 0],
    );
  }
  const largeData = messages.slice(messages.indexOf(large), messages.indexOf(link))
    .map((m) => dec(m.data)).join("");
  assert.equal(largeData, await cat("tip", "big/large.bin"));
  const limited = await collect(
    client.getBlobs({ repository, revisionPaths: pairs.slice(0, 2), limit: 2n }),
  );
  assert.deepEqual(limited.map((m) => dec(m.data)), ["he", "#!"]);
  const none = await collect(
    client.getBlobs({ repository, revisionPaths: pairs.slice(0, 1), limit: 0n }),
  );
  assert.deepEqual(none.map((m) => [m.size, m.data.length]), [[18n, 0]]);
  assert.deepEqual(await collect(client.getBlobs({ repository, revisionPaths: [] })), []);
  const noRepo = await grpcError(
    client.getBlobs({ repository: { ...repository, relativePath: "nope" }, revisionPaths: pairs }),
  );
  assert.equal(noRepo.code, Code.NOT_FOUND);
});

Deno.test("GetBlob: shutdown", async () => {
  client.close();
  await srv[Symbol.asyncDispose]();
});
