/**
 * Report section of the CommitService/BlobService/DiffService/RepositoryService rows
 * (bench/services-bench.ts), of GetArchive throughput and of FindCommit latency during an
 * archive (bench/archive-bench.ts): one table per group, with the issue's targets.
 */
import type { ArchiveBenchResult, LatencyStats } from "./archive-bench.ts";
import type { Extras } from "./extras-repo.ts";
import { fasterHg, type HgPair, ms, ratio, speedups, timing, verdict } from "./report.ts";
import { GROUPS, type ServiceRow, type ServicesResults } from "./services-bench.ts";

/** What the section shows. */
export interface ServicesReportInput {
  readonly results: ServicesResults;
  /** hg timings by case key, and the command line of each. */
  readonly hg: ReadonlyMap<string, HgPair>;
  readonly hgLabels: Readonly<Record<string, string>>;
  readonly extras: Extras;
  /** Changesets FindCommit read (public, exported to Git). */
  readonly findCommitSamples: number;
  readonly archive?: ArchiveBenchResult;
}

function thousands(n: number): string {
  return n.toLocaleString("en-US");
}

/**
 * Target checks of a row, against the faster hg, the framework floor and git. The floor is
 * ServerInfo, which the issues call "our own empty unary RPC (ServerInfo, the framework floor)".
 */
function checks(row: ServiceRow, hg: HgPair | undefined, results: ServicesResults): string {
  const o = row.outcome;
  const t = row.target;
  if (o.kind !== "ok" || t === undefined) return "";
  const out: string[] = [];
  if (t.vsHg !== undefined) {
    out.push(`≥${t.vsHg}× hg: ${verdict(fasterHg(hg) / o.stats.median >= t.vsHg)}`);
  }
  if (t.vsFloor !== undefined) {
    const r = o.stats.median / results.serverInfo.median;
    out.push(`≤${t.vsFloor}× ServerInfo: ${verdict(r <= t.vsFloor)}`);
  }
  if (t.vsGit !== undefined && row.git?.stats !== undefined) {
    const r = o.stats.median / row.git.stats.median;
    out.push(`≤${t.vsGit}× git: ${verdict(r <= t.vsGit)}`);
  }
  return out.join("; ");
}

/** `ours ÷ git` and, in brackets, ours ÷ (git minus its spawn floor). */
function vsGit(ours: number, git: number | undefined, floor: number): string {
  if (git === undefined) return "-";
  const net = git - floor;
  return `${ratio(ours / git)} (${net > 0 ? ratio(ours / net) : "-"})`;
}

function answerCheck(row: ServiceRow): string {
  const ours = row.outcome.kind === "ok" ? row.outcome.answer : undefined;
  const theirs = row.git?.answer;
  if (ours === undefined || theirs === undefined) return "-";
  return ours === theirs ? "yes" : "**no**";
}

function groupTable(input: ServicesReportInput, group: string): string[] {
  const { results } = input;
  const lines = [
    "| RPC | request | dhgitaly median / p90 ms | ÷ ServerInfo (÷ Health/Check) | hg command | hg evolve+topic ms | hg topic off ms | speed-up vs hg (topic / off) | git command (spawned per call) | git median / p90 ms | dhgitaly ÷ git (÷ git minus spawn floor) | same answer as git | targets |",
    "|---|---|---:|---:|---|---:|---:|---:|---|---:|---:|---|---|",
  ];
  for (const row of results.rows.filter((r) => r.group === group)) {
    const o = row.outcome;
    const ours = o.kind === "ok" ? timing(o.stats) : `error (${o.message})`;
    const median = o.kind === "ok" ? o.stats.median : NaN;
    const hg = row.hgCase === undefined ? undefined : input.hg.get(row.hgCase);
    const hgLabel = row.hgCase === undefined ? "" : `\`${input.hgLabels[row.hgCase]}\``;
    const git = row.git;
    const gitCell = git === undefined
      ? "-"
      : git.stats
      ? timing(git.stats)
      : `error (${git.error ?? "?"})`;
    lines.push(
      `| ${row.rpc} | ${row.request} | ${ours} | ${ratio(median / results.serverInfo.median)} (${
        ratio(median / results.health.median)
      }) | ${hgLabel} | ${timing(hg?.topic?.stats)} | ${timing(hg?.topicOff?.stats)} | ${
        hg ? speedups(hg, median) : "-"
      } | ${git ? `\`${git.label}\`` : "-"} | ${gitCell} | ${
        vsGit(median, git?.stats?.median, results.gitFloor.median)
      } | ${answerCheck(row)} | ${checks(row, hg, results)} |`,
    );
  }
  return lines;
}

function archiveTable(a: ArchiveBenchResult): string[] {
  const mb = (n: number) => (n / 1e6).toFixed(1);
  const rate = (s: number) => (a.tarBytes / 1e6 / s).toFixed(1);
  return [
    "| GetArchive of the default tip | seconds | MB/s (uncompressed tar bytes / s) | speed-up vs hg archive |",
    "|---|---:|---:|---:|",
    `| dhgitaly GetArchive TAR_GZ (${mb(a.tgzBytes)} MB) | ${a.oursSeconds.toFixed(2)} | ${
      rate(a.oursSeconds)
    } | ${ratio(a.hgSeconds / a.oursSeconds)} |`,
    `| \`hg archive -t tgz\` (one spawned process, start included) | ${a.hgSeconds.toFixed(2)} | ${
      rate(a.hgSeconds)
    } | - |`,
    `| dhgitaly GetArchive TAR (no compression, ${mb(a.tarBytes)} MB) | ${
      a.tarSeconds.toFixed(2)
    } | ${rate(a.tarSeconds)} | - |`,
  ];
}

function latencyTable(a: ArchiveBenchResult): string[] {
  const row = (what: string, l: LatencyStats) =>
    `| ${what} | ${l.calls} | ${ms(l.p50)} | ${ms(l.p90)} | ${ms(l.max)} | ${
      ratio(l.p50 / a.idle.p50)
    } / ${ratio(l.p90 / a.idle.p90)} |`;
  return [
    "| 20 concurrent FindCommit calls per round | calls | median ms | p90 ms | max ms | ÷ idle (median / p90) |",
    "|---|---:|---:|---:|---:|---:|",
    row("idle", a.idle),
    row("during GetArchive TAR_GZ (worker pool)", a.duringWorker),
    row("during the same archive made on the event loop (no worker)", a.duringInline),
  ];
}

/** The section as markdown lines. */
export function renderServices(input: ServicesReportInput): string[] {
  const { results: r, extras: x } = input;
  const mismatches = r.rows.filter((row) => answerCheck(row) === "**no**");
  return [
    "## CommitService, BlobService, DiffService and RepositoryService",
    "",
    "Same setup as the RPC section (real server, unix socket, one call in flight, warm), on " +
    `\`bench-big.hg\`: a copy of \`bench.hg\` with two public changesets on a \`bench-big\` ` +
    `branch from the default tip (bench/big-changesets.py; the generator has no 20 MB file ` +
    `nor a changeset touching 1,000 files, and changing it would regenerate the shared ` +
    `repository): one adds \`${x.bigPath}\` (${thousands(x.bigBytes)} bytes; the largest ` +
    `generated file is a ~1.5 MB CSV), the next one edits ${thousands(x.wideFiles)} text ` +
    "files. hg runs on it and on its topic-off twin through the command server as above (two " +
    "passes, lower median kept). **git** runs on a Git export of the same history, made once " +
    "and cached in .bench-cache/ by bench/git-export.py (Mercurial's Python API feeding " +
    `\`git fast-import\`): the ${thousands(x.exportedCommits)} ancestors of the default tip ` +
    "and of `bench-big` (public history of default with the merged stable and feature " +
    "branches, merges with both parents; no topics, obsolete changesets or unmerged " +
    "branches), files as in the manifests (`.hgtags` included, exec and symlink modes), " +
    "authors and dates from hg; then `git repack -a -d` and `git commit-graph write " +
    "--reachable --changed-paths` (Gitaly's commit-graph, with Bloom filters). Each git " +
    "call is one spawned process (`git --git-dir=<export> ...`, stdout read to the end), " +
    "after a warm-up (page cache warm), so process start is included: the git spawn floor " +
    `\`git rev-parse HEAD\` is ${ms(r.gitFloor.median)} ms here, and the ratio in brackets ` +
    "subtracts it from git's time. Floors in this server: ServerInfo " +
    `${ms(r.serverInfo.median)} ms (the floor targets refer to, as the issues define it), ` +
    `Health/Check (empty unary, no storage probe) ${ms(r.health.median)} ms. ` +
    "\"Same answer\" compares, once, dhgitaly's answer with git's (commit ids through the " +
    "export's node map, counts, sizes).",
    "",
    `### ${GROUPS.findCommit}`,
    "",
    `${input.findCommitSamples} random public changesets of the default history, a different ` +
    "one per call, the same sequence for dhgitaly, hg and git.",
    "",
    ...groupTable(input, GROUPS.findCommit),
    "",
    `### ${GROUPS.blob}`,
    "",
    `The file of the default tip closest to 3 KiB, and the 20 MiB file (limit -1: whole blob).`,
    "",
    ...groupTable(input, GROUPS.blob),
    "",
    `### ${GROUPS.tree}`,
    "",
    ...groupTable(input, GROUPS.tree),
    "",
    `### ${GROUPS.history}`,
    "",
    "At the default tip (git: `HEAD` / its commit). The file is the one most often modified " +
    "in the default history; the directory is its parent. hg answers with revsets over the " +
    "same ancestors (`hg log FILE` follows the filelog, a directory scans changesets).",
    "",
    ...groupTable(input, GROUPS.history),
    "",
    `### ${GROUPS.issue5}`,
    "",
    "CommitDiff of the changeset touching 1,000 files against its parent, every patch " +
    "(no limits, not collapsed). SearchFilesByContent searches every file of the default tip " +
    "as Gitaly's `git grep` does; `hg grep --all-files -r` searches the same revision " +
    "without context lines (plain `hg grep` searches history).",
    "",
    ...groupTable(input, GROUPS.issue5),
    "",
    ...(input.archive
      ? [
        `### GetArchive TAR_GZ and FindCommit latency during an archive`,
        "",
        `bench/archive-bench.ts on \`bench.hg\`, changeset ${input.archive.node.slice(0, 12)} ` +
        "(default tip), prefix `bench`, drained by a client; one run each (hg: one process).",
        "",
        ...archiveTable(input.archive),
        "",
        "FindCommit latency, rounds of 20 concurrent calls (random public changesets), idle " +
        "and while GetArchive(TAR_GZ) of the default tip streams.",
        "",
        ...latencyTable(input.archive),
        "",
      ]
      : []),
    mismatches.length === 0
      ? "dhgitaly and git gave the same answers on every compared row."
      : `Answers differing from git: ${
        mismatches.map((m) => `${m.rpc} (${m.request})`).join("; ")
      }. hg counts a merge as modifying a file when the file differs from its first ` +
        "parent; Git's history simplification skips a merge whose file equals one parent's " +
        "(it follows that parent instead), so the ids differ where the file came through a " +
        "merge of stable into default.",
    "",
  ];
}
