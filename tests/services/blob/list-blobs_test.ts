import assert from "node:assert/strict";
import { BlobService } from "../../../src/gen/gitaly/blob_pb.ts";
import { bytesToByteString } from "../../../src/hg/byte-string.ts";
import { decodePathObjectId } from "../../../src/gitlab/object-id.ts";
import { Code } from "../../../src/services/rpc.ts";
import { collect, createClient, grpcError } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import { dumpRepository } from "../../hg/hg-fixture.ts";
import { buildTreeFixture } from "../../gitlab/tree-fixture.ts";

const fixture = await buildTreeFixture();
const dump = await dumpRepository(fixture.repo, fixture.hgrc);
const srv = await startTestServer(fixture.dir);
const client = createClient(BlobService, srv.address);
const repository = { storageName: "default", relativePath: "repo" };
const dec = bytesToByteString;
const revOf = new Map(dump.revs.map((r, i) => [r.node, i]));

interface Listed {
  oid: string;
  size: bigint;
  data: string;
  path: string;
}

/** Reassembles blobs from entries (a continuation entry has no oid). */
function blobsOf(
  messages: { blobs: { oid: string; size: bigint; data: Uint8Array; path?: Uint8Array }[] }[],
) {
  const out: Listed[] = [];
  for (const b of messages.flatMap((m) => m.blobs)) {
    if (b.oid === "") out[out.length - 1].data += dec(b.data);
    else {out.push({
        oid: b.oid,
        size: b.size,
        data: dec(b.data),
        path: dec(b.path ?? new Uint8Array()),
      });}
  }
  return out;
}

/** `path\0filenode` of a listed blob, through hg's own manifest of its changeset. */
function fileRevision(oid: string): string {
  const { node, path } = decodePathObjectId(oid);
  const entry = dump.revs[revOf.get(node)!].manifest.find(([p]) => p === path)!;
  return `${path}\0${entry[1]}`;
}

/** Every `path\0filenode` in the manifests of `revs`. */
function manifestUnion(revs: Iterable<number>): Set<string> {
  const out = new Set<string>();
  for (const r of revs) for (const [p, n] of dump.revs[r].manifest) out.add(`${p}\0${n}`);
  return out;
}

function ancestors(rev: number): Set<number> {
  const out = new Set<number>();
  const todo = [rev];
  while (todo.length > 0) {
    const r = todo.pop()!;
    if (r < 0 || out.has(r)) continue;
    out.add(r);
    todo.push(dump.revs[r].p1, dump.revs[r].p2);
  }
  return out;
}

function assertBlobsMatch(listed: Listed[], expected: Set<string>) {
  const revisions = listed.map((b) => fileRevision(b.oid));
  assert.equal(new Set(revisions).size, revisions.length, "each file revision once");
  assert.deepEqual(new Set(revisions), expected);
  for (const [i, b] of listed.entries()) {
    const file = dump.files[revisions[i]];
    assert.equal(b.size, BigInt(file.data.length));
    assert.equal(b.data, file.data, revisions[i]);
  }
}

Deno.test("ListBlobs: file revisions reachable from a revision, with data and paths", async () => {
  const tip = dump.revs.length - 1;
  const messages = await collect(
    client.listBlobs({
      repository,
      revisions: ["branch/default"],
      bytesLimit: -1n,
      withPaths: true,
    }),
  );
  const listed = blobsOf(messages);
  assertBlobsMatch(listed, manifestUnion(ancestors(tip)));
  assert.ok(listed.every((b) => b.path === decodePathObjectId(b.oid).path));
  assert.ok(messages.every((m) => m.blobs.every((b) => b.data.length <= 128 * 1024)));
});

Deno.test("ListBlobs: exclusions with ^rev, --not and ranges", async () => {
  const node = (r: number) => dump.revs[r].node;
  const tip = dump.revs.length - 1;
  const excluded = manifestUnion(ancestors(9));
  const expected = new Set([...manifestUnion(ancestors(tip))].filter((k) => !excluded.has(k)));
  for (
    const revisions of [
      [node(tip), `^${node(9)}`],
      [node(tip), "--not", node(9)],
      [`${node(9)}..${node(tip)}`],
    ]
  ) {
    const listed = blobsOf(
      await collect(client.listBlobs({ repository, revisions, bytesLimit: -1n })),
    );
    assertBlobsMatch(listed, expected);
  }
  const nothing = await collect(
    client.listBlobs({ repository, revisions: [node(tip), "--not", "--all"] }),
  );
  assert.deepEqual(nothing, []);
});

Deno.test("ListBlobs limits: count, bytes per blob, no paths by default", async () => {
  const five = blobsOf(
    await collect(client.listBlobs({ repository, revisions: ["--all"], limit: 5 })),
  );
  assert.equal(five.length, 5);
  assert.ok(five.every((b) => b.data === "" && b.path === ""));
  const cut = blobsOf(
    await collect(client.listBlobs({ repository, revisions: ["--all"], bytesLimit: 3n })),
  );
  assert.ok(cut.every((b) => b.data.length === Math.min(3, Number(b.size))));
  assert.ok(cut.some((b) => b.size > 3n));
});

Deno.test("ListAllBlobs: every file revision of every changeset, hidden ones included", async () => {
  const listed = blobsOf(await collect(client.listAllBlobs({ repository, bytesLimit: -1n })));
  assertBlobsMatch(listed, new Set(Object.keys(dump.files)));
  const hidden = dump.revs[7].node;
  assert.ok(listed.some((b) => b.oid.startsWith(hidden)));
  const two = blobsOf(await collect(client.listAllBlobs({ repository, limit: 2 })));
  assert.equal(two.length, 2);
});

Deno.test("ListBlobs bad inputs", async () => {
  const missing = await grpcError(client.listBlobs({ repository, revisions: [] }));
  assert.equal(missing.code, Code.INVALID_ARGUMENT);
  assert.equal(missing.details, "missing revisions");
  const option = await grpcError(client.listBlobs({ repository, revisions: ["--foo"] }));
  assert.equal(option.code, Code.INVALID_ARGUMENT);
  assert.equal(option.details, 'invalid revision: "--foo"');
  const unknown = await grpcError(client.listBlobs({ repository, revisions: ["nope"] }));
  assert.equal(unknown.code, Code.INTERNAL);
  const noRepo = await grpcError(
    client.listAllBlobs({ repository: { ...repository, relativePath: "nope" } }),
  );
  assert.equal(noRepo.code, Code.NOT_FOUND);
});

Deno.test("ListBlobs: shutdown", async () => {
  client.close();
  await srv[Symbol.asyncDispose]();
});
