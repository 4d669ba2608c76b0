/**
 * Timings of hg commands through a warm command server: hg-cmdserver.py drives
 * `hg serve --cmdserver pipe` with python3-hglib and reports per-sample milliseconds.
 */
import { join } from "node:path";
import { hgEnv, PROJECT_ROOT, PYTHON } from "./generate-repo.ts";
import { type Stats, statsOf } from "./stats.ts";

/** One timed hg case: each sample is a list of commands (argument lists) run back to back. */
export interface HgCase {
  /** Key of the case in the result. */
  readonly name: string;
  /** Samples, used in order and cycled (warm-up included). */
  readonly samples: readonly (readonly (readonly string[])[])[];
}

/** How many samples of each case to take (see hg-cmdserver.py). */
export interface HgBudget {
  /** Untimed runs first (at least one)... */
  readonly warmup: number;
  /** ...for at most this many seconds. */
  readonly warmupSeconds: number;
  /** Timed samples wanted. */
  readonly iterations: number;
  /** Stop earlier after this many seconds of timed samples... */
  readonly maxSeconds: number;
  /** ...once this many samples are taken. */
  readonly minIterations: number;
}

/** Timing of one case. */
export interface HgTiming {
  /** Median and p90 of the timed samples. */
  readonly stats: Stats;
  /** Output bytes of the last sample (a sanity check that hg did answer). */
  readonly bytes: number;
}

/**
 * Runs `cases` on the repository at `repo` through one command server started with the extra
 * `configs` (`section.name=value`, e.g. `extensions.topic=!`).
 */
export async function hgTimings(
  repo: string,
  hgrc: string,
  cases: readonly HgCase[],
  budget: HgBudget,
  configs: readonly string[] = [],
): Promise<Map<string, HgTiming>> {
  const child = new Deno.Command(PYTHON, {
    args: [join(PROJECT_ROOT, "bench", "hg-cmdserver.py")],
    cwd: repo,
    env: hgEnv(hgrc),
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify({ repo, configs, ...budget, cases })));
  await writer.close();
  const out = await child.output();
  if (!out.success) {
    throw new Error(`hg command server timing failed: ${new TextDecoder().decode(out.stderr)}`);
  }
  const raw: Record<string, { ms: number[]; bytes: number }> = JSON.parse(
    new TextDecoder().decode(out.stdout),
  );
  const result = new Map<string, HgTiming>();
  for (const [name, { ms, bytes }] of Object.entries(raw)) {
    result.set(name, { stats: statsOf(ms), bytes });
  }
  return result;
}

/**
 * Per case, the timing with the lower median of two passes (hg is timed before and after
 * dhgitaly, so that a burst of load from other processes does not inflate its numbers).
 */
export function fasterOf(
  a: ReadonlyMap<string, HgTiming>,
  b: ReadonlyMap<string, HgTiming>,
): Map<string, HgTiming> {
  const out = new Map(a);
  for (const [name, timing] of b) {
    const other = out.get(name);
    if (other === undefined || timing.stats.median < other.stats.median) out.set(name, timing);
  }
  return out;
}
