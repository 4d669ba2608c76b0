/**
 * GetBlob of big blobs stored as one full text, streamed while they are decompressed: the
 * answer equals `hg cat` for each revlog compression (zstd, zlib, none), with and without copy
 * metadata, under limits, in messages of exactly 128 KiB as when read whole; only delta
 * revisions are read whole (their text lands in the text cache, streamed ones never do); a
 * cancelled call leaves the server serving.
 */
import assert from "node:assert/strict";
import { BlobService } from "../../../src/gen/gitaly/blob_pb.ts";
import { byteStringToBytes } from "../../../src/hg/byte-string.ts";
import { concatBytes } from "../../../src/hg/concat-bytes.ts";
import { openRepository } from "../../../src/hg/repository.ts";
import { revlogTextCache, textKey } from "../../../src/hg/revlog-text-cache.ts";
import { blobOid } from "../../../src/gitlab/object-id.ts";
import { Code } from "../../../src/services/rpc.ts";
import { collect, createClient } from "../../support/grpc-client.ts";
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

const srv = await startTestServer(dir);
const client = createClient(BlobService, srv.address);

for (const engine of ENGINES) {
  const repository = { storageName: "default", relativePath: engine };

  Deno.test(`GetBlob streamed (${engine}): content as hg cat, limits`, async () => {
    // copy.txt's stored text starts with copy metadata, which the stream leaves out.
    for (const [rev, path] of [[1, "copy.txt"], [0, "big.txt"], [2, "big.txt"]] as const) {
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

  Deno.test(`GetBlob streamed (${engine}): a cancelled call leaves the server serving`, async () => {
    const oid = blobOid(await node(engine, 0), "big.txt");
    const call = client.getBlob({ repository, oid, limit: -1n }) as
      & AsyncIterable<{ data: Uint8Array }>
      & { cancel(): void };
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
    assert.ok(code === Code.CANCELLED || received === BIG.length, `code ${code}`);
    const again = await collect(client.getBlob({ repository, oid, limit: -1n }));
    assert.deepEqual(joined(again), await cat(engine, 0, "big.txt"));
  });
}

Deno.test("GetBlob streamed: shutdown", async () => {
  client.close();
  await srv[Symbol.asyncDispose]();
});
