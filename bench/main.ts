/**
 * Benchmarks of the storage engine and of RefService RPCs against Mercurial's command server,
 * measured in the same run on a generated repository (bench/generate-repo.ts); then the
 * Commit/Blob/Diff/Repository service rows, also against git (bench/services-section.ts).
 *
 * Usage: deno run -A bench/main.ts [--quick] [--regenerate]
 * - `--quick`: few iterations and one hg pass (CI smoke run); the report is printed, not
 *   written;
 * - `--regenerate`: rebuild the cached repository first.
 * A full run prints the markdown report and writes it to bench/results/latest.md.
 */
import { join } from "node:path";
import { ENGINE_OPS, engineHgCases, engineHgTiming, runEngineBench } from "./engine-bench.ts";
import { benchRepos, hgEnv, PROJECT_ROOT, PYTHON, TOPIC_OFF } from "./generate-repo.ts";
import { fasterOf, type HgBudget, type HgTiming, hgTimings } from "./hg-timings.ts";
import { type Environment, type HgPair, renderReport, type Target } from "./report.ts";
import { RPC_HG_CASES, RPC_HG_LABELS, runRpcBench } from "./rpc-bench.ts";
import { servicesSection } from "./services-section.ts";
import type { Budget } from "./stats.ts";

/** Parsed command line. */
interface Flags {
  quick: boolean;
  regenerate: boolean;
}

function parseFlags(args: readonly string[]): Flags {
  const flags = { quick: false, regenerate: false };
  for (const arg of args) {
    if (arg === "--quick") flags.quick = true;
    else if (arg === "--regenerate") flags.regenerate = true;
    else throw new Error(`unknown argument ${arg} (expected --quick, --regenerate)`);
  }
  return flags;
}

async function commandOutput(cmd: string, args: string[], env?: Record<string, string>) {
  try {
    const out = await new Deno.Command(cmd, { args, env, stdout: "piped", stderr: "null" })
      .output();
    return new TextDecoder().decode(out.stdout).trim();
  } catch {
    return "";
  }
}

async function environment(quick: boolean, hgrc: string): Promise<Environment> {
  const cpuinfo = await Deno.readTextFile("/proc/cpuinfo").catch(() => "");
  const loadavg = await Deno.readTextFile("/proc/loadavg").catch(() => "?");
  const hgVersion = await commandOutput("hg", ["version", "-v"], hgEnv(hgrc));
  const hg = /\(version ([^)]+)\)/.exec(hgVersion)?.[1] ?? "?";
  const ext = (name: string) =>
    new RegExp(`^\\s*${name}\\s+external\\s+(\\S+)`, "m").exec(hgVersion)?.[1] ?? "?";
  const hglib = await commandOutput(PYTHON, [
    "-c",
    "import importlib.metadata as m; print(m.version('python-hglib'))",
  ]);
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    nproc: navigator.hardwareConcurrency,
    cpu: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? "unknown CPU",
    loadAtStart: loadavg.split(" ")[0],
    deno: `${Deno.version.deno} (V8 ${Deno.version.v8})`,
    hg: `Mercurial ${hg} (evolve ${ext("evolve")}, topic ${ext("topic")})`,
    hglib: hglib || "?",
    quick,
  };
}

/** hg timings of one pass in both configurations. */
interface HgPass {
  readonly topic: ReadonlyMap<string, HgTiming>;
  readonly topicOff: ReadonlyMap<string, HgTiming>;
}

/** hg's command server floor: the cheapest command, one round trip. */
const HG_FLOOR_CASE = { name: "floor:root", samples: [[["root"]]] };

/** hg cases besides the engine ones. */
const HG_CASES = [...RPC_HG_CASES, HG_FLOOR_CASE];

const ENGINE_TARGETS = new Map<string, Target>([
  ["changeset read", { vsHg: 30 }],
  ["branch heads (every named branch)", { vsHg: 20 }],
]);

const RPC_TARGET: Target = { vsHg: 3, vsFloor: 1.5 };
const RPC_TARGETS = new Map<string, Target>([
  ["RefService/FindAllBranches", RPC_TARGET],
  ["RefService/ListRefs", RPC_TARGET],
  ["RefService/FindTag", RPC_TARGET],
]);

async function main(): Promise<void> {
  const flags = parseFlags(Deno.args);
  const repos = await benchRepos({ regenerate: flags.regenerate });
  const env = await environment(flags.quick, repos.hgrc);
  const ours: Budget = flags.quick
    ? { warmup: 3, iterations: 20, maxSeconds: 2, minIterations: 5 }
    : { warmup: 20, iterations: 300, maxSeconds: 10, minIterations: 30 };
  const hgBudget: HgBudget = flags.quick
    ? { warmup: 3, warmupSeconds: 1, iterations: 20, maxSeconds: 2, minIterations: 3 }
    : { warmup: 20, warmupSeconds: 5, iterations: 200, maxSeconds: 10, minIterations: 10 };
  const slice = Math.max(ours.warmup + ours.iterations, hgBudget.warmup + hgBudget.iterations);
  const nodes = repos.summary.sampleNodes;

  const hgPass = async (pass: string): Promise<HgPass> => {
    console.error(`timing hg (evolve+topic) through its command server, ${pass}...`);
    const topic = await hgTimings(repos.plain, repos.hgrc, [
      ...engineHgCases(nodes, slice, true),
      ...HG_CASES,
    ], hgBudget);
    console.error(`timing hg (topic off) through its command server, ${pass}...`);
    const topicOff = await hgTimings(
      repos.topicOff,
      repos.hgrc,
      [
        ...engineHgCases(nodes, slice, false),
        ...HG_CASES,
      ],
      hgBudget,
      TOPIC_OFF,
    );
    return { topic, topicOff };
  };
  const before = await hgPass("first pass");

  console.error("timing the engine in process...");
  const engine = await runEngineBench(repos.plain, nodes, ours, slice);
  checkSizes(engine, repos.summary.tags.length, repos.summary.topics);

  console.error("timing RPCs over a unix socket...");
  const tags = repos.summary.tags;
  const rpc = await runRpcBench({
    storageRoot: repos.storageRoot,
    repos: [
      { relativePath: "bench.git", label: "bench.hg (fallback refs)" },
      { relativePath: "bench-state.git", label: "bench-state.hg (state files)" },
    ],
    tag: tags[Math.floor(tags.length / 2)],
    budget: ours,
    throughputSeconds: flags.quick ? 0.5 : 3,
  });

  // A quick run is a smoke test: one pass is enough.
  const after = flags.quick ? before : await hgPass("second pass");
  const sections = await servicesSection(repos, flags.quick, ours);
  const hg: HgPass = {
    topic: fasterOf(before.topic, after.topic),
    topicOff: fasterOf(before.topicOff, after.topicOff),
  };
  const engineHg = new Map<string, HgPair>(
    ENGINE_OPS.map((op, k) => [op.label, {
      topic: engineHgTiming(hg.topic, k),
      topicOff: engineHgTiming(hg.topicOff, k),
    }]),
  );
  const rpcHg = new Map<string, HgPair>(
    RPC_HG_CASES.map(({ name }) => [name, {
      topic: hg.topic.get(name),
      topicOff: hg.topicOff.get(name),
    }]),
  );
  const root = (t: ReadonlyMap<string, HgTiming>) => t.get(HG_FLOOR_CASE.name)?.stats.median;

  const report = renderReport({
    env,
    summary: repos.summary,
    engine,
    engineHg,
    engineTargets: ENGINE_TARGETS,
    rpc,
    rpcHg,
    rpcHgLabels: RPC_HG_LABELS,
    rpcTargets: RPC_TARGETS,
    iterations: { ours: ours.iterations, hg: hgBudget.iterations },
    hgFloor: { topic: root(hg.topic), topicOff: root(hg.topicOff) },
    sections,
  });
  let text = report;
  if (!flags.quick) {
    const dir = join(PROJECT_ROOT, "bench", "results");
    const path = join(dir, "latest.md");
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeTextFile(path, report);
    // Formatted as `deno fmt` wants it, so that `deno fmt --check` stays clean.
    await new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", path], cwd: PROJECT_ROOT })
      .output();
    text = await Deno.readTextFile(path);
    console.error(`written to ${path}`);
  }
  console.log(text);
}

/** Warns when the engine's answers do not have the sizes hg reported at generation. */
function checkSizes(
  engine: Awaited<ReturnType<typeof runEngineBench>>,
  tags: number,
  topics: number,
): void {
  for (const row of engine) {
    const expected = row.op.label === "tags"
      ? tags
      : row.op.label.startsWith("topic heads")
      ? topics
      : undefined;
    if (expected !== undefined && row.size !== expected) {
      console.error(`warning: ${row.op.label}: engine found ${row.size}, hg ${expected}`);
    }
  }
}

if (import.meta.main) await main();
