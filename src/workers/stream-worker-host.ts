/**
 * The worker side of a StreamWorkerPool: runs one stream task at a time, sending its chunks
 * (their buffers transferred, not copied) no faster than the main thread's credit allows, so
 * a slow client holds the producer back instead of filling memory.
 */
import type { FromWorker, ToWorker } from "./stream-worker-protocol.ts";

/** Produces the chunks of a task; each yielded chunk's buffer is handed over (not reused). */
export type StreamTask<P> = (params: P) => AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}

interface Running {
  credit: number;
  cancelled: boolean;
  wake?: () => void;
}

/** Serves stream tasks in the current worker with `run`. */
export function serveStreamTasks<P>(run: StreamTask<P>): void {
  const scope = self as unknown as WorkerScope;
  const tasks = new Map<number, Running>();
  const post = (message: FromWorker, transfer?: Transferable[]) =>
    scope.postMessage(message, transfer);

  async function execute(id: number, params: P, task: Running) {
    try {
      for await (const data of run(params)) {
        while (task.credit === 0 && !task.cancelled) {
          await new Promise<void>((resolve) => (task.wake = resolve));
        }
        if (task.cancelled) break;
        task.credit--;
        const buffer = data.buffer;
        post({ type: "chunk", id, data }, buffer instanceof ArrayBuffer ? [buffer] : []);
      }
      post({ type: "end", id });
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      post({ type: "error", id, error: { name: e.name, message: e.message } });
    } finally {
      tasks.delete(id);
    }
  }

  scope.onmessage = (event) => {
    const msg = event.data;
    if (msg.type === "start") {
      const task: Running = { credit: msg.credit, cancelled: false };
      tasks.set(msg.id, task);
      execute(msg.id, msg.params as P, task);
      return;
    }
    const task = tasks.get(msg.id);
    if (task === undefined) return;
    if (msg.type === "credit") task.credit += msg.credit;
    else task.cancelled = true;
    task.wake?.();
    task.wake = undefined;
  };
}
