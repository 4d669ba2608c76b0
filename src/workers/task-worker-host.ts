/**
 * The worker side of a TaskWorkerPool: runs each task it receives and posts back its result
 * or its error (name and message).
 */
import type { RunTask, TaskOutcome } from "./task-worker-protocol.ts";

/** Computes a task's result from its parameters. */
export type Task<P, R> = (params: P) => R | Promise<R>;

/** Buffers of a result to transfer (moved, not copied) to the main thread. */
export type ResultTransfer<R> = (result: R) => Transferable[];

interface WorkerScope {
  postMessage(message: TaskOutcome, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<RunTask>) => void) | null;
}

/** Serves tasks in the current worker with `run`. */
export function serveTasks<P, R>(run: Task<P, R>, transfer?: ResultTransfer<R>): void {
  const scope = self as unknown as WorkerScope;
  scope.onmessage = async (event) => {
    const { id, params } = event.data;
    try {
      const result = await run(params as P);
      scope.postMessage({ type: "done", id, result }, transfer?.(result) ?? []);
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      scope.postMessage({ type: "error", id, error: { name: e.name, message: e.message } });
    }
  };
}
