/**
 * Event-loop stall of a huge line diff (issue 5): the latency of rounds of 20 concurrent
 * FindCommit calls while idle, during a CommitDiff of a changeset that edits one ~10 MB text
 * file in thousands of scattered places with its line diff in place (on the event loop, as
 * before the line diff workers), and during the same CommitDiff with the diff in a worker
 * (the server's default). Also times the CommitDiff itself both ways.
 *
 * The repository is its own, small and deterministic (`diff-stall.hg`: a big file added,
 * then edited, plus a few small changesets FindCommit asks for), built once with `hg` under
 * `.bench-cache/`.
 *
 * Standalone: `deno run -A bench/diff-stall-bench.ts [--quick]`.
 */
import { join } from "node:path";
import { CommitService } from "../src/gen/gitaly/commit_pb.ts";
import { DiffService } from "../src/gen/gitaly/diff_pb.ts";
import { configureLineDiffWorkers } from "../src/services/diff/line-diff-pool.ts";
import { createClient } from "../tests/support/grpc-client.ts";
import { startTestServer } from "../tests/support/test-server.ts";
import { type LatencyStats, latencyStats } from "./archive-bench.ts";
import { PROJECT_ROOT } from "./generate-repo.ts";

/** Bump when the generated repository changes. */
const VERSION = 1;
const BIG_PATH = "data/big-table.txt";
const BIG_LINES = 160_000;
/** Small changesets after the big edit, for FindCommit. */
const SMALL_CHANGESETS = 20;

/** The generated repository. */
export interface DiffStallRepo {
  storageRoot: string;
  relativePath: string;
  /** Parent and child of the big edit. */
  fromNode: string;
  toNode: string;
  /** Bytes of the big file before and after. */
  oldBytes: number;
  newBytes: number;
  /** Changesets FindCommit asks for. */
  sampleNodes: string[];
}

/** Deterministic big file: rows of a table (about 64 bytes each). */
function bigTable(): string[] {
  const rows: string[] = [];
  let x = 20240611;
  for (let i = 0; i < BIG_LINES; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    rows.push(`${i},${x.toString(36)},${(x % 99991) / 7},item-${x % 1000},note ${x % 37}\n`);
  }
  return rows;
}

/** Thousands of scattered edits: about one line in 40 replaced, deleted or followed by a new one. */
function editedTable(rows: string[]): string {
  let x = 7;
  return rows.map((row, i) => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    const pick = x % 120;
    if (pick === 0) return row.replace(",", ";");
    if (pick === 1) return "";
    if (pick === 2) return row + `${i},inserted,0,item-new,note\n`;
    return row;
  }).join("");
}

async function hg(args: string[], cwd: string): Promise<string> {
  const out = await new Deno.Command("hg", {
    args,
    cwd,
    env: { HGRCPATH: "/dev/null", HGPLAIN: "1", HGUSER: "Bench <bench@example.org>" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`hg ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
  return new TextDecoder().decode(out.stdout);
}

/** The repository, generated under `.bench-cache/` the first time. */
export async function diffStallRepo(): Promise<DiffStallRepo> {
  const dir = join(PROJECT_ROOT, ".bench-cache", `diff-stall-v${VERSION}`);
  const storageRoot = join(dir, "repos");
  const summaryPath = join(dir, "summary.json");
  try {
    return JSON.parse(await Deno.readTextFile(summaryPath));
  } catch {
    // Not generated yet.
  }
  console.error(`generating the diff stall repository in ${dir}...`);
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  const repo = join(storageRoot, "diff-stall.hg");
  await Deno.mkdir(join(repo, "data"), { recursive: true });
  await hg(["init", "."], repo);
  const rows = bigTable();
  const v1 = rows.join("");
  const v2 = editedTable(rows);
  let date = 1_700_000_000;
  const commit = (msg: string) => hg(["commit", "-A", "-q", "-m", msg, "-d", `${date++} 0`], repo);
  await Deno.writeTextFile(join(repo, BIG_PATH), v1);
  await Deno.writeTextFile(join(repo, "README"), "diff stall benchmark\n");
  await commit("Add a big table");
  await Deno.writeTextFile(join(repo, BIG_PATH), v2);
  await commit("Edit the big table in many places");
  for (let i = 0; i < SMALL_CHANGESETS; i++) {
    await Deno.writeTextFile(join(repo, "README"), `line ${i}\n`, { append: true });
    await commit(`Small change ${i}`);
  }
  const nodes = (await hg(["log", "-r", "0:tip", "-T", "{node}\n"], repo)).trim().split("\n");
  const summary: DiffStallRepo = {
    storageRoot,
    relativePath: "diff-stall.hg",
    fromNode: nodes[0],
    toNode: nodes[1],
    oldBytes: v1.length,
    newBytes: v2.length,
    sampleNodes: nodes,
  };
  await Deno.writeTextFile(summaryPath, JSON.stringify(summary, null, 2));
  return summary;
}

/** Milliseconds between the starts of two rounds of FindCommit calls. */
const ROUND_PERIOD_MS = 100;
/** Calls per round. */
const ROUND_CALLS = 20;

/**
 * Rounds of concurrent calls started on a fixed schedule (open loop) until `busy` settles, or
 * for `idleMs`. A call's latency counts from its round's scheduled start, so calls that could
 * not even be sent while the event loop was blocked (the client shares the server's process)
 * report the wait they would have seen.
 */
async function scheduledRounds(
  call: (i: number) => Promise<unknown>,
  until: { busy: Promise<unknown> } | { idleMs: number },
): Promise<number[]> {
  const samples: number[] = [];
  const pending: Promise<void>[] = [];
  let settled = false;
  if ("busy" in until) until.busy.finally(() => (settled = true));
  const start = performance.now();
  for (let round = 0;; round++) {
    const scheduled = start + round * ROUND_PERIOD_MS;
    const wait = scheduled - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if ("busy" in until ? settled : scheduled - start >= until.idleMs) break;
    for (let i = 0; i < ROUND_CALLS; i++) {
      pending.push(
        call(round * ROUND_CALLS + i).then(() => {
          samples.push(performance.now() - scheduled);
        }),
      );
    }
  }
  await Promise.all(pending);
  return samples;
}

/** Results of the diff stall benchmark. */
export interface DiffStallResult {
  repo: DiffStallRepo;
  /** Patch bytes of the big file's CommitDiff. */
  patchBytes: number;
  /** Seconds of one CommitDiff (drained by a client), diff in place / in a worker. */
  inPlaceSeconds: number;
  workerSeconds: number;
  /** Seconds to the first CommitDiff message (mostly the line diff), in place / in a worker. */
  inPlaceFirst: number;
  workerFirst: number;
  /** FindCommit latencies. */
  idle: LatencyStats;
  duringInPlace: LatencyStats;
  duringWorker: LatencyStats;
}

/** Runs the benchmark; `diffs` CommitDiffs in a row per measurement. */
export async function runDiffStallBench(diffs = 3): Promise<DiffStallResult> {
  const repo = await diffStallRepo();
  await using srv = await startTestServer(repo.storageRoot);
  const repository = { storageName: "default", relativePath: repo.relativePath };
  const commitClient = createClient(CommitService, srv.address);
  const diffClient = createClient(DiffService, srv.address);
  const enc = new TextEncoder();
  const findCommit = (i: number) =>
    commitClient.findCommit({
      repository,
      revision: enc.encode(repo.sampleNodes[i % repo.sampleNodes.length]),
    });
  const commitDiff = async () => {
    const start = performance.now();
    let first = 0;
    let bytes = 0;
    for await (
      const m of diffClient.commitDiff({
        repository,
        leftCommitId: repo.fromNode,
        rightCommitId: repo.toNode,
      })
    ) {
      first ||= performance.now() - start;
      bytes += m.rawPatchData.length;
    }
    return { bytes, first: first / 1000 };
  };
  const timedDiffs = async () => {
    const start = performance.now();
    let bytes = 0;
    let first = 0;
    for (let i = 0; i < diffs; i++) {
      const one = await commitDiff();
      bytes = one.bytes;
      first += one.first / diffs;
    }
    return { bytes, first, seconds: (performance.now() - start) / 1000 / diffs };
  };
  try {
    // In place: no diff is big enough for a worker.
    configureLineDiffWorkers({ offloadBytes: Infinity });
    await commitDiff(); // warms the page cache and the revlog caches
    await scheduledRounds(findCommit, { idleMs: 500 }); // warm-up
    const idle = latencyStats(await scheduledRounds(findCommit, { idleMs: 2000 }));
    const inPlace = timedDiffs();
    const duringInPlace = latencyStats(await scheduledRounds(findCommit, { busy: inPlace }));

    configureLineDiffWorkers({}, true);
    await commitDiff(); // starts a worker
    const worker = timedDiffs();
    const duringWorker = latencyStats(await scheduledRounds(findCommit, { busy: worker }));
    const inPlaceRun = await inPlace;
    const workerRun = await worker;
    if (inPlaceRun.bytes !== workerRun.bytes) {
      throw new Error(`patch sizes differ: ${inPlaceRun.bytes} in place, ${workerRun.bytes}`);
    }
    return {
      repo,
      patchBytes: workerRun.bytes,
      inPlaceSeconds: inPlaceRun.seconds,
      workerSeconds: workerRun.seconds,
      inPlaceFirst: inPlaceRun.first,
      workerFirst: workerRun.first,
      idle,
      duringInPlace,
      duringWorker,
    };
  } finally {
    configureLineDiffWorkers({}, true);
    commitClient.close();
    diffClient.close();
  }
}

/** Markdown lines reporting `r`. */
export function renderDiffStall(r: DiffStallResult): string[] {
  const mb = (n: number) => (n / 1e6).toFixed(1);
  const ms = (x: number) => x.toFixed(1);
  const row = (what: string, l: LatencyStats) =>
    `| ${what} | ${l.calls} | ${ms(l.p50)} | ${ms(l.p90)} | ${ms(l.max)} | ${
      (l.p50 / r.idle.p50).toFixed(1)
    }× / ${(l.p90 / r.idle.p90).toFixed(1)}× |`;
  return [
    "### FindCommit latency during a huge line diff",
    "",
    `bench/diff-stall-bench.ts on its own \`diff-stall.hg\`: CommitDiff of one text file of ` +
    `${mb(r.repo.oldBytes)} MB -> ${mb(r.repo.newBytes)} MB edited in thousands of scattered ` +
    `places (patch ${mb(r.patchBytes)} MB); one CommitDiff takes ` +
    `${r.inPlaceSeconds.toFixed(2)} s (first message after ${r.inPlaceFirst.toFixed(2)} s) ` +
    `with the line diff in place, ${r.workerSeconds.toFixed(2)} s (first message after ` +
    `${r.workerFirst.toFixed(2)} s) with it in a worker. FindCommit: a round of ` +
    `${ROUND_CALLS} concurrent calls starts every ${ROUND_PERIOD_MS} ms (open loop; latency ` +
    "counted from the round's scheduled start), for 2 s idle, then during CommitDiffs.",
    "",
    `| ${ROUND_CALLS} concurrent FindCommit calls every ${ROUND_PERIOD_MS} ms | calls | median ms | p90 ms | max ms | ÷ idle (median / p90) |`,
    "|---|---:|---:|---:|---:|---:|",
    row("idle", r.idle),
    row("during CommitDiff, line diff on the event loop (before)", r.duringInPlace),
    row("during CommitDiff, line diff in a worker (default)", r.duringWorker),
    "",
  ];
}

if (import.meta.main) {
  const quick = Deno.args.includes("--quick");
  console.log(renderDiffStall(await runDiffStallBench(quick ? 1 : 3)).join("\n"));
  Deno.exit(0);
}
