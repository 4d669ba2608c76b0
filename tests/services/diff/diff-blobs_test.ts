import assert from "node:assert/strict";
import {
  DiffBlobsRequest_DiffMode,
  DiffBlobsRequest_WhitespaceChanges,
  type DiffBlobsResponse,
  DiffBlobsResponse_Status as Status,
  DiffService,
} from "../../../src/gen/gitaly/diff_pb.ts";
import { blobOid } from "../../../src/gitlab/object-id.ts";
import { bytesToByteString, byteStringToBytes } from "../../../src/hg/byte-string.ts";
import { NULL_NODE } from "../../../src/hg/node.ts";
import { openRepository } from "../../../src/hg/repository.ts";
import { Code } from "../../../src/services/rpc.ts";
import { collect, createClient, grpcError } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import { gitWordDiffs } from "../../gitlab/diff/word-diff-support.ts";
import { buildWordFixture, WORD_PAIRS } from "./word-fixture.ts";

const fixture = await buildWordFixture();
const srv = await startTestServer(fixture.root);
const client = createClient(DiffService, srv.address);
const repo = openRepository(fixture.repo);
const repository = { storageName: "default", relativePath: "repo" };
const node = (rev: number) => repo.changelog.node(rev);
const enc = byteStringToBytes;

/** Our blob ids of a fixture path: old (changeset 0) and new (changeset 1), null if absent. */
function ids(path: string): [string, string] {
  const [a, b] = WORD_PAIRS[path];
  return [
    a === null ? NULL_NODE : blobOid(node(0), path),
    b === null ? NULL_NODE : blobOid(node(1), path),
  ];
}

interface BlobDiff {
  head: DiffBlobsResponse;
  patch: string;
  sizes: number[];
}

/** DiffBlobs of `pairs`, grouped per pair, checking status placement. */
async function diffBlobs(
  pairs: [string, string][],
  extra: Record<string, unknown> = {},
): Promise<BlobDiff[]> {
  const responses = await collect(client.diffBlobs({
    repository,
    blobPairs: pairs.map(([l, r]) => ({ leftBlob: enc(l), rightBlob: enc(r) })),
    ...extra,
  }));
  const out: BlobDiff[] = [];
  let current: BlobDiff | undefined;
  for (const r of responses) {
    if (!current) current = { head: r, patch: "", sizes: [] };
    else assert.deepEqual([r.leftBlobId, r.rightBlobId], ["", ""], "ids on first message only");
    current.patch += bytesToByteString(r.patch);
    current.sizes.push(r.patch.length);
    if (r.status === Status.END_OF_PATCH) {
      out.push(current);
      current = undefined;
    }
  }
  assert.equal(current, undefined, "stream ends with STATUS_END_OF_PATCH");
  return out;
}

const textPaths = Object.keys(WORD_PAIRS).filter((p) => p !== "bin.dat");
const textPairs = textPaths.map((p): [string, string] => {
  const [a, b] = WORD_PAIRS[p];
  return [a ?? "", b ?? ""];
});

Deno.test("DiffBlobs: line and word patches equal git's, one stream per pair in order", async () => {
  for (const mode of ["line", "word"] as const) {
    const got = await diffBlobs(textPaths.map(ids), {
      diffMode: mode === "word" ? DiffBlobsRequest_DiffMode.WORD : undefined,
    });
    const expected = await gitWordDiffs(textPairs, "none", mode);
    assert.equal(got.length, textPaths.length);
    for (const [i, path] of textPaths.entries()) {
      const g = got[i];
      assert.deepEqual([g.head.leftBlobId, g.head.rightBlobId], ids(path), path);
      assert.equal(g.patch, expected[i], `${mode} ${path}`);
      assert.deepEqual([g.head.binary, g.head.overPatchBytesLimit], [false, false]);
    }
    // big.txt spans several messages of 5 KiB.
    const big = got[textPaths.indexOf("big.txt")];
    assert.ok(big.sizes.length > 2);
    assert.ok(big.sizes.slice(0, -1).every((s) => s === 5120));
  }
});

Deno.test("DiffBlobs: whitespace options as git's", async () => {
  for (
    const [ws, mode] of [
      [DiffBlobsRequest_WhitespaceChanges.IGNORE, "change"],
      [DiffBlobsRequest_WhitespaceChanges.IGNORE_ALL, "all"],
    ] as const
  ) {
    const got = await diffBlobs([ids("ws.txt")], { whitespaceChanges: ws });
    const [expected] = await gitWordDiffs([textPairs[textPaths.indexOf("ws.txt")]], mode, "line");
    assert.equal(got[0].patch, expected, mode);
  }
});

/** git's own Binary line for two blobs, with git's blob ids replaced by `names`. */
async function gitBinaryLine(a: string, b: string, names: [string, string]): Promise<string> {
  const dir = await Deno.makeTempDir();
  const git = async (args: string[], input?: string) => {
    const child = new Deno.Command("git", {
      args,
      cwd: dir,
      stdin: "piped",
      stdout: "piped",
      env: { GIT_DIR: `${dir}/.git` },
    }).spawn();
    const w = child.stdin.getWriter();
    await w.write(enc(input ?? ""));
    await w.close();
    return bytesToByteString((await child.output()).stdout);
  };
  try {
    await git(["init", "-q"]);
    const oa = (await git(["hash-object", "-w", "--stdin"], a)).trim();
    const ob = (await git(["hash-object", "-w", "--stdin"], b)).trim();
    const out = await git(["diff", oa, ob]);
    const line = out.slice(out.indexOf("Binary files"));
    return line.replace(`a/${oa}`, `a/${names[0]}`).replace(`b/${ob}`, `b/${names[1]}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("DiffBlobs: binary pairs, path-scoped revisions, null sides, empty blobs", async () => {
  const [a, b] = WORD_PAIRS["bin.dat"] as [string, string];
  const bin = ids("bin.dat");
  const [got] = await diffBlobs([bin]);
  assert.equal(got.patch, await gitBinaryLine(a, b, bin));
  assert.equal(got.head.binary, true);
  // `<revision>:<path>` resolves like any revision; ids are reported as blob ids, and git
  // names such a blob by its path.
  const scoped = await diffBlobs([[`${node(0)}:bin.dat`, `${node(1).slice(0, 12)}:bin.dat`]]);
  assert.deepEqual([scoped[0].head.leftBlobId, scoped[0].head.rightBlobId], bin);
  assert.equal(scoped[0].patch, await gitBinaryLine(a, b, ["bin.dat", "bin.dat"]));
  const inline = await diffBlobs([[`${node(0)}:inline.txt`, ids("inline.txt")[1]]]);
  assert.equal(inline[0].patch, (await diffBlobs([ids("inline.txt")]))[0].patch);
  // A null side is an empty blob: an empty file added diffs to nothing.
  const empty = await diffBlobs([[NULL_NODE, blobOid(node(0), "filled.txt")]]);
  assert.deepEqual(
    [empty[0].head.leftBlobId, empty[0].head.rightBlobId, empty[0].patch, empty[0].sizes],
    [NULL_NODE, blobOid(node(0), "filled.txt"), "", [0]],
  );
  // Two ids of the same content are two blobs here; their patch is empty.
  const same = await diffBlobs([[blobOid(node(0), "filled.txt"), blobOid(node(1), "emptied.txt")]]);
  assert.equal(same[0].patch, "");
});

Deno.test("DiffBlobs: patch_bytes_limit", async () => {
  const pair = ids("inline.txt");
  const [full] = await diffBlobs([pair]);
  const size = full.patch.length;
  const [over] = await diffBlobs([pair], { patchBytesLimit: size });
  assert.deepEqual([over.patch, over.head.overPatchBytesLimit], ["", true]);
  const [under] = await diffBlobs([pair], { patchBytesLimit: size + 1 });
  assert.deepEqual([under.patch, under.head.overPatchBytesLimit], [full.patch, false]);
  // The word-diff patch is the one measured.
  const words = await diffBlobs([pair], { diffMode: DiffBlobsRequest_DiffMode.WORD });
  const [wordOver] = await diffBlobs([pair], {
    diffMode: DiffBlobsRequest_DiffMode.WORD,
    patchBytesLimit: words[0].patch.length,
  });
  assert.equal(wordOver.head.overPatchBytesLimit, true);
});

Deno.test("DiffBlobs: bad inputs", async () => {
  const call = (pairs: [string, string][], req: Record<string, unknown> = {}) =>
    grpcError(client.diffBlobs({
      repository,
      blobPairs: pairs.map(([l, r]) => ({ leftBlob: enc(l), rightBlob: enc(r) })),
      ...req,
    }));
  const good = ids("inline.txt");
  const cases: [[string, string][], RegExp][] = [
    [[], /^request contains no file pairs to diff$/],
    [[[NULL_NODE, NULL_NODE]], /^left and right blob cannot both be null OIDs$/],
    [[[good[0], good[0]]], /^left and right blob revisions resolve to same OID$/],
    [[[`${node(0)}:inline.txt`, good[0]]], /same OID/],
    [[["not-an-id", good[1]]], /^validating left blob: validating blob ID: .*InvalidNodeId/],
    [[[good[0], `${node(1)}_@@@`]], /^validating right blob: .*InvalidPathComponent/],
    [[[blobOid("f".repeat(40), "inline.txt"), good[1]]], /^validating left blob: .*not found/],
    [[[blobOid(node(0), "nope.txt"), good[1]]], /^validating left blob: .*not found/],
    [[[good[0], blobOid(node(1), "added.txt/x")]], /^validating right blob: .*not found/],
    [[[node(0), good[1]]], /^validating left blob: revision is not blob$/],
    [[[`${node(0)}_`, good[1]]], /^validating left blob: revision is not blob$/],
    [[[good[0], "-x:inline.txt"]], /^validating right blob: validating path-scoped revision/],
    [[[good[0], "nope:inline.txt"]], /^validating right blob: .*not found/],
    // Validation covers every pair before anything is sent.
    [[good, [good[0], "nope:inline.txt"]], /^validating right blob/],
  ];
  for (const [pairs, message] of cases) {
    const err = await call(pairs);
    assert.equal(err.code, Code.INVALID_ARGUMENT, JSON.stringify(pairs));
    assert.match(err.details, message, JSON.stringify(pairs));
  }
  assert.equal((await call([good], { repository: undefined })).code, Code.INVALID_ARGUMENT);
  const missing = await call([good], { repository: { ...repository, relativePath: "nope" } });
  assert.equal(missing.code, Code.NOT_FOUND);
});

Deno.test("stop server", async () => {
  client.close();
  await srv[Symbol.asyncDispose]();
});
