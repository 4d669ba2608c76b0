/**
 * Line diffs in the worker pool (src/services/diff/line-diff-pool.ts): every DiffService RPC
 * that diffs lines answers the same whether its diffs run in place or in workers, big files
 * go to workers by default and still match git, a failing or dying worker becomes a clear
 * INTERNAL error while the server keeps serving, and a cancelled call terminates its worker.
 */
import assert from "node:assert/strict";
import {
  CommitDiffRequest_DiffMode as Mode,
  CommitDiffRequest_WhitespaceChanges as Ws,
} from "../../../src/gen/gitaly/diff_pb.ts";
import { byteStringToBytes } from "../../../src/hg/byte-string.ts";
import { openRepository } from "../../../src/hg/repository.ts";
import {
  configureLineDiffWorkers,
  DEFAULT_OFFLOAD_BYTES,
  lineDiffWorkerCount,
} from "../../../src/services/diff/line-diff-pool.ts";
import { Code } from "../../../src/services/rpc.ts";
import { build, commitStep, makeHgHome } from "../../hg/hg-fixture.ts";
import { collect, grpcError } from "../../support/grpc-client.ts";
import { serveDiffFixture } from "./diff-support.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Deterministic text of `n` lines (about 60 bytes each). */
function bigText(n: number, seed: number): string[] {
  const lines: string[] = [];
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    lines.push(`row ${i} ${x.toString(36)} ${"payload ".repeat(1 + (x % 5))}\n`);
  }
  return lines;
}

/** Scattered edits: replaced, deleted, inserted and whitespace-only changed lines. */
function edited(lines: string[]): string {
  return lines.map((l, i) => {
    if (i % 97 === 5) return l.toUpperCase();
    if (i % 131 === 7) return "";
    if (i % 151 === 9) return l + `inserted after ${i}\n`;
    if (i % 173 === 11) return l.replace(" ", "   ");
    return l;
  }).join("");
}

/**
 * A repository with big text files (together over the default offload size): rev 0 adds
 * them, rev 1 edits them in many places and copies one with edits.
 */
async function buildBigFixture() {
  const { dir, hgrc } = await makeHgHome();
  const root = `${dir}/repos`;
  await Deno.mkdir(root);
  const big = bigText(12_000, 7);
  const other = bigText(3_000, 11);
  await build(dir, [
    ["hg", "init", "repos/big"],
    ["cd", "repos/big"],
    ["write", "big.txt", big.join("")],
    ["write", "other.txt", other.join("")],
    ["write", "small.txt", "one\ntwo\n"],
    commitStep("big files", 1_600_000_000),
    ["write", "big.txt", edited(big)],
    ["hg", "cp", "other.txt", "copy.txt"],
    ["write", "copy.txt", edited(other)],
    ["write", "small.txt", "one\n2\n"],
    commitStep("edit them", 1_600_000_100),
  ], hgrc);
  return { dir, root, bigV1: big.join(""), bigV2: edited(big) };
}

type Served = Awaited<ReturnType<typeof serveDiffFixture>>;
type DiffClient = Served["client"];

/** Every line-diffing DiffService answer for `from` -> `to`. */
async function answers(
  client: DiffClient,
  relativePath: string,
  from: string,
  to: string,
) {
  const repository = { storageName: "default", relativePath };
  const commitDiffs = [];
  for (const whitespaceChanges of [Ws.UNSPECIFIED, Ws.IGNORE, Ws.IGNORE_ALL]) {
    commitDiffs.push(
      await collect(client.commitDiff({
        repository,
        leftCommitId: from,
        rightCommitId: to,
        whitespaceChanges,
      })),
    );
  }
  // Word diff: its word step runs in a worker too when the hunks are big.
  commitDiffs.push(
    await collect(client.commitDiff({
      repository,
      leftCommitId: from,
      rightCommitId: to,
      diffMode: Mode.WORDDIFF,
    })),
  );
  const ends = { repository, leftCommitId: from, rightCommitId: to };
  const raw = async (stream: AsyncIterable<{ data: Uint8Array }>) =>
    (await collect(stream)).map((m) => dec.decode(m.data)).join("");
  return {
    commitDiffs,
    rawDiff: await raw(client.rawDiff(ends)),
    rawPatch: await raw(client.rawPatch(ends)),
    diffStats: await collect(client.diffStats(ends)),
    patchId: (await client.getPatchID({
      repository,
      oldRevision: byteStringToBytes(from),
      newRevision: byteStringToBytes(to),
    })).patchId,
  };
}

async function git(args: string[], cwd: string): Promise<string> {
  const out = await new Deno.Command("git", { args, cwd, stdout: "piped" }).output();
  return dec.decode(out.stdout);
}

Deno.test("line diffs: same answers in place and in workers; big files offloaded, as git", async () => {
  await using served = await serveDiffFixture();
  const { client, node, srv } = served;
  const bigFixture = await buildBigFixture();
  await Deno.rename(`${bigFixture.root}/big`, `${srv.storageRoot}/big`);
  const bigRepo = openRepository(`${srv.storageRoot}/big`);
  const bigNode = (rev: number) => bigRepo.changelog.node(rev);
  const cases: [string, string, string][] = [
    ["repo", node(0), node(1)],
    ["repo", node(1), node(2)],
    ["repo", node(0), node(4)],
    ["big", bigNode(0), bigNode(1)],
  ];
  try {
    configureLineDiffWorkers({ offloadBytes: Infinity }, true);
    const inPlace = [];
    for (const c of cases) inPlace.push(await answers(client, ...c));
    assert.equal(lineDiffWorkerCount(), 0, "no worker when nothing is offloaded");

    configureLineDiffWorkers({ offloadBytes: 0 });
    for (const [k, c] of cases.entries()) {
      assert.deepEqual(await answers(client, ...c), inPlace[k], `${c[1]} -> ${c[2]}`);
    }
    assert.ok(lineDiffWorkerCount() > 0, "every diff went through workers");

    // Default threshold: only the big files are offloaded, and they still diff as git does.
    configureLineDiffWorkers({}, true);
    assert.ok(bigFixture.bigV1.length > DEFAULT_OFFLOAD_BYTES / 2);
    const ours = await answers(client, "big", bigNode(0), bigNode(1));
    assert.ok(lineDiffWorkerCount() > 0, "the big files went to a worker");
    assert.deepEqual(ours, inPlace[3]);
    const dir = bigFixture.dir;
    await Deno.writeTextFile(`${dir}/v1`, bigFixture.bigV1);
    await Deno.writeTextFile(`${dir}/v2`, bigFixture.bigV2);
    const gitDiff = await git(["diff", "--no-index", "v1", "v2"], dir);
    const hunks = (text: string, path: string) => {
      const start = text.indexOf(`+++ b/${path}\n`);
      assert.ok(start >= 0, `${path} in the diff`);
      const body = text.slice(text.indexOf("\n", start) + 1);
      const end = body.indexOf("\ndiff --git ");
      return end < 0 ? body : body.slice(0, end + 1);
    };
    assert.equal(hunks(ours.rawDiff, "big.txt"), hunks(gitDiff, "v2"));
    const numstat = (await git(["diff", "--no-index", "--numstat", "v1", "v2"], dir)).split("\t");
    const stat = ours.diffStats.flatMap((m) => m.stats).find((s) =>
      dec.decode(s.path) === "big.txt"
    )!;
    assert.deepEqual([stat.additions, stat.deletions], [Number(numstat[0]), Number(numstat[1])]);
  } finally {
    configureLineDiffWorkers({}, true);
  }
});

Deno.test("line diffs: a failing or dying worker is a clear INTERNAL error, the server goes on", async () => {
  await using served = await serveDiffFixture();
  const { client, node, repository } = served;
  const request = { repository, leftCommitId: node(0), rightCommitId: node(1) };
  try {
    for (
      const [module, reason] of [
        ["./failing-diff-worker.ts", /diff exploded on purpose/],
        ["./dying-diff-worker.ts", /worker failed: .*worker died on purpose/],
      ] as const
    ) {
      configureLineDiffWorkers({ offloadBytes: 0, module: new URL(module, import.meta.url) });
      for (const call of [() => client.commitDiff(request), () => client.rawDiff(request)]) {
        const err = await grpcError(call());
        assert.equal(err.code, Code.INTERNAL);
        assert.match(err.details, /^line diff failed in a worker: /);
        assert.match(err.details, reason);
      }
      const stats = await grpcError(client.diffStats(request));
      assert.equal(stats.code, Code.INTERNAL);
      assert.match(stats.details, reason);
    }
    // The server is fine, and so are diffs once workers behave.
    configureLineDiffWorkers({ offloadBytes: 0 }, true);
    const files = (await collect(client.commitDiff(request))).filter((m) => m.endOfPatch);
    assert.ok(files.length > 5);
  } finally {
    configureLineDiffWorkers({}, true);
  }
});

/** Waits until `check` holds, failing after `ms`. */
async function eventually(check: () => boolean, what: string, ms = 5000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

Deno.test("line diffs: cancelling the call terminates the worker doing its diff", async () => {
  await using served = await serveDiffFixture();
  const { client, node, repository } = served;
  const request = { repository, leftCommitId: node(0), rightCommitId: node(1) };
  try {
    configureLineDiffWorkers({
      offloadBytes: 0,
      workers: 1,
      module: new URL("./spinning-diff-worker.ts", import.meta.url),
    });
    // A client cancelling a streaming call.
    const call = client.commitDiff(request) as AsyncIterable<unknown> & { cancel(): void };
    const outcome = grpcError(call);
    await eventually(() => lineDiffWorkerCount() === 1, "the diff to start in a worker");
    call.cancel();
    assert.equal((await outcome).code, Code.CANCELLED);
    await eventually(() => lineDiffWorkerCount() === 0, "the spinning worker to be terminated");

    // A deadline passing during a unary call.
    const patchId = grpcError(client.getPatchID(
      { repository, oldRevision: enc.encode(node(0)), newRevision: enc.encode(node(1)) },
      { timeoutMs: 1000 },
    ));
    await eventually(() => lineDiffWorkerCount() === 1, "the diff to start in a worker");
    assert.equal((await patchId).code, Code.DEADLINE_EXCEEDED);
    await eventually(() => lineDiffWorkerCount() === 0, "the spinning worker to be terminated");

    configureLineDiffWorkers({ offloadBytes: 0 }, true);
    const files = (await collect(client.commitDiff(request))).filter((m) => m.endOfPatch);
    assert.ok(files.length > 5, "the next call is served by a fresh worker");
  } finally {
    configureLineDiffWorkers({}, true);
  }
});
