/**
 * Runs the CommitService/BlobService/DiffService/RepositoryService benchmark section: the
 * extras (big changesets, Git export) made or loaded, hg timed before and after dhgitaly and
 * git, then GetArchive (bench/archive-bench.ts) and FindCommit during a huge line diff
 * (bench/diff-stall-bench.ts); returns the section's markdown lines.
 */
import { runArchiveBench } from "./archive-bench.ts";
import { renderDiffStall, runDiffStallBench } from "./diff-stall-bench.ts";
import { benchExtras, exportedCommits } from "./extras-repo.ts";
import { type BenchRepos, TOPIC_OFF } from "./generate-repo.ts";
import { fasterOf, type HgBudget, type HgTiming, hgTimings } from "./hg-timings.ts";
import type { HgPair } from "./report.ts";
import { runServicesBench, servicesHgCases } from "./services-bench.ts";
import { renderServices } from "./services-report.ts";
import type { Budget } from "./stats.ts";

/** Measures the section and renders it. Progress goes to stderr. */
export async function servicesSection(
  repos: BenchRepos,
  quick: boolean,
  budget: Budget,
): Promise<string[]> {
  const extras = await benchExtras(repos);
  const gitIds = await exportedCommits(extras);
  // Public changesets that Git has too (unmerged feature branches are not exported).
  const samples = repos.summary.sampleNodes.filter((n) => gitIds.has(n));
  const hgBudget: HgBudget = quick
    ? { warmup: 2, warmupSeconds: 1, iterations: 10, maxSeconds: 1, minIterations: 2 }
    : { warmup: 10, warmupSeconds: 3, iterations: 200, maxSeconds: 6, minIterations: 5 };
  const gitBudget: Budget = quick
    ? { warmup: 2, iterations: 10, maxSeconds: 1, minIterations: 3 }
    : { warmup: 10, iterations: 200, maxSeconds: 6, minIterations: 10 };
  const { cases, labels } = servicesHgCases(extras, samples);
  const hgPass = async (pass: string) => {
    console.error(`timing hg for the service rows (evolve+topic, then topic off), ${pass}...`);
    const topic = await hgTimings(extras.hgRepo, repos.hgrc, cases, hgBudget);
    const topicOff = await hgTimings(
      extras.hgRepoTopicOff,
      repos.hgrc,
      cases,
      hgBudget,
      TOPIC_OFF,
    );
    return { topic, topicOff };
  };
  const before = await hgPass("first pass");
  console.error("timing the service RPCs and git...");
  const results = await runServicesBench({
    storageRoot: repos.storageRoot,
    extras,
    gitIds,
    sampleNodes: samples,
    budget,
    gitBudget,
  });
  const after = quick ? before : await hgPass("second pass");
  const topic: Map<string, HgTiming> = fasterOf(before.topic, after.topic);
  const topicOff: Map<string, HgTiming> = fasterOf(before.topicOff, after.topicOff);
  const hg = new Map<string, HgPair>(
    cases.map(({ name }) => [name, { topic: topic.get(name), topicOff: topicOff.get(name) }]),
  );
  console.error("timing GetArchive and FindCommit during an archive...");
  const archive = await runArchiveBench({
    storageRoot: repos.storageRoot,
    relativePath: "bench.hg",
    hgrc: repos.hgrc,
    node: repos.summary.defaultTip,
    sampleNodes: samples,
  });
  console.error("timing FindCommit during a huge line diff...");
  const diffStall = await runDiffStallBench(quick ? 1 : 3);
  return [
    ...renderServices({
      results,
      hg,
      hgLabels: labels,
      extras,
      findCommitSamples: samples.length,
      archive,
    }),
    ...renderDiffStall(diffStall),
  ];
}
