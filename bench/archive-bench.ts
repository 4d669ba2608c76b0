/**
 * GetArchive benchmark: TAR_GZ throughput (MB of tar per second) of the real server next to
 * `hg archive -t tgz` on the same revision, and the latency of 20 concurrent FindCommit calls
 * while idle, during a GetArchive(TAR_GZ) (archive made in a worker), and during the same
 * archive generated on the event loop (what an implementation without workers would do).
 *
 * Standalone: `deno run -A bench/archive-bench.ts [--quick]` (uses the cached bench repo).
 */
import { CommitService } from "../src/gen/gitaly/commit_pb.ts";
import {
  GetArchiveRequest_Format as Format,
  RepositoryService,
} from "../src/gen/gitaly/repository_pb.ts";
import { archiveStream } from "../src/gitlab/archive/archive-stream.ts";
import { openRepository } from "../src/hg/repository.ts";
import { createClient } from "../tests/support/grpc-client.ts";
import { startTestServer } from "../tests/support/test-server.ts";
import { benchRepos, hgEnv } from "./generate-repo.ts";

/** Latency percentiles of a set of calls, in milliseconds. */
export interface LatencyStats {
  calls: number;
  p50: number;
  p90: number;
  p95: number;
  max: number;
}

/** Results of the archive benchmark. */
export interface ArchiveBenchResult {
  node: string;
  /** Size of the uncompressed tar (the throughput numerator). */
  tarBytes: number;
  /** Size of our tar.gz. */
  tgzBytes: number;
  /** Seconds for GetArchive(TAR), drained by a client. */
  tarSeconds: number;
  /** Seconds for GetArchive(TAR_GZ), drained by a client (no other load). */
  oursSeconds: number;
  /** Seconds for `hg archive -t tgz` (process start included). */
  hgSeconds: number;
  /** FindCommit latencies: idle, during a worker archive, during an event-loop archive. */
  idle: LatencyStats;
  duringWorker: LatencyStats;
  duringInline: LatencyStats;
}

/** What the benchmark runs on. */
export interface ArchiveBenchOptions {
  /** Storage root holding the repository. */
  storageRoot: string;
  /** Relative path of the repository in it. */
  relativePath: string;
  /** hgrc for `hg archive`. */
  hgrc: string;
  /** Changeset to archive (hex). */
  node: string;
  /** Changesets FindCommit asks for. */
  sampleNodes: readonly string[];
}

/** Percentiles of latency samples (milliseconds). */
export function latencyStats(samples: number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return {
    calls: sorted.length,
    p50: at(0.5),
    p90: at(0.9),
    p95: at(0.95),
    max: sorted.at(-1) ?? 0,
  };
}

/** Rounds of 20 concurrent FindCommit calls until `busy` settles (or `rounds` when idle). */
export async function findCommitRounds(
  call: (i: number) => Promise<unknown>,
  busy: Promise<unknown> | undefined,
  rounds = 10,
): Promise<number[]> {
  const samples: number[] = [];
  let settled = busy === undefined;
  busy?.finally(() => (settled = true));
  for (let round = 0; busy ? !settled : round < rounds; round++) {
    await Promise.all(Array.from({ length: 20 }, async (_, i) => {
      const start = performance.now();
      await call(round * 20 + i);
      samples.push(performance.now() - start);
    }));
  }
  return samples;
}

/** Runs the benchmark against a server started on `options.storageRoot`. */
export async function runArchiveBench(options: ArchiveBenchOptions): Promise<ArchiveBenchResult> {
  await using srv = await startTestServer(options.storageRoot);
  const repository = { storageName: "default", relativePath: options.relativePath };
  const repoClient = createClient(RepositoryService, srv.address);
  const commitClient = createClient(CommitService, srv.address);
  const enc = new TextEncoder();
  const findCommit = (i: number) =>
    commitClient.findCommit({
      repository,
      revision: enc.encode(options.sampleNodes[i % options.sampleNodes.length]),
    });
  const drain = async (format: Format) => {
    let bytes = 0;
    for await (
      const m of repoClient.getArchive({
        repository,
        commitId: options.node,
        prefix: "bench",
        format,
      })
    ) bytes += m.data.length;
    return bytes;
  };

  await drain(Format.TAR); // warms the worker and the page cache
  let start = performance.now();
  const tarBytes = await drain(Format.TAR);
  const tarSeconds = (performance.now() - start) / 1000;
  start = performance.now();
  const tgzBytes = await drain(Format.TAR_GZ);
  const oursSeconds = (performance.now() - start) / 1000;

  await findCommitRounds(findCommit, undefined, 3); // warm-up
  const idle = await findCommitRounds(findCommit, undefined);
  const duringWorker = await findCommitRounds(findCommit, drain(Format.TAR_GZ));

  // The same archive produced on the event loop, as without a worker pool.
  const inline = (async () => {
    const repo = openRepository(`${options.storageRoot}/${options.relativePath}`);
    const rev = repo.changelog.rev(options.node)!;
    const selection = { prefix: "bench/", path: "", exclude: [], elidePath: false };
    for await (const _ of archiveStream(repo, rev, "tgz", selection, { bzip2: "bzip2" })) {
      await new Promise((resolve) => setTimeout(resolve, 0)); // yield like a stream write
    }
  })();
  const duringInline = await findCommitRounds(findCommit, inline);
  await inline;

  const dir = await Deno.makeTempDir();
  start = performance.now();
  const out = await new Deno.Command("hg", {
    args: ["archive", "-r", options.node, "-t", "tgz", "-p", "bench", `${dir}/hg.tgz`],
    cwd: `${options.storageRoot}/${options.relativePath}`,
    env: hgEnv(options.hgrc),
    stdout: "null",
    stderr: "piped",
  }).output();
  const hgSeconds = (performance.now() - start) / 1000;
  await Deno.remove(dir, { recursive: true });
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));

  return {
    node: options.node,
    tarBytes,
    tgzBytes,
    tarSeconds,
    oursSeconds,
    hgSeconds,
    idle: latencyStats(idle),
    duringWorker: latencyStats(duringWorker),
    duringInline: latencyStats(duringInline),
  };
}

/** Markdown lines reporting `r`. */
export function renderArchiveBench(r: ArchiveBenchResult): string {
  const mb = (n: number) => (n / 1e6).toFixed(1);
  const ms = (l: LatencyStats) =>
    `p50 ${l.p50.toFixed(1)} ms, p95 ${l.p95.toFixed(1)} ms, max ${l.max.toFixed(1)} ms ` +
    `(${l.calls} calls)`;
  const rate = (s: number) => (r.tarBytes / 1e6 / s).toFixed(1);
  return [
    `### GetArchive TAR_GZ (${r.node.slice(0, 12)}, tar ${mb(r.tarBytes)} MB, tgz ${
      mb(r.tgzBytes)
    } MB)`,
    "",
    "| | seconds | MB/s (tar) |",
    "| --- | ---: | ---: |",
    `| dhgitaly GetArchive TAR_GZ | ${r.oursSeconds.toFixed(2)} | ${rate(r.oursSeconds)} |`,
    `| hg archive -t tgz | ${r.hgSeconds.toFixed(2)} | ${rate(r.hgSeconds)} |`,
    `| dhgitaly GetArchive TAR (no compression) | ${r.tarSeconds.toFixed(2)} | ${
      rate(r.tarSeconds)
    } |`,
    "",
    "20 concurrent FindCommit calls per round:",
    `- idle: ${ms(r.idle)}`,
    `- during GetArchive (worker pool): ${ms(r.duringWorker)}`,
    `- during the same archive on the event loop: ${ms(r.duringInline)}`,
    "",
  ].join("\n");
}

if (import.meta.main) {
  const repos = await benchRepos();
  const { summary } = repos;
  const result = await runArchiveBench({
    storageRoot: repos.storageRoot,
    relativePath: "bench.hg",
    hgrc: repos.hgrc,
    node: summary.defaultTip,
    sampleNodes: summary.sampleNodes,
  });
  console.log(renderArchiveBench(result));
  Deno.exit(0);
}
