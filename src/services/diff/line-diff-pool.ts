/**
 * The process-wide pool of line diff workers (line-diff-worker.ts), created on first use, and
 * the per-call LineDiffOffload that sends the diffs of big files there: a diff of a few MB
 * costs hundreds of milliseconds of CPU, which would otherwise stall every other client.
 * Small diffs stay in place, where they cost less than a worker round trip.
 */
import type { ChangeCounts } from "../../gitlab/diff/line-diff.ts";
import type {
  CountsTask,
  HunksTask,
  LineDiffOffload,
  LineDiffResult,
  LineDiffTask,
  WordsResult,
} from "../../gitlab/diff/line-diff-task.ts";
import type { UnifiedHunks } from "../../gitlab/diff/unified-hunks.ts";
import { wordDiffHunks } from "../../gitlab/diff/word-diff.ts";
import { TaskWorkerPool } from "../../workers/task-worker-pool.ts";
import { Code, RpcError } from "../rpc.ts";

/**
 * Combined size of both sides from which a line diff goes to a worker. Measured (warm, busy
 * 2-core machine): in place, 400 KiB takes 3-4 ms, 840 KiB 9-12 ms, 7 MB ~450 ms and 28 MB
 * over 1 s (the cost grows faster than the size); handing a task to a worker costs the main
 * thread 0.5-4 ms (copies, messages) whatever the size, about as much as diffing 400 KiB.
 */
export const DEFAULT_OFFLOAD_BYTES = 512 * 1024;

/** Settings of the line diff workers. */
export interface LineDiffWorkerSettings {
  /** Maximum number of workers (default 1 + half the CPUs, as the `workers` setting). */
  workers: number;
  /** Combined size of both sides from which a diff runs in a worker. */
  offloadBytes: number;
  /** Worker module (tests substitute failing ones). */
  module: URL;
}

const DEFAULTS: LineDiffWorkerSettings = {
  workers: 1 + Math.floor((navigator.hardwareConcurrency || 2) / 2),
  offloadBytes: DEFAULT_OFFLOAD_BYTES,
  module: new URL("./line-diff-worker.ts", import.meta.url),
};

let settings: LineDiffWorkerSettings = { ...DEFAULTS };
let pool: TaskWorkerPool<LineDiffTask, LineDiffResult> | undefined;

/**
 * Changes the line diff worker settings (unset fields keep their value; `reset` starts from
 * the defaults). The current pool, if any, is closed: tasks running on it fail.
 */
export function configureLineDiffWorkers(
  changes: Partial<LineDiffWorkerSettings>,
  reset = false,
): void {
  settings = { ...(reset ? DEFAULTS : settings), ...changes };
  settings.workers = Math.max(1, settings.workers);
  shutdownLineDiffWorkers();
}

/** Terminates the line diff workers (server shutdown); a later diff starts a new pool. */
export function shutdownLineDiffWorkers(): void {
  pool?.close();
  pool = undefined;
}

/** Number of line diff workers currently started. */
export function lineDiffWorkerCount(): number {
  return pool?.workerCount ?? 0;
}

function lineDiffPool(): TaskWorkerPool<LineDiffTask, LineDiffResult> {
  return (pool ??= new TaskWorkerPool(settings.module, { size: settings.workers }));
}

async function inWorker(task: LineDiffTask, signal: AbortSignal): Promise<LineDiffResult> {
  // Private copies moved to the worker: the contents may be buffers cached by the engine.
  let moved = task;
  const transfer: ArrayBuffer[] = [];
  if (task.kind !== "words") {
    const a = task.a.slice();
    const b = task.b.slice();
    moved = { ...task, a, b };
    transfer.push(a.buffer, b.buffer);
  }
  try {
    return await lineDiffPool().run(moved, { signal, transfer });
  } catch (err) {
    if (signal.aborted) throw signal.reason;
    const reason = err instanceof Error ? err.message : String(err);
    throw new RpcError(Code.INTERNAL, `line diff failed in a worker: ${reason}`);
  }
}

/**
 * The offload of one call: diffs of at least `offloadBytes` (both sides) run in the pool;
 * `signal` (the call's) cancels them, terminating their worker. A worker failure becomes an
 * INTERNAL error naming it.
 */
export function lineDiffOffload(signal: AbortSignal): LineDiffOffload {
  const threshold = settings.offloadBytes;
  return {
    wants: (a, b) => a.length + b.length >= threshold,
    hunks: (task: HunksTask) => inWorker(task, signal) as Promise<UnifiedHunks>,
    counts: (task: CountsTask) => inWorker(task, signal) as Promise<ChangeCounts>,
    // Word diffs cost far more per byte than line diffs: offloaded from a quarter of the size.
    words: async (hunks) =>
      hunks.length * 4 >= threshold
        ? ((await inWorker({ kind: "words", hunks }, signal)) as WordsResult).words
        : wordDiffHunks(hunks),
  };
}
