import assert from "node:assert/strict";
import type { CommitDiffResponse } from "../../../src/gen/gitaly/diff_pb.ts";
import { CommitDiffRequest_WhitespaceChanges } from "../../../src/gen/gitaly/diff_pb.ts";
import { blobOid } from "../../../src/gitlab/object-id.ts";
import { bytesToByteString } from "../../../src/hg/byte-string.ts";
import { NULL_NODE } from "../../../src/hg/node.ts";
import { Code } from "../../../src/services/rpc.ts";
import { collect, grpcError } from "../../support/grpc-client.ts";
import { exportTrees, gitOutput } from "./diff-fixture.ts";
import { gitRaw, serveDiffFixture } from "./diff-support.ts";

const ctx = await serveDiffFixture();
const { client, node, repository, fixture } = ctx;
const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

interface FileDiff {
  head: CommitDiffResponse;
  patch: string;
  messages: number;
}

/** Groups a CommitDiff stream by file, checking end_of_patch placement. */
function files(responses: CommitDiffResponse[]): FileDiff[] {
  const out: FileDiff[] = [];
  let current: FileDiff | undefined;
  for (const r of responses) {
    if (!current) current = { head: r, patch: "", messages: 0 };
    current.patch += bytesToByteString(r.rawPatchData);
    current.messages++;
    if (r.endOfPatch) {
      out.push(current);
      current = undefined;
    }
  }
  assert.equal(current, undefined, "stream ends with end_of_patch");
  return out;
}

function commitDiff(from: number, to: number, extra: Record<string, unknown> = {}) {
  return collect(client.commitDiff({
    repository,
    leftCommitId: node(from),
    rightCommitId: node(to),
    ...extra,
  }));
}

/** Per-file hunk sections of git's patch output (from `@@` or `Binary` to the next file). */
async function gitPatches(from: number, to: number): Promise<string[]> {
  const { gitDir, trees } = await exportTrees(fixture);
  const out = await gitOutput(gitDir, [
    "diff",
    "-M",
    "-C",
    "--find-copies-harder",
    trees.get(from)!,
    trees.get(to)!,
  ]);
  return out.split(/^diff --git .*\n/m).slice(1).map((section) => {
    const lines = section.split(/(?<=\n)/);
    const start = lines.findIndex((l) => l.startsWith("@@") || l.startsWith("Binary"));
    return start < 0 ? "" : lines.slice(start).join("");
  });
}

Deno.test("CommitDiff: files, modes, ids and patches as Gitaly's parser of git diff", async () => {
  for (const [from, to] of [[0, 1], [1, 2], [3, 4]]) {
    const got = files(await commitDiff(from, to));
    const raw = await gitRaw(fixture, from, to);
    assert.deepEqual(
      got.map((f) => ({
        oldMode: f.head.oldMode,
        newMode: f.head.newMode,
        fromPath: bytesToByteString(f.head.fromPath),
        toPath: bytesToByteString(f.head.toPath),
      })),
      raw.map(({ status: _, ...e }) => e),
      `${from} -> ${to}`,
    );
    assert.deepEqual(got.map((f) => f.patch), await gitPatches(from, to), `${from} -> ${to}`);
    for (const [i, f] of got.entries()) {
      const r = raw[i];
      const fromId = r.oldMode === 0 ? NULL_NODE : blobOid(node(from), r.fromPath);
      const toId = r.newMode === 0 ? NULL_NODE : blobOid(node(to), r.toPath);
      assert.deepEqual([f.head.fromId, f.head.toId], [fromId, toId], r.toPath);
      assert.equal(f.head.binary, f.patch.startsWith("Binary"));
      assert.equal(f.head.collapsed || f.head.tooLarge || f.head.overflowMarker, false);
    }
  }
});

Deno.test("CommitDiff: paths filter, whitespace options, empty tree id", async () => {
  const filtered = files(await commitDiff(0, 1, { paths: [enc("a.txt"), enc("moved")] }));
  // The rename's source b.txt is outside the filter: moved/b.txt is an addition.
  assert.deepEqual(
    filtered.map((f) => [bytesToByteString(f.head.fromPath), f.head.oldMode]),
    [["a.txt", 0o100644], ["moved/b.txt", 0]],
  );
  const ws = files(
    await commitDiff(0, 1, {
      paths: [enc("ws.txt")],
      whitespaceChanges: CommitDiffRequest_WhitespaceChanges.IGNORE,
    }),
  );
  assert.equal(ws.length, 1);
  assert.equal(ws[0].patch, "");
  const all = files(await commitDiff(0, 1, { paths: [enc("ws.txt")] }));
  assert.match(all[0].patch, /^@@ -1,3 \+1,3 @@/);
  const root = files(
    await collect(client.commitDiff({
      repository,
      leftCommitId: "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
      rightCommitId: node(0),
    })),
  );
  assert.ok(root.every((f) => f.head.oldMode === 0 && f.head.fromId === NULL_NODE));
});

Deno.test("CommitDiff: limits (overflow, too large, collapsed, collect_all_paths)", async () => {
  const base = files(await commitDiff(0, 1));
  const limits = {
    enforceLimits: true,
    maxFiles: 3,
    maxLines: 1000,
    maxBytes: 100000,
    maxPatchBytes: 100000,
  };
  const few = files(await commitDiff(0, 1, limits));
  assert.equal(few.length, 4);
  assert.deepEqual(few.slice(0, 3).map((f) => f.patch), base.slice(0, 3).map((f) => f.patch));
  assert.equal(few[3].head.overflowMarker, true);
  assert.equal(few[3].head.toPath.length, 0);
  const all = files(await commitDiff(0, 1, { ...limits, collectAllPaths: true }));
  assert.equal(all.length, base.length);
  assert.ok(all.slice(3).every((f) => f.head.overflowMarker && f.patch === ""));
  assert.equal(
    bytesToByteString(all.at(-1)!.head.toPath),
    bytesToByteString(base.at(-1)!.head.toPath),
  );
  // a.txt's patch is the first and biggest: too large for 100 bytes.
  const small = files(await commitDiff(0, 1, { ...limits, maxFiles: 100, maxPatchBytes: 100 }));
  const big = small.filter((f) => f.head.tooLarge);
  assert.ok(big.length > 0 && big.every((f) => f.patch === ""));
  const perExt = files(
    await commitDiff(0, 1, {
      ...limits,
      maxFiles: 100,
      maxPatchBytesForFileExtension: { ".txt": 1 },
    }),
  );
  assert.ok(
    perExt.every((f) =>
      f.head.tooLarge === (bytesToByteString(f.head.toPath).endsWith(".txt") && f.patch === "" &&
        base.find((b) => bytesToByteString(b.head.toPath) === bytesToByteString(f.head.toPath))!
            .patch !== "")
    ),
  );
  const collapsed = files(
    await commitDiff(0, 1, {
      collapseDiffs: true,
      safeMaxFiles: 100,
      safeMaxLines: 5,
      safeMaxBytes: 100000,
    }),
  );
  assert.equal(collapsed[0].head.collapsed, true);
  assert.equal(collapsed[0].patch, "");
  assert.ok(collapsed.some((f) => !f.head.collapsed && f.patch !== ""));
});

Deno.test("CommitDiff: big patches are split in 5 KiB messages", async () => {
  await using big = await serveBigFile();
  const got = files(
    await collect(big.client.commitDiff({
      repository,
      leftCommitId: big.node(0),
      rightCommitId: big.node(1),
    })),
  );
  assert.equal(got.length, 1);
  assert.ok(got[0].messages > 2);
  const sizes = (await collect(big.client.commitDiff({
    repository,
    leftCommitId: big.node(0),
    rightCommitId: big.node(1),
  }))).map((r) => r.rawPatchData.length);
  assert.ok(sizes.slice(0, -1).every((s) => s === 5120));
  assert.ok(got[0].patch.startsWith("@@ -1,2000 +1,2000 @@"));
});

async function serveBigFile() {
  const { build, makeHgHome } = await import("../../hg/hg-fixture.ts");
  const { startTestServer } = await import("../../support/test-server.ts");
  const { createClient } = await import("../../support/grpc-client.ts");
  const { DiffService } = await import("../../../src/gen/gitaly/diff_pb.ts");
  const { openRepository } = await import("../../../src/hg/repository.ts");
  const { dir, hgrc } = await makeHgHome();
  const lines = (p: string) => Array.from({ length: 2000 }, (_, i) => `${p} ${i}\n`).join("");
  await build(dir, [
    ["hg", "init", "repos/repo"],
    ["cd", "repos/repo"],
    ["write", "big.txt", lines("old")],
    ["hg", "commit", "-A", "-q", "-m", "a", "-d", "0 0"],
    ["write", "big.txt", lines("new")],
    ["hg", "commit", "-q", "-m", "b", "-d", "0 0"],
  ], hgrc);
  const srv = await startTestServer(`${dir}/repos`);
  const client = createClient(DiffService, srv.address);
  const repo = openRepository(`${dir}/repos/repo`);
  return {
    client,
    node: (r: number) => repo.changelog.node(r),
    async [Symbol.asyncDispose]() {
      client.close();
      await srv[Symbol.asyncDispose]();
    },
  };
}

Deno.test("CommitDiff: bad inputs", async () => {
  const call = (req: Record<string, unknown>) =>
    grpcError(
      client.commitDiff({ repository, leftCommitId: node(0), rightCommitId: node(1), ...req }),
    );
  assert.equal((await call({ leftCommitId: "" })).code, Code.INVALID_ARGUMENT);
  assert.equal((await call({ rightCommitId: "" })).code, Code.INVALID_ARGUMENT);
  const unknown = await call({ rightCommitId: "f".repeat(40) });
  assert.equal(unknown.code, Code.FAILED_PRECONDITION);
  assert.match(unknown.details, /exit status 128/);
  assert.equal((await call({ repository: undefined })).code, Code.INVALID_ARGUMENT);
  assert.equal(
    (await call({ repository: { ...repository, relativePath: "nope" } })).code,
    Code.NOT_FOUND,
  );
});

Deno.test("CommitDelta: deltas as git diff --raw, batched", async () => {
  for (const [from, to] of [[0, 1], [1, 2], [2, 0]]) {
    const res = await collect(client.commitDelta({
      repository,
      leftCommitId: node(from),
      rightCommitId: node(to),
    }));
    const deltas = res.flatMap((r) => r.deltas);
    const raw = await gitRaw(fixture, from, to);
    const shape = deltas.map((d) => ({
      oldMode: d.oldMode,
      newMode: d.newMode,
      fromPath: bytesToByteString(d.fromPath),
      toPath: bytesToByteString(d.toPath),
    }));
    if (from === 2) {
      // Backwards, Mercurial's metadata undoes c.txt -> c2.txt where Git pairs c1.txt.
      assert.ok(shape.some((d) => d.fromPath === "c2.txt" && d.toPath === "c.txt"));
      continue;
    }
    assert.deepEqual(shape, raw.map(({ status: _, ...e }) => e), `${from} -> ${to}`);
    assert.ok(
      deltas.every((d) =>
        d.toId === (d.newMode ? blobOid(node(to), bytesToByteString(d.toPath)) : NULL_NODE)
      ),
    );
  }
  const filtered = await collect(client.commitDelta({
    repository,
    leftCommitId: node(0),
    rightCommitId: node(1),
    paths: [enc("moved/b.txt")],
  }));
  assert.deepEqual(filtered.flatMap((r) => r.deltas).map((d) => [d.fromId, d.oldMode]), [[
    NULL_NODE,
    0,
  ]]);
  const unknown = await grpcError(client.commitDelta({
    repository,
    leftCommitId: "nope",
    rightCommitId: node(1),
  }));
  assert.equal(unknown.code, Code.FAILED_PRECONDITION);
  const empty = await grpcError(
    client.commitDelta({ repository, leftCommitId: node(0), rightCommitId: "" }),
  );
  assert.equal(empty.code, Code.INVALID_ARGUMENT);
});

Deno.test("stop server", async () => {
  await ctx[Symbol.asyncDispose]();
});
