/** Sample statistics and the timing loop shared by every benchmark row. */

/** Summary of a series of timings, in milliseconds. */
export interface Stats {
  /** Number of timed samples. */
  readonly n: number;
  /** Median (ms). */
  readonly median: number;
  /** 90th percentile (ms). */
  readonly p90: number;
}

/** Percentile `q` (0..1) of `sorted` by linear interpolation. */
function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Median and p90 of `samples` (ms). */
export function statsOf(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, median: percentile(sorted, 0.5), p90: percentile(sorted, 0.9) };
}

/** How many times to run a measured function. */
export interface Budget {
  /** Untimed runs first. */
  readonly warmup: number;
  /** Timed runs wanted. */
  readonly iterations: number;
  /** Stop earlier once this many seconds of timed runs have passed (at least `minIterations`). */
  readonly maxSeconds: number;
  /** Timed runs always done, whatever the time. */
  readonly minIterations: number;
}

/**
 * Times `run(i)` (sync or async) `budget.iterations` times after `budget.warmup` untimed runs;
 * `prepare(i)`, when given, runs untimed before each run (cache clearing). `i` counts every run,
 * warm-up included, so that callers can pick a different input each time.
 */
export async function measure(
  budget: Budget,
  run: (i: number) => unknown,
  prepare?: (i: number) => void,
): Promise<number[]> {
  let i = 0;
  for (; i < budget.warmup; i++) {
    prepare?.(i);
    await run(i);
  }
  const samples: number[] = [];
  const deadline = performance.now() + budget.maxSeconds * 1000;
  while (
    samples.length < budget.iterations &&
    (samples.length < budget.minIterations || performance.now() < deadline)
  ) {
    prepare?.(i);
    const start = performance.now();
    const out = run(i);
    if (out instanceof Promise) await out;
    samples.push(performance.now() - start);
    i++;
  }
  return samples;
}
