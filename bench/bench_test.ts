/**
 * Checks of the benchmark code itself (no timing): it type-checks, statistics are right and
 * the report renders RPCs that are not implemented instead of failing.
 * Run with `deno test -A bench/`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { PROJECT_ROOT, type RepoSummary } from "./generate-repo.ts";
import { renderReport } from "./report.ts";
import { statsOf } from "./stats.ts";

Deno.test("bench/main.ts type-checks", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["check", join(PROJECT_ROOT, "bench", "main.ts")],
    cwd: PROJECT_ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
});

Deno.test("statsOf gives the median and the interpolated 90th percentile", () => {
  const stats = statsOf([5, 1, 4, 2, 3, 10, 6, 7, 8, 9]);
  assert.equal(stats.n, 10);
  assert.equal(stats.median, 5.5);
  assert.ok(Math.abs(stats.p90 - 9.1) < 1e-9);
});

const SUMMARY: RepoSummary = {
  changesets: 10,
  visible: 9,
  hidden: 1,
  obsolete: 1,
  drafts: 2,
  files: 3,
  defaultTipFiles: 3,
  branches: ["default", "stable"],
  closedBranches: [],
  topics: 1,
  tags: ["v1"],
  gitlabBranches: 3,
  sampleTopicRefs: [],
  sampleNodes: [],
  defaultTip: "0".repeat(40),
  storeBytes: 1 << 20,
  seconds: 1,
};

Deno.test("the report shows an unimplemented RPC as such and judges targets", () => {
  const stats = { n: 100, median: 1, p90: 2 };
  const hg = { stats: { n: 100, median: 10, p90: 12 }, bytes: 1 };
  const report = renderReport({
    env: {
      date: "2026-01-01T00:00:00Z",
      nproc: 2,
      cpu: "CPU",
      loadAtStart: "0.00",
      deno: "2",
      hg: "Mercurial 6",
      hglib: "2",
      quick: true,
    },
    summary: SUMMARY,
    engine: [],
    engineHg: new Map(),
    engineTargets: new Map(),
    rpc: {
      rows: [
        {
          rpc: "ServerService/ServerInfo",
          repo: "-",
          request: "floor",
          hgCases: [],
          outcome: { kind: "ok", stats, size: 1 },
        },
        {
          rpc: "RefService/FindTag",
          repo: "r",
          request: "tag",
          hgCases: ["rpc:tags"],
          outcome: { kind: "unimplemented" },
        },
        {
          rpc: "RefService/ListRefs",
          repo: "r",
          request: "all",
          hgCases: ["rpc:tags"],
          outcome: { kind: "ok", stats: { n: 100, median: 2, p90: 3 }, size: 5 },
        },
      ],
      throughput: [{
        rpc: "RefService/FindTag",
        concurrency: 8,
        callsPerSecond: "not implemented",
      }],
    },
    rpcHg: new Map([["rpc:tags", { topic: hg, topicOff: hg }]]),
    rpcHgLabels: { "rpc:tags": "hg tags" },
    rpcTargets: new Map([["RefService/ListRefs", { vsHg: 3, vsFloor: 1.5 }]]),
    iterations: { ours: 100, hg: 100 },
    hgFloor: { topic: 1, topicOff: 0.8 },
  });
  assert.match(report, /\| RefService\/FindTag \| r \| tag \| not implemented \|/);
  assert.match(report, /≥3× hg: met; ≤1.5× floor: \*\*missed\*\*/);
  assert.match(report, /5\.0× \/ 5\.0×/);
});
