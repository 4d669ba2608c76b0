/**
 * Focused benchmark of the bulk data paths: BlobService/GetBlob of the 20 MiB file and
 * CommitService/GetTreeEntries recursive at the default tip, through the real server, next to
 * their git floors (`git cat-file blob`, `git ls-tree -r -t`, spawned per call) and
 * `hg manifest` (spawned per call). The calls of each row are interleaved with git's, round
 * by round, so that noise from a shared machine hits both sides alike.
 *
 * Standalone: `deno run -A bench/bulk-bench.ts [--rounds N]` (uses the cached bench repos and
 * their extras; `deno task bench` makes them).
 */
import { Buffer } from "node:buffer";
import { BlobService } from "../src/gen/gitaly/blob_pb.ts";
import { CommitService } from "../src/gen/gitaly/commit_pb.ts";
import { createClient } from "../tests/support/grpc-client.ts";
import { startServerProcess } from "./server-process.ts";
import { benchExtras } from "./extras-repo.ts";
import { benchRepos, hgEnv } from "./generate-repo.ts";
import { statsOf } from "./stats.ts";

const encoder = new TextEncoder();

async function spawn(cmd: string, args: string[], env?: Record<string, string>): Promise<number> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped", env })
    .output();
  if (!out.success) throw new Error(`${cmd} ${args.join(" ")}: exit ${out.code}`);
  return out.stdout.length;
}

async function timeOnce(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

function show(label: string, samples: number[]): string {
  const s = statsOf(samples);
  return `${label.padEnd(44)} median ${s.median.toFixed(1).padStart(7)} ms  p90 ${
    s.p90.toFixed(1).padStart(7)
  } ms  (n=${s.n})`;
}

if (import.meta.main) {
  const roundsArg = Deno.args.indexOf("--rounds");
  const rounds = roundsArg >= 0 ? Number(Deno.args[roundsArg + 1]) : 30;
  const repos = await benchRepos();
  const extras = await benchExtras(repos);
  await using server = await startServerProcess(repos.storageRoot);
  const blob = createClient(BlobService, server.address);
  const commit = createClient(CommitService, server.address);
  const repository = { storageName: "default", relativePath: extras.relativePath };
  const oid = `${extras.bigNode}_${Buffer.from(extras.bigPath, "latin1").toString("base64")}`;
  const getBlob = async () => {
    let size = 0;
    for await (const m of blob.getBlob({ repository, oid, limit: -1n })) size += m.data.length;
    if (size !== extras.bigBytes) throw new Error(`GetBlob answered ${size} bytes`);
  };
  let treeEntries = 0;
  const getTree = async () => {
    let n = 0;
    for await (
      const m of commit.getTreeEntries({
        repository,
        revision: encoder.encode(extras.defaultTip),
        path: encoder.encode("."),
        recursive: true,
      })
    ) n += m.entries.length;
    treeEntries = n;
  };
  const git = (args: string[]) => () => spawn("git", ["--git-dir", extras.gitDir, ...args]);
  const hg = (args: string[]) => () =>
    spawn("hg", ["-R", extras.hgRepo, ...args], hgEnv(repos.hgrc));
  const rows: [string, () => Promise<unknown>][] = [
    ["GetBlob 20 MiB (dhgitaly)", getBlob],
    ["git cat-file blob", git(["cat-file", "blob", extras.bigBlobGit])],
    ["GetTreeEntries recursive (dhgitaly)", getTree],
    ["git ls-tree -r -t", git(["ls-tree", "-r", "-t", extras.defaultTipGit])],
    ["hg manifest (spawned)", hg(["manifest", "-r", extras.defaultTip])],
    ["git rev-parse HEAD (spawn floor)", git(["rev-parse", "HEAD"])],
  ];
  const samples = rows.map(() => [] as number[]);
  for (const [, run] of rows) await run(); // warm-up
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < rows.length; i++) samples[i].push(await timeOnce(rows[i][1]));
  }
  console.log(`load average: ${Deno.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  console.log(`tree entries: ${treeEntries}`);
  rows.forEach(([label], i) => console.log(show(label, samples[i])));
}
