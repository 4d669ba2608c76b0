import assert from "node:assert/strict";
import { gunzipSync } from "node:zlib";
import {
  GetArchiveRequest_Format as Format,
  RepositoryService,
} from "../../../src/gen/gitaly/repository_pb.ts";
import { STREAM_CHUNK_SIZE } from "../../../src/services/data-chunks.ts";
import { Code } from "../../../src/services/rpc.ts";
import { collect, createClient, grpcError } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import { buildArchiveFixture, hgArchives, nodeOf, zipListings } from "./archive-fixture.ts";

const fixture = await buildArchiveFixture();
const repository = { storageName: "default", relativePath: "rich" };
const enc = (s: string) => new TextEncoder().encode(s);

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function assertBytesEqual(actual: Uint8Array, expected: Uint8Array, what: string) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  const i = actual.findIndex((b, k) => b !== expected[k]);
  assert.equal(i, -1, `${what}: first difference at byte ${i}`);
}

async function archive(
  address: string,
  request: Record<string, unknown>,
): Promise<{ data: Uint8Array; sizes: number[] }> {
  const client = createClient(RepositoryService, address);
  const msgs = await collect(client.getArchive({ repository, ...request }));
  return { data: concat(msgs.map((m) => m.data)), sizes: msgs.map((m) => m.data.length) };
}

/** Member names of a tar (pax headers skipped; ustar names are enough for these tests). */
function tarNames(tar: Uint8Array): string[] {
  const out: string[] = [];
  const text = (b: Uint8Array) => new TextDecoder().decode(b).replace(/\0.*$/s, "");
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(text(header.subarray(124, 135)), 8);
    if (header[156] !== 0x78) out.push(text(header.subarray(0, 100)));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

Deno.test("GetArchive TAR, TAR_GZ, TAR_BZ2, ZIP match hg archive (metadata, tags, modes)", async () => {
  await using srv = await startTestServer(fixture.root);
  // A tagged changeset (tag: lines), the tip (latesttag); the merge and the root changeset
  // (no tag yet: latesttag null), the amended topic changeset: TAR only.
  const revs = ["1", "tip", "5", "0", "8"];
  const kinds = ["tar", "tgz", "tbz2", "zip"];
  const runs = revs.flatMap((rev, r) =>
    (r < 2 ? kinds : ["tar"]).map((kind) => ({
      rev,
      kind,
      prefix: `rich-${rev}`,
      // Mercurial cannot zip a name that is not UTF-8 (Python's zipfile refuses it).
      args: kind === "zip" ? ["-X", "path:latin1"] : [],
    }))
  );
  const expected = await hgArchives(fixture, runs);
  for (const [i, run] of runs.entries()) {
    const what = `${run.kind} r${run.rev}`;
    const commitId = await nodeOf(fixture, run.rev);
    const request = { commitId, prefix: run.prefix };
    switch (run.kind) {
      case "tar": {
        const tar = await archive(srv.address, { ...request, format: Format.TAR });
        assertBytesEqual(tar.data, expected[i], what);
        // Every message but the last is a full 128 KiB one.
        assert.ok(tar.sizes.slice(0, -1).every((n) => n === STREAM_CHUNK_SIZE), `${tar.sizes}`);
        assert.ok(tar.sizes.at(-1)! <= STREAM_CHUNK_SIZE);
        break;
      }
      case "tgz": {
        const tgz = await archive(srv.address, { ...request, format: Format.TAR_GZ });
        // No file name (FNAME flag clear), the changeset date, best compression, OS 255.
        assertBytesEqual(tgz.data.subarray(0, 4), Uint8Array.of(0x1f, 0x8b, 8, 0), what);
        assertBytesEqual(tgz.data.subarray(4, 10), expected[i].subarray(4, 10), what);
        assertBytesEqual(gunzipSync(tgz.data), gunzipSync(expected[i]), what);
        break;
      }
      case "tbz2": {
        const tbz2 = await archive(srv.address, { ...request, format: Format.TAR_BZ2 });
        assertBytesEqual(tbz2.data, expected[i], what);
        break;
      }
      case "zip": {
        const zip = await archive(srv.address, {
          ...request,
          format: Format.ZIP,
          exclude: [enc("latin1")],
        });
        const [ours, hgs] = await zipListings(zip.data, expected[i]);
        assert.deepEqual(ours, hgs, what);
      }
    }
  }
});

Deno.test("GetArchive path, exclude and elide_path", async () => {
  await using srv = await startTestServer(fixture.root);
  const commitId = await nodeOf(fixture, "tip");
  const prefix = "p";
  const get = async (request: Record<string, unknown>) =>
    (await archive(srv.address, { commitId, prefix, format: Format.TAR, ...request })).data;

  // Paths (a directory, a file, a directory with slashes and dots) like hg's path: patterns;
  // excludes with and without a path.
  const cases: [Record<string, unknown>, string[]][] = [
    [{ path: enc("big") }, ["-I", "path:big"]],
    [{ path: enc("bin/tool.sh") }, ["-I", "path:bin/tool.sh"]],
    [{ path: enc("./big/") }, ["-I", "path:big"]],
    [{ exclude: [enc("big/large.bin"), enc("weird")] }, [
      "-X",
      "path:big/large.bin",
      "-X",
      "path:weird",
    ]],
    [{ path: enc("big"), exclude: [enc("big/large.bin")] }, [
      "-I",
      "path:big",
      "-X",
      "path:big/large.bin",
    ]],
  ];
  const expected = await hgArchives(
    fixture,
    cases.map(([, args]) => ({ rev: "tip", kind: "tar", prefix, args })),
  );
  for (const [i, [request]] of cases.entries()) {
    assertBytesEqual(await get(request), expected[i], JSON.stringify(request));
  }
  // elide_path: members named relative to the directory (Gitaly's `<commit>:<path>`), a file
  // by its name alone.
  assert.deepEqual(tarNames(await get({ path: enc("big"), elidePath: true })), [
    "p/large.bin",
    "p/large.txt",
  ]);
  assert.deepEqual(tarNames(await get({ path: enc("bin/tool.sh"), elidePath: true })), [
    "p/tool.sh",
  ]);
  assert.deepEqual(
    tarNames(
      await get({ path: enc("big"), elidePath: true, exclude: [enc("big/large.txt")] }),
    ),
    ["p/large.bin"],
  );
  // No prefix: members at the top level.
  assert.deepEqual(tarNames(await get({ path: enc("big"), prefix: "" })), [
    "big/large.bin",
    "big/large.txt",
  ]);
});

Deno.test("GetArchive bad requests", async () => {
  await using srv = await startTestServer(fixture.root);
  const client = createClient(RepositoryService, srv.address);
  const commitId = await nodeOf(fixture, "tip");
  const call = (request: Record<string, unknown>) =>
    grpcError(client.getArchive({ repository, commitId, prefix: "p", ...request }));
  const escapes = "relative path escapes root directory";
  const cases: [Record<string, unknown>, number, string][] = [
    [{ path: enc("nope") }, Code.INVALID_ARGUMENT, "path doesn't exist"],
    [{ path: enc("big/large") }, Code.INVALID_ARGUMENT, "path doesn't exist"],
    [{ path: enc("../x") }, Code.INVALID_ARGUMENT, `invalid path: ${escapes}`],
    [{ exclude: [enc("big"), enc("nope")] }, Code.INVALID_ARGUMENT, "exclude[1] doesn't exist"],
    [{ exclude: [enc("a/../../b")] }, Code.INVALID_ARGUMENT, `invalid exclude: ${escapes}`],
    [
      { path: enc("big"), elidePath: true, exclude: [enc("bin")] },
      Code.INVALID_ARGUMENT,
      'invalid exclude: "bin" is not a subdirectory of "big"',
    ],
    [{ format: 7 }, Code.INVALID_ARGUMENT, "invalid format"],
    [{ commitId: "" }, Code.INVALID_ARGUMENT, "invalid commitId: empty revision"],
    [{ commitId: "f".repeat(40) }, Code.NOT_FOUND, `commit not found: "${"f".repeat(40)}"`],
    [
      { prefix: "../up" },
      Code.INVALID_ARGUMENT,
      "invalid prefix: archive prefix contains illegal components",
    ],
    [{ repository: { storageName: "default", relativePath: "missing" } }, Code.NOT_FOUND, ""],
  ];
  for (const [request, code, message] of cases) {
    const err = await call(request);
    assert.equal(err.code, code, JSON.stringify(request));
    if (message) assert.equal(err.details, message);
  }
  // A revision by symbolic name works too.
  const ok = await collect(
    client.getArchive({ repository, commitId: "branch/default", prefix: "p" }),
  );
  assert.ok(ok.length > 0);
});
