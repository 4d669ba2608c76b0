/**
 * Messages between a TaskWorkerPool (main thread) and a worker serving request/response
 * tasks: the main thread sends `run` with the task's parameters; the worker answers exactly
 * one `done` (the result) or `error`. There is no cancel message: a task is cancelled by
 * terminating its worker, which also stops synchronous work that never yields.
 */
import type { WorkerErrorInfo } from "./stream-worker-protocol.ts";

/** Main thread -> worker. */
export interface RunTask {
  type: "run";
  id: number;
  params: unknown;
}

/** Worker -> main thread. */
export type TaskOutcome =
  | { type: "done"; id: number; result: unknown }
  | { type: "error"; id: number; error: WorkerErrorInfo };
