/**
 * Checks of the services report section (no timing): targets are judged against hg, the empty
 * unary call and git, and answers that differ from git's are flagged.
 * Run with `deno test -A bench/`.
 */
import assert from "node:assert/strict";
import type { Extras } from "./extras-repo.ts";
import { GROUPS, type ServicesResults } from "./services-bench.ts";
import { renderServices } from "./services-report.ts";

const EXTRAS: Extras = {
  relativePath: "bench-big.git",
  hgRepo: "/r/bench-big.hg",
  hgRepoTopicOff: "/r/bench-big-notopic.hg",
  gitDir: "/r/export.git",
  exportedCommits: 10,
  defaultTip: "a".repeat(40),
  defaultTipGit: "b".repeat(40),
  bigNode: "c".repeat(40),
  bigNodeGit: "d".repeat(40),
  wideNode: "e".repeat(40),
  wideNodeGit: "f".repeat(40),
  wideFiles: 1000,
  bigPath: "big.csv",
  bigBytes: 20 << 20,
  bigBlobGit: "1".repeat(40),
  blob3k: "a.md",
  blob3kBytes: 3072,
  blob3kGit: "2".repeat(40),
  hotFile: "src/x.py",
  hotFileChanges: 40,
  hotDir: "src",
  word: "kalo",
  seconds: 1,
};

const stats = (median: number) => ({ n: 100, median, p90: median * 1.5 });

Deno.test("the services section judges targets and flags differing answers", () => {
  const results: ServicesResults = {
    health: stats(0.5),
    serverInfo: stats(1.2),
    gitFloor: stats(1.5),
    rows: [
      {
        group: GROUPS.findCommit,
        rpc: "CommitService/FindCommit",
        request: "node",
        outcome: { kind: "ok", stats: stats(1.2), answer: "x" },
        hgCase: "svc:findcommit",
        git: { label: "git cat-file commit SHA", stats: stats(2) },
        target: { vsHg: 6, vsFloor: 1.3 },
      },
      {
        group: GROUPS.history,
        rpc: "CommitService/LastCommitForPath",
        request: "file",
        outcome: { kind: "ok", stats: stats(10), answer: "id1" },
        git: { label: "git log", stats: stats(3), answer: "id2" },
        target: { vsGit: 3 },
      },
    ],
  };
  const hg = { stats: stats(9), bytes: 1 };
  const text = renderServices({
    results,
    hg: new Map([["svc:findcommit", { topic: hg, topicOff: hg }]]),
    hgLabels: { "svc:findcommit": "hg log -r NODE -T json" },
    extras: EXTRAS,
    findCommitSamples: 5,
  }).join("\n");
  // Judged against ServerInfo (1.0×), not the health check (2.4×).
  assert.match(text, /\| 1\.0× \(2\.4×\) \|/);
  assert.match(text, /≥6× hg: met; ≤1.3× ServerInfo: met/);
  assert.match(text, /\| 3\.3× \(6\.7×\) \| \*\*no\*\* \| ≤3× git: \*\*missed\*\* \|/);
  assert.match(text, /Answers differing from git: CommitService\/LastCommitForPath \(file\)/);
});
