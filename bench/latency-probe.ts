/**
 * Focused per-call latency probe of the ref and commit RPCs against the framework floors, on the
 * cached bench repositories (run `deno task bench` once first). Rounds interleave every case so
 * that machine noise hits them alike; the report gives medians and ratios to the floors measured
 * in the same run.
 *
 * Usage: deno run -A bench/latency-probe.ts [--process] [rounds] [samples-per-round] [case-filter]
 * (`--process`: the server runs as its own process, as in `deno task bench`; otherwise in this
 * process).
 */
import { join } from "node:path";
import { CommitService } from "../src/gen/gitaly/commit_pb.ts";
import { RefService } from "../src/gen/gitaly/ref_pb.ts";
import { RepositoryService } from "../src/gen/gitaly/repository_pb.ts";
import { ServerService } from "../src/gen/gitaly/server_pb.ts";
import { Health } from "../src/gen/grpc/health/v1/health_pb.ts";
import { repoHidden } from "../src/hg/repo-state.ts";
import { openRepository } from "../src/hg/repository.ts";
import { retainReadHandles } from "../src/hg/positioned-read.ts";
import { createClient } from "../tests/support/grpc-client.ts";
import { startTestServer } from "../tests/support/test-server.ts";
import { startServerProcess } from "./server-process.ts";
import { statsOf } from "./stats.ts";

const cacheDir = join(import.meta.dirname!, "..", ".bench-cache");
const repoDir = [...Deno.readDirSync(cacheDir)].find((e) => e.name.startsWith("repo-"))?.name;
if (repoDir === undefined) throw new Error("no cached bench repository: run deno task bench");
const storageRoot = join(cacheDir, repoDir, "repos");
const summary = JSON.parse(Deno.readTextFileSync(join(cacheDir, repoDir, "summary.json")));
const nodes: string[] = summary.sampleNodes;

const ownProcess = Deno.args.includes("--process");
// The engine cases run in this process: keep data files open between calls as main.ts does.
retainReadHandles(2000);
const args = Deno.args.filter((a) => a !== "--process");
const rounds = Number(args[0] ?? 5);
const perRound = Number(args[1] ?? 100);
const filter = args[2] ?? "";
const encoder = new TextEncoder();

await using server = ownProcess
  ? await startServerProcess(storageRoot)
  : await startTestServer(storageRoot);
const health = createClient(Health, server.address);
const info = createClient(ServerService, server.address);
const ref = createClient(RefService, server.address);
const commit = createClient(CommitService, server.address);
const repository = createClient(RepositoryService, server.address);
const repo = (relativePath: string) => ({ storageName: "default", relativePath });

async function drain(stream: AsyncIterable<unknown>) {
  let n = 0;
  for await (const _ of stream) n++;
  return n;
}

let nodeIndex = 0;
const cases: [string, () => Promise<unknown> | unknown][] = [
  ["Health/Check", () => health.check({})],
  ["ServerInfo", () => info.serverInfo({})],
  ["FindAllBranches fallback", () => drain(ref.findAllBranches({ repository: repo("bench.git") }))],
  [
    "FindAllBranches state",
    () => drain(ref.findAllBranches({ repository: repo("bench-state.git") })),
  ],
  [
    "ListRefs fallback",
    () =>
      drain(ref.listRefs({
        repository: repo("bench.git"),
        head: true,
        patterns: [encoder.encode("refs/heads/"), encoder.encode("refs/tags/")],
      })),
  ],
  [
    "ListRefs state",
    () =>
      drain(ref.listRefs({
        repository: repo("bench-state.git"),
        head: true,
        patterns: [encoder.encode("refs/heads/"), encoder.encode("refs/tags/")],
      })),
  ],
  ["RepositoryExists", () => repository.repositoryExists({ repository: repo("bench.git") })],
  [
    "FindCommit null",
    () =>
      commit.findCommit({
        repository: repo("bench.git"),
        revision: encoder.encode("0".repeat(40)),
      }),
  ],
  [
    "FindCommit same node",
    () => commit.findCommit({ repository: repo("bench.git"), revision: encoder.encode(nodes[0]) }),
  ],
  [
    "FindCommit",
    () =>
      commit.findCommit({
        repository: repo("bench.git"),
        revision: encoder.encode(nodes[nodeIndex++ % nodes.length]),
      }),
  ],
  [
    "engine changeset read",
    () => {
      const r = openRepository(join(storageRoot, "bench.hg"));
      const node = nodes[nodeIndex++ % nodes.length];
      const rev = r.changelog.rev(node)!;
      if (repoHidden(r).has(rev)) throw new Error("hidden");
      return r.changelog.read(rev).description.length;
    },
  ],
];
const selected = cases.filter(([name]) => name.startsWith("Health") || name.includes(filter));

const samples = new Map<string, number[]>(selected.map(([name]) => [name, []]));
for (let round = 0; round < rounds; round++) {
  for (const [name, call] of selected) {
    for (let i = 0; i < 10; i++) await call();
    const out = samples.get(name)!;
    for (let i = 0; i < perRound; i++) {
      const start = performance.now();
      await call();
      out.push(performance.now() - start);
    }
  }
}
const floor = statsOf(samples.get("Health/Check")!).median;
const floorP25 = [...samples.get("Health/Check")!].sort((a, b) => a - b)[
  Math.floor(samples.get("Health/Check")!.length / 4)
];
for (const [name, s] of samples) {
  const { median, p90 } = statsOf(s);
  const p25 = [...s].sort((a, b) => a - b)[Math.floor(s.length / 4)];
  console.log(
    `${name.padEnd(26)} p25 ${p25.toFixed(3).padStart(7)}  median ${
      median.toFixed(3).padStart(7)
    }` +
      `  p90 ${p90.toFixed(3).padStart(7)} ms  ÷Health ${(median / floor).toFixed(2)}` +
      ` (p25 ${(p25 / floorP25).toFixed(2)})`,
  );
}
health.close();
info.close();
ref.close();
commit.close();
repository.close();
