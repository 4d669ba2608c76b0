/**
 * A pool of Deno Web Workers running stream tasks (CPU-heavy producers such as archive
 * generation and compression), so the event loop serving other clients never waits on them.
 *
 * At most `size` workers, started on demand, each running one task at a time; further tasks
 * wait in FIFO order. A task is consumed as an async iterable of chunks with flow control
 * (a few chunks in flight); breaking out of it or aborting its signal cancels the task in the
 * worker. Workers idle for `idleMs` are terminated (they would keep the process alive).
 * A worker that crashes fails its task and is replaced by the next one needed.
 */
import type { FromWorker, ToWorker } from "./stream-worker-protocol.ts";

/** Chunks a worker may send ahead of the consumer. */
const IN_FLIGHT = 4;

/** An error raised by a task inside a worker (its name and message preserved). */
export class WorkerTaskError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = `WorkerTaskError(${name})`;
  }
}

interface Slot {
  worker: Worker;
  busy: boolean;
  idleTimer?: ReturnType<typeof setTimeout>;
  /** Receives the messages of the task running on this worker. */
  listener?: (msg: FromWorker) => void;
  /** Fails the running task when the worker dies. */
  onCrash?: (err: Error) => void;
  /** Set when the worker died, possibly before a task attached `onCrash` (load failures). */
  crashed?: Error;
}

/** Options of a pool. */
export interface StreamWorkerPoolOptions {
  /** Maximum number of workers. */
  size: number;
  /** Idle time after which a worker is terminated (default 30 s). */
  idleMs?: number;
}

/** A pool of workers serving stream tasks from one worker module. */
export class StreamWorkerPool<P> {
  readonly #module: URL;
  readonly #size: number;
  readonly #idleMs: number;
  readonly #slots: Slot[] = [];
  readonly #waiting: ((slot: Slot) => void)[] = [];
  #nextId = 1;
  #closed = false;

  /** @param module URL of a worker module calling serveStreamTasks. */
  constructor(module: URL, options: StreamWorkerPoolOptions) {
    this.#module = module;
    this.#size = Math.max(1, options.size);
    this.#idleMs = options.idleMs ?? 30_000;
  }

  /** Number of workers currently started. */
  get workerCount(): number {
    return this.#slots.length;
  }

  #spawn(): Slot {
    const worker = new Worker(this.#module, { type: "module" });
    const slot: Slot = { worker, busy: false };
    worker.onmessage = (event: MessageEvent<FromWorker>) => slot.listener?.(event.data);
    const crash = (message: string) => {
      this.#remove(slot);
      slot.crashed = new Error(`archive worker failed: ${message}`);
      slot.onCrash?.(slot.crashed);
      this.#serveWaiting();
    };
    worker.onerror = (event) => {
      event.preventDefault();
      crash(event.message);
    };
    worker.onmessageerror = () => crash("undecodable message");
    this.#slots.push(slot);
    return slot;
  }

  #remove(slot: Slot) {
    clearTimeout(slot.idleTimer);
    const i = this.#slots.indexOf(slot);
    if (i >= 0) this.#slots.splice(i, 1);
    slot.worker.terminate();
  }

  #serveWaiting() {
    while (this.#waiting.length > 0) {
      const slot = this.#slots.find((s) => !s.busy) ??
        (this.#slots.length < this.#size ? this.#spawn() : undefined);
      if (slot === undefined) return;
      slot.busy = true;
      clearTimeout(slot.idleTimer);
      this.#waiting.shift()!(slot);
    }
  }

  #acquire(): Promise<Slot> {
    if (this.#closed) return Promise.reject(new Error("worker pool is closed"));
    const promise = new Promise<Slot>((resolve) => this.#waiting.push(resolve));
    this.#serveWaiting();
    return promise;
  }

  #release(slot: Slot) {
    slot.busy = false;
    slot.listener = undefined;
    slot.onCrash = undefined;
    if (!this.#slots.includes(slot)) return;
    if (this.#waiting.length > 0) {
      this.#serveWaiting();
      return;
    }
    slot.idleTimer = setTimeout(() => this.#remove(slot), this.#idleMs);
  }

  /** Runs a task with `params` in a worker; its chunks, in order. */
  async *stream(params: P, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
    signal?.throwIfAborted();
    const slot = await this.#acquire();
    const id = this.#nextId++;
    const queue: Uint8Array[] = [];
    let done = false;
    let failure: Error | undefined;
    let wake: (() => void) | undefined;
    const notify = () => {
      wake?.();
      wake = undefined;
    };
    slot.listener = (msg) => {
      if (msg.id !== id) return;
      if (msg.type === "chunk") queue.push(msg.data);
      else if (msg.type === "end") done = true;
      else {
        done = true;
        failure = new WorkerTaskError(msg.error.name, msg.error.message);
      }
      notify();
    };
    slot.onCrash = (err) => {
      done = true;
      failure = err;
      notify();
    };
    // The worker may have died between being handed over and now.
    if (slot.crashed) slot.onCrash(slot.crashed);
    const send = (msg: ToWorker) => slot.worker.postMessage(msg);
    const onAbort = () => notify();
    signal?.addEventListener("abort", onAbort);
    try {
      send({ type: "start", id, params, credit: IN_FLIGHT });
      while (true) {
        if (signal?.aborted) throw signal.reason;
        if (queue.length > 0) {
          const data = queue.shift()!;
          send({ type: "credit", id, credit: 1 });
          yield data;
          continue;
        }
        if (done) break;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      if (failure) throw failure;
    } finally {
      signal?.removeEventListener("abort", onAbort);
      if (!done && this.#slots.includes(slot)) {
        // Cancelled midway: wait for the worker to acknowledge before reusing it.
        send({ type: "cancel", id });
        const ack = new Promise<void>((resolve) => (wake = resolve));
        if (!done) await ack;
      }
      this.#release(slot);
    }
  }

  /** Terminates every worker; later tasks are refused. */
  close(): void {
    this.#closed = true;
    for (const slot of [...this.#slots]) this.#remove(slot);
  }
}
