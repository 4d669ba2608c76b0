/**
 * The process-wide pool of archive workers (src/workers), created on first use. Its size
 * defaults to the `workers` setting's default (1 + half the CPUs) until the server configures
 * it with configureArchiveWorkers.
 */
import { StreamWorkerPool } from "../../workers/stream-worker-pool.ts";
import type { ArchiveTask } from "./archive-task.ts";

let size = 1 + Math.floor((navigator.hardwareConcurrency || 2) / 2);
let pool: StreamWorkerPool<ArchiveTask> | undefined;

/** Sets the maximum number of archive workers (before first use, or for later pools). */
export function configureArchiveWorkers(workers: number): void {
  size = Math.max(1, workers);
}

/** The archive worker pool. */
export function archivePool(): StreamWorkerPool<ArchiveTask> {
  return (pool ??= new StreamWorkerPool<ArchiveTask>(
    new URL("./archive-worker.ts", import.meta.url),
    { size },
  ));
}

/** Terminates the archive workers (server shutdown); a later request starts a new pool. */
export function shutdownArchiveWorkers(): void {
  pool?.close();
  pool = undefined;
}
