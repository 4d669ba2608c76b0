/**
 * GetBlob, GetBlobs and TreeEntry of big blobs stored as one full text, streamed while they are
 * decompressed: the answer equals `hg cat` for each revlog compression (zstd, zlib, none), with
 * and without copy metadata, under each RPC's limits, in messages of exactly 128 KiB as when
 * read whole; only delta revisions are read whole (their text lands in the text cache, streamed
 * ones never do); a cancelled call leaves the server serving.
 */
import assert from "node:assert/strict";
import { BlobService } from "../../../src/gen/gitaly/blob_pb.ts";
import { CommitService, TreeEntryResponse_ObjectType } from "../../../src/gen/gitaly/commit_pb.ts";
import { ObjectType } from "../../../src/gen/gitaly/shared_pb.ts";
import { byteStringToBytes } from "../../../src/hg/byte-string.ts";
import { concatBytes } from "../../../src/hg/concat-bytes.ts";
import { openRepository } from "../../../src/hg/repository.ts";
import { revlogTextCache, textKey } from "../../../src/hg/revlog-text-cache.ts";
import { blobOid } from "../../../src/gitlab/object-id.ts";
import { Code } from "../../../src/services/rpc.ts";
import { collect, createClient, grpcError } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import { build, commitStep, hgCommand, makeHgHome, numberedLines } from "../../hg/hg-fixture.ts";

const { dir, hgrc } = await makeHgHome();
/** About 3.5 MiB of compressible text: streamed (above 1 MiB), many messages. */
const BIG = numberedLines("a line of the big streamed file, number", 80_000);
const PIECE = 128 * 1024;
const ENGINES = ["zstd", "zlib", "none"];

for (const engine of ENGINES) {
  await build(dir, [
    ["hg", "init", "--config", `format.revlog-compression=${engine}`, engine],
    ["cd", engine],
    ["write", "big.txt", BIG],
    commitStep("big", 0),
    ["hg", "cp", "big.txt", "copy.txt"],
    commitStep("copy", 1),
    ["append", "big.txt", "one more line\n"],
    commitStep("delta", 2),
  ], hgrc);
}

const hg = (engine: string, ...args: string[]) => hgCommand(args, `${dir}/${engine}`, hgrc);
const node = async (engine: string, rev: number) =>
  (await hg(engine, "log", "-r", `${rev}`, "-T", "{node}")).trim();
const cat = async (engine: string, rev: number, path: string) =>
  byteStringToBytes(await hg(engine, "cat", "-r", `${rev}`, path));

/** True if the text of `path` at changeset `rev` is in the engine's text cache. */
function textCached(engine: string, rev: number, path: string): boolean {
  const repo = openRepository(`${dir}/${engine}`);
  const fl = repo.filelog(path);
  const frev = fl.rev(repo.manifest(repo.changelog.read(rev).manifestNode).get(path)!.node)!;
  return revlogTextCache.get(textKey(fl.index.id, frev)) !== undefined;
}

/** The data of `messages` as one plain Uint8Array (grpc-js hands out Buffers). */
const joined = (messages: { data: Uint8Array }[]) =>
  new Uint8Array(concatBytes(messages.map((m) => m.data)));

/**
 * The data of each message answering the first `limit` bytes of `content` (all when
 * negative), as the whole-text path cuts them: 128 KiB each but the last, at least one.
 */
function expectedChunks(content: Uint8Array, limit: number): Uint8Array[] {
  const data = limit < 0 ? content : content.subarray(0, limit);
  const chunks = [data.subarray(0, PIECE)];
  for (let at = PIECE; at < data.length; at += PIECE) chunks.push(data.subarray(at, at + PIECE));
  return chunks;
}

/** The data of each message, as plain Uint8Arrays. */
const chunksOf = (messages: { data: Uint8Array }[]) => messages.map((m) => new Uint8Array(m.data));

/** Revisions and paths read: a copy (stored with metadata), a full snapshot, a delta. */
const CASES = [[1, "copy.txt"], [0, "big.txt"], [2, "big.txt"]] as const;
/** Limits tried, around the message boundaries; set per case, `size - 1` too. */
const LIMITS = [0, 5, PIECE - 10, PIECE, 2 * PIECE, 3 * PIECE + 7, -5];

const srv = await startTestServer(dir);
const client = createClient(BlobService, srv.address);
const commits = createClient(CommitService, srv.address);

for (const engine of ENGINES) {
  const repository = { storageName: "default", relativePath: engine };

  Deno.test(`GetBlob streamed (${engine}): content as hg cat, limits`, async () => {
    // copy.txt's stored text starts with copy metadata, which the stream leaves out.
    for (const [rev, path] of CASES) {
      const oid = blobOid(await node(engine, rev), path);
      const expected = await cat(engine, rev, path);
      const messages = await collect(client.getBlob({ repository, oid, limit: -1n }));
      assert.deepEqual([messages[0].oid, messages[0].size], [oid, BigInt(expected.length)]);
      assert.ok(messages.slice(1).every((m) => m.oid === "" && m.size === 0n), path);
      const sizes = messages.map((m) => m.data.length);
      assert.ok(sizes.slice(0, -1).every((n) => n === PIECE), path);
      assert.ok(sizes[sizes.length - 1] > 0 && sizes[sizes.length - 1] <= PIECE, path);
      assert.deepEqual(joined(messages), expected, `${path}@${rev}`);
      // Full snapshots are streamed, never materialised; the delta revision is read whole.
      assert.equal(textCached(engine, rev, path), rev === 2, `${path}@${rev} read whole`);
      for (const limit of [0, 5, PIECE - 10, 2 * PIECE, 3 * PIECE + 7, expected.length - 1, -5]) {
        const limited = await collect(client.getBlob({ repository, oid, limit: BigInt(limit) }));
        assert.deepEqual([limited[0].oid, limited[0].size], [oid, BigInt(expected.length)]);
        const data = joined(limited);
        assert.deepEqual(data, limit < 0 ? expected : expected.subarray(0, limit), `${limit}`);
      }
    }
  });

  Deno.test(`GetBlobs streamed (${engine}): whole-text path's messages, limits`, async () => {
    for (const [rev, path] of CASES) {
      const revision = await node(engine, rev);
      const expected = await cat(engine, rev, path);
      const revisionPaths = [{ revision, path: byteStringToBytes(path) }];
      for (const limit of [-1, ...LIMITS, expected.length - 1]) {
        const messages = await collect(
          client.getBlobs({ repository, revisionPaths, limit: BigInt(limit) }),
        );
        const [first, ...rest] = messages;
        assert.deepEqual(
          [
            first.oid,
            first.size,
            first.mode,
            first.type,
            first.revision,
            new Uint8Array(first.path),
          ],
          [
            blobOid(revision, path),
            BigInt(expected.length),
            0o100644,
            ObjectType.BLOB,
            revision,
            byteStringToBytes(path),
          ],
        );
        assert.ok(
          rest.every((m) =>
            m.oid === "" && m.size === 0n && m.mode === 0 && m.type === ObjectType.UNKNOWN &&
            m.revision === "" && m.path.length === 0
          ),
          `${path}@${rev}`,
        );
        assert.deepEqual(chunksOf(messages), expectedChunks(expected, limit), `${path} ${limit}`);
      }
      assert.equal(textCached(engine, rev, path), rev === 2, `${path}@${rev} read whole`);
    }
    // Several blobs in one call, an unresolved pair between them.
    const pairs = [[0, "big.txt"], [1, "nope.txt"], [1, "copy.txt"], [2, "big.txt"]] as const;
    const revisionPaths = await Promise.all(
      pairs.map(async ([rev, path]) => ({
        revision: await node(engine, rev),
        path: byteStringToBytes(path),
      })),
    );
    const messages = await collect(client.getBlobs({ repository, revisionPaths, limit: -1n }));
    const starts = messages.flatMap((m, i) => m.revision === "" ? [] : [i]);
    assert.equal(starts.length, pairs.length);
    for (const [n, [rev, path]] of pairs.entries()) {
      const answer = messages.slice(starts[n], starts[n + 1]);
      const expected = path === "nope.txt" ? new Uint8Array(0) : await cat(engine, rev, path);
      assert.deepEqual(chunksOf(answer), expectedChunks(expected, -1), path);
    }
  });

  Deno.test(`TreeEntry streamed (${engine}): whole-text path's messages, limits, max_size`, async () => {
    for (const [rev, path] of CASES) {
      const revision = await node(engine, rev);
      const expected = await cat(engine, rev, path);
      const request = {
        repository,
        revision: byteStringToBytes(revision),
        path: byteStringToBytes(path),
      };
      // TreeEntry's limit: 0 (unset) and negative values mean the whole content.
      for (const limit of [...LIMITS, expected.length - 1]) {
        const messages = await collect(commits.treeEntry({ ...request, limit: BigInt(limit) }));
        const [first, ...rest] = messages;
        assert.deepEqual(
          [first.type, first.oid, first.size, first.mode],
          [
            TreeEntryResponse_ObjectType.BLOB,
            blobOid(revision, path),
            BigInt(expected.length),
            0o100644,
          ],
        );
        assert.ok(
          rest.every((m) => m.type === 0 && m.oid === "" && m.size === 0n && m.mode === 0),
          `${path}@${rev}`,
        );
        const sent = limit > 0 ? limit : -1;
        assert.deepEqual(chunksOf(messages), expectedChunks(expected, sent), `${path} ${limit}`);
      }
      assert.equal(textCached(engine, rev, path), rev === 2, `${path}@${rev} read whole`);
      const size = BigInt(expected.length);
      const refused = await grpcError(commits.treeEntry({ ...request, maxSize: size - 1n }));
      assert.equal(refused.code, Code.FAILED_PRECONDITION);
      assert.equal(
        refused.details,
        `object size (${size}) is bigger than the maximum allowed size (${size - 1n})`,
      );
      const allowed = await collect(commits.treeEntry({ ...request, maxSize: size }));
      assert.deepEqual(chunksOf(allowed), expectedChunks(expected, -1), `${path} max_size`);
    }
  });

  Deno.test(`Streamed (${engine}): cancelled calls leave the server serving`, async () => {
    const revision = await node(engine, 0);
    const oid = blobOid(revision, "big.txt");
    const path = byteStringToBytes("big.txt");
    const calls: Record<string, () => AsyncIterable<{ data: Uint8Array }>> = {
      GetBlob: () => client.getBlob({ repository, oid, limit: -1n }),
      GetBlobs: () =>
        client.getBlobs({ repository, revisionPaths: [{ revision, path }], limit: -1n }),
      TreeEntry: () =>
        commits.treeEntry({ repository, revision: byteStringToBytes(revision), path }),
    };
    for (const [name, start] of Object.entries(calls)) {
      const call = start() as AsyncIterable<{ data: Uint8Array }> & { cancel(): void };
      let received = 0;
      let code: number | undefined;
      try {
        for await (const m of call) {
          if (received === 0) call.cancel();
          received += m.data.length;
        }
      } catch (err) {
        code = (err as { code: number }).code;
      }
      // The call may also have been answered in full before the cancellation reached it.
      assert.ok(code === Code.CANCELLED || received === BIG.length, `${name}: code ${code}`);
      assert.deepEqual(joined(await collect(start())), await cat(engine, 0, "big.txt"), name);
    }
  });
}

Deno.test("GetBlob streamed: shutdown", async () => {
  client.close();
  commits.close();
  await srv[Symbol.asyncDispose]();
});
