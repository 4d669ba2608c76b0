/** The benchmark report: one markdown document with the environment and the result tables. */
import type { EngineRow } from "./engine-bench.ts";
import type { RepoSummary } from "./generate-repo.ts";
import type { HgTiming } from "./hg-timings.ts";
import type { RpcResults, RpcRow } from "./rpc-bench.ts";
import type { Stats } from "./stats.ts";

/** Where and how the benchmark ran. */
export interface Environment {
  /** ISO date and time of the run. */
  readonly date: string;
  /** Logical CPUs. */
  readonly nproc: number;
  /** CPU model name. */
  readonly cpu: string;
  /** /proc/loadavg 1-minute load when the run started (other processes share the machine). */
  readonly loadAtStart: string;
  /** Deno and V8 versions. */
  readonly deno: string;
  /** Mercurial, evolve and topic versions. */
  readonly hg: string;
  /** python3-hglib version. */
  readonly hglib: string;
  /** True with --quick (few iterations: a smoke run, not a measurement). */
  readonly quick: boolean;
}

/** A speed target from the issue. */
export interface Target {
  /** Minimal speed-up over hg's command server. */
  readonly vsHg?: number;
  /** Maximal ratio to the framework floor (ServerInfo). */
  readonly vsFloor?: number;
}

/** hg timings of one comparison, as Heptapod runs hg (topic on) and with topic disabled. */
export interface HgPair {
  /** evolve + topic. */
  readonly topic?: HgTiming;
  /** evolve, topic disabled (on a copy whose caches hg wrote without topic). */
  readonly topicOff?: HgTiming;
}

/** Everything the report shows. */
export interface ReportInput {
  readonly env: Environment;
  readonly summary: RepoSummary;
  readonly engine: readonly EngineRow[];
  /** hg timings of each engine op (by op label). */
  readonly engineHg: ReadonlyMap<string, HgPair>;
  /** Targets of engine ops (by op label), judged on the warm engine against the faster hg. */
  readonly engineTargets: ReadonlyMap<string, Target>;
  readonly rpc: RpcResults;
  /** hg timings of the RPC comparisons (by case key). */
  readonly rpcHg: ReadonlyMap<string, HgPair>;
  /** hg command line of each RPC case key. */
  readonly rpcHgLabels: Readonly<Record<string, string>>;
  /** Targets of RPC rows (by RPC name), judged against the faster hg. */
  readonly rpcTargets: ReadonlyMap<string, Target>;
  /** Iterations: engine/RPC timed samples wanted, hg timed samples. */
  readonly iterations: { readonly ours: number; readonly hg: number };
  /** Median of `hg root` (hg's command server round trip) per configuration. */
  readonly hgFloor: { readonly topic?: number; readonly topicOff?: number };
  /** Further sections (markdown lines), appended after the RPC section. */
  readonly sections?: readonly string[];
}

/** Milliseconds with 3 significant digits (at least the units). */
export function ms(x: number): string {
  if (!Number.isFinite(x)) return "-";
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  if (x >= 1) return x.toFixed(2);
  return x.toFixed(3);
}

/** `median / p90`, with the sample count when it is small (slow commands stop early). */
export function timing(s: Stats | undefined): string {
  if (s === undefined) return "-";
  return `${ms(s.median)} / ${ms(s.p90)}${s.n < 30 ? ` (n=${s.n})` : ""}`;
}

/** A ratio as `1.5×` (or `15×` from 10 up). */
export function ratio(x: number): string {
  if (!Number.isFinite(x)) return "-";
  if (x >= 100) return `${x.toFixed(0)}×`;
  return x >= 10 ? `${x.toFixed(0)}×` : `${x.toFixed(1)}×`;
}

/** `a× / b×`: speed-ups of `ours` against both hg configurations. */
export function speedups(hg: HgPair | undefined, ours: number): string {
  const one = (t: HgTiming | undefined) => t === undefined ? "-" : ratio(t.stats.median / ours);
  return `${one(hg?.topic)} / ${one(hg?.topicOff)}`;
}

/** Median of the faster hg configuration. */
export function fasterHg(hg: HgPair | undefined): number {
  const all = [hg?.topic, hg?.topicOff].filter((t) => t !== undefined).map((t) => t.stats.median);
  return all.length === 0 ? NaN : Math.min(...all);
}

function thousands(n: number): string {
  return n.toLocaleString("en-US");
}

/** `met` or a bold `missed`. */
export function verdict(ok: boolean): string {
  return ok ? "met" : "**missed**";
}

function engineTable(input: ReportInput): string[] {
  const lines = [
    "| Operation (each call opens the repository) | hg command | hg evolve+topic ms | hg topic off ms | dhgitaly cold ms | dhgitaly warm ms | speed-up cold (vs topic / off) | speed-up warm (vs topic / off) | target (warm vs faster hg) |",
    "|---|---|---:|---:|---:|---:|---:|---:|---|",
  ];
  const labels = [...new Set(input.engine.map((r) => r.op.label))];
  for (const label of labels) {
    const cold = input.engine.find((r) => r.op.label === label && r.state === "cold");
    const warm = input.engine.find((r) => r.op.label === label && r.state === "warm");
    const op = (cold ?? warm)!.op;
    const hg = input.engineHg.get(label);
    const target = input.engineTargets.get(label);
    const targetText = target?.vsHg === undefined || warm === undefined
      ? ""
      : `≥${target.vsHg}×: ${verdict(fasterHg(hg) / warm.stats.median >= target.vsHg)}`;
    lines.push(
      `| ${label} | \`${op.hgLabel}\` | ${timing(hg?.topic?.stats)} | ${
        timing(hg?.topicOff?.stats)
      } | ${timing(cold?.stats)} | ${timing(warm?.stats)} | ${
        cold ? speedups(hg, cold.stats.median) : "-"
      } | ${warm ? speedups(hg, warm.stats.median) : "-"} | ${targetText} |`,
    );
  }
  return lines;
}

function floorOf(rows: readonly RpcRow[]): number {
  const floor = rows.find((r) => r.rpc === "ServerService/ServerInfo")?.outcome;
  return floor?.kind === "ok" ? floor.stats.median : NaN;
}

function rpcTable(input: ReportInput): string[] {
  const floor = floorOf(input.rpc.rows);
  const lines = [
    "| RPC | repository | request | median / p90 ms | ÷ ServerInfo | hg command | hg evolve+topic ms | hg topic off ms | speed-up (vs topic / off) | targets (vs faster hg) |",
    "|---|---|---|---:|---:|---|---:|---:|---:|---|",
  ];
  for (const row of input.rpc.rows) {
    const o = row.outcome;
    const what = o.kind === "ok"
      ? timing(o.stats)
      : o.kind === "unimplemented"
      ? "not implemented"
      : `error (${o.message})`;
    const vsFloor = o.kind === "ok" ? o.stats.median / floor : NaN;
    const target = input.rpcTargets.get(row.rpc);
    for (const hgCase of row.hgCases.length > 0 ? row.hgCases : [undefined]) {
      const hg = hgCase === undefined ? undefined : input.rpcHg.get(hgCase);
      const hgLabel = hgCase === undefined ? "" : `\`${input.rpcHgLabels[hgCase]}\``;
      const hgCells = hgCase === undefined
        ? " | "
        : `${timing(hg?.topic?.stats)} | ${timing(hg?.topicOff?.stats)}`;
      const checks: string[] = [];
      if (o.kind === "ok" && target?.vsHg !== undefined) {
        const ok = fasterHg(hg) / o.stats.median >= target.vsHg;
        checks.push(`≥${target.vsHg}× hg: ${verdict(ok)}`);
      }
      if (o.kind === "ok" && target?.vsFloor !== undefined) {
        checks.push(`≤${target.vsFloor}× floor: ${verdict(vsFloor <= target.vsFloor)}`);
      }
      const speedup = o.kind === "ok" && hgCase !== undefined ? speedups(hg, o.stats.median) : "-";
      lines.push(
        `| ${row.rpc} | ${row.repo} | ${row.request} | ${what} | ${
          row.rpc === "ServerService/ServerInfo" ? "-" : ratio(vsFloor)
        } | ${hgLabel} | ${hgCells} | ${speedup} | ${checks.join("; ")} |`,
      );
    }
  }
  return lines;
}

function throughputLines(input: ReportInput): string[] {
  return input.rpc.throughput.map((t) =>
    `- ${t.rpc}, ${t.concurrency} calls in flight: ${
      typeof t.callsPerSecond === "number"
        ? `${thousands(Math.round(t.callsPerSecond))} calls/s`
        : t.callsPerSecond
    }`
  );
}

/** Renders the report as markdown. */
export function renderReport(input: ReportInput): string {
  const { env, summary: s } = input;
  const mib = (s.storeBytes / (1024 * 1024)).toFixed(0);
  const openBranches = s.branches.length - s.closedBranches.length;
  return [
    "# dhgitaly benchmarks",
    "",
    env.quick
      ? "> **Quick run** (`--quick`: few iterations, a smoke test; numbers are indicative only)."
      : "",
    `Run ${env.date} on ${env.nproc} × ${env.cpu} (1-min load average at start: ${env.loadAtStart}); ` +
    `Deno ${env.deno}; ${env.hg}; python3-hglib ${env.hglib}. ` +
    `Produced by \`deno task bench\` (bench/main.ts); hg and dhgitaly are measured in the same run.`,
    "",
    `Repository (generated by bench/generate-repo.py, cached in .bench-cache/): ` +
    `${thousands(s.changesets)} changesets (${thousands(s.hidden)} hidden by obsolescence, ` +
    `${thousands(s.drafts)} visible drafts), ${thousands(s.defaultTipFiles)} files at the ` +
    `default branch tip, ${s.branches.length} named branches (${s.closedBranches.length} closed, ` +
    `${openBranches} open), ${thousands(s.topics)} topic heads, ${s.tags.length} tags, ` +
    `${mib} MiB store. Copies: \`bench.hg\` (GitLab refs by the fallback mapping), ` +
    `\`bench-state.hg\` (Heptapod state files: ${thousands(s.gitlabBranches)} branches, ` +
    `${s.tags.length} tags), \`bench-notopic.hg\` (for hg with topic off).`,
    "",
    `Timings are per call: median / 90th percentile in milliseconds over up to ` +
    `${input.iterations.ours} samples (dhgitaly) and ${input.iterations.hg} samples (hg), ` +
    `after a warm-up. hg is timed through one warm command server per configuration ` +
    `(\`hg serve --cmdserver pipe\` driven by python3-hglib; the time includes the pipe round ` +
    `trip and hg's output), its on-disk caches (branch, tags, rev-branch) up to date: ` +
    `**evolve+topic** is how Heptapod runs hg; **topic off** disables the topic extension ` +
    `(evolve stays), on a copy whose branch cache hg wrote without topic, since the topic ` +
    `extension makes \`hg branches\` re-validate its branch map for every branch and topic. ` +
    `Targets are judged against the faster of the two. hg is timed in two passes, before ` +
    `and after dhgitaly, and each case keeps the pass with the lower median. hg's floor, ` +
    `\`hg root\` (one command server round trip): ${ms(input.hgFloor.topic ?? NaN)} ms ` +
    `(evolve+topic), ${ms(input.hgFloor.topicOff ?? NaN)} ms (topic off). ` +
    `Reads of changesets and manifests ` +
    `take a different random public changeset at each call, the same sequence for hg and for ` +
    `the cold engine.`,
    "",
    `dhgitaly engine cache states: **cold** = every engine cache (revlog indexes and texts, ` +
    `manifests, phases/obsolescence/hidden set, branch and tag computations) dropped before ` +
    `each call, process and OS page cache warm, hg's rev-branch-cache and hgtagsfnodes ` +
    `files present; **warm** = a long-running server's steady state, where per-repository ` +
    `state is cached but each changeset or manifest read is one not read before in the run.`,
    "",
    "## Storage engine, in process",
    "",
    ...engineTable(input),
    "",
    "## RPCs over a unix socket",
    "",
    "The real server as deployed (`main.ts` in its own process, default settings, so one info " +
    "log line per RPC) and a grpc-js client in the benchmark's process, as GitLab's clients are " +
    "separate processes; one call in flight; repositories addressed as GitLab does (`bench.git` -> `bench.hg`); warm " +
    "server. ServerInfo (which also stats and probes the storage) is the framework floor the " +
    "targets refer to; the health check is an empty unary call. The bare grpc-js row is " +
    "grpc-js alone (bench/bare-grpc-server.ts in its own process: no protobuf, logging or " +
    "dhgitaly code), the least any server on this framework takes here. Rows marked " +
    '"bytes only" repeat a list RPC with a client that does not decode the answer ' +
    "(bench/raw-client.ts): the server's work and the transport, without the benchmark " +
    "client's protobuf-es decoding, which GitLab's Go and Ruby clients do natively.",
    "",
    ...rpcTable(input),
    "",
    "Throughput, `bench.hg`:",
    "",
    ...throughputLines(input),
    "",
    "Notes: FindAllBranches returns every GitLab branch (open named branches and topics, " +
    `${thousands(s.gitlabBranches)} here) with its full commit, which \`hg branches\` does not ` +
    "(it lists names and tips): it is also shown next to `hg log -r 'heads(all())' -T json`, " +
    "every head with its changeset. ListRefs lists branches, topics and tags, next to " +
    "`hg branches` followed by `hg tags`. The machine is shared with other work: compare " +
    "ratios within a run rather than absolute numbers across runs.",
    "",
    ...(input.sections ?? []),
    "",
  ].filter((line, i, all) => !(line === "" && all[i - 1] === "")).join("\n");
}
