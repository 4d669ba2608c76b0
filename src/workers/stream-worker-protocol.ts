/**
 * Messages between a StreamWorkerPool (main thread) and a worker serving stream tasks: the
 * main thread starts a task and grants credit (how many more chunks it accepts); the worker
 * sends at most that many chunks, then `end` or `error`. `cancel` stops a task early; the
 * worker always answers a started task with exactly one `end` or `error`.
 */

/** Main thread -> worker. */
export type ToWorker =
  | { type: "start"; id: number; params: unknown; credit: number }
  | { type: "credit"; id: number; credit: number }
  | { type: "cancel"; id: number };

/** An error as it crosses the worker boundary. */
export interface WorkerErrorInfo {
  name: string;
  message: string;
}

/** Worker -> main thread. */
export type FromWorker =
  | { type: "chunk"; id: number; data: Uint8Array }
  | { type: "end"; id: number }
  | { type: "error"; id: number; error: WorkerErrorInfo };
