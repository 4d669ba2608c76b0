/**
 * A pool of Deno Web Workers running request/response tasks (CPU-heavy computations such as
 * line diffs of big files), so the event loop serving other clients never waits on them.
 *
 * At most `size` workers, started on demand, each running one task at a time; further tasks
 * wait in FIFO order. Aborting a task's signal rejects it with the signal's reason: a waiting
 * task leaves the queue, a running one has its worker terminated (synchronous work cannot be
 * interrupted otherwise) and a fresh worker is started for the next task. A worker that
 * crashes fails its task and is replaced likewise. Workers idle for `idleMs` are terminated
 * (they would keep the process alive).
 */
import { WorkerTaskError } from "./stream-worker-pool.ts";
import type { RunTask, TaskOutcome } from "./task-worker-protocol.ts";

export { WorkerTaskError };

/** A worker that died (load failure, uncaught error, out of memory) while running a task. */
export class WorkerCrashError extends Error {
  constructor(message: string) {
    super(`worker failed: ${message}`);
    this.name = "WorkerCrashError";
  }
}

/** Options of a pool. */
export interface TaskWorkerPoolOptions {
  /** Maximum number of workers. */
  size: number;
  /** Idle time after which a worker is terminated (default 30 s). */
  idleMs?: number;
}

/** Options of one task. */
export interface RunOptions {
  /** Cancels the task (rejecting it with the signal's reason). */
  signal?: AbortSignal;
  /** Buffers of the parameters to move to the worker instead of copying them. */
  transfer?: Transferable[];
}

interface Job {
  params: unknown;
  transfer: Transferable[];
  resolve(result: unknown): void;
  reject(err: unknown): void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

interface Slot {
  worker: Worker;
  idleTimer?: ReturnType<typeof setTimeout>;
  /** The task running on this worker, with its id. */
  job?: Job;
  jobId?: number;
}

/** A pool of workers serving tasks `P -> R` from one worker module (see serveTasks). */
export class TaskWorkerPool<P, R> {
  readonly #module: URL;
  readonly #size: number;
  readonly #idleMs: number;
  readonly #slots: Slot[] = [];
  readonly #waiting: Job[] = [];
  #nextId = 1;
  #closed = false;

  /** @param module URL of a worker module calling serveTasks. */
  constructor(module: URL, options: TaskWorkerPoolOptions) {
    this.#module = module;
    this.#size = Math.max(1, options.size);
    this.#idleMs = options.idleMs ?? 30_000;
  }

  /** Number of workers currently started. */
  get workerCount(): number {
    return this.#slots.length;
  }

  /** Number of tasks waiting for a worker. */
  get queued(): number {
    return this.#waiting.length;
  }

  #spawn(): Slot {
    const worker = new Worker(this.#module, { type: "module" });
    const slot: Slot = { worker };
    worker.onmessage = (event: MessageEvent<TaskOutcome>) => this.#settle(slot, event.data);
    const crash = (message: string) => {
      const job = slot.job;
      this.#remove(slot);
      if (job) this.#finish(job, () => job.reject(new WorkerCrashError(message)));
      this.#dispatch();
    };
    worker.onerror = (event) => {
      // Without this, an error in the worker would also be raised in the main thread.
      event.preventDefault();
      crash(event.message);
    };
    worker.onmessageerror = () => crash("undecodable message");
    this.#slots.push(slot);
    return slot;
  }

  #remove(slot: Slot) {
    clearTimeout(slot.idleTimer);
    slot.job = undefined;
    const i = this.#slots.indexOf(slot);
    if (i >= 0) this.#slots.splice(i, 1);
    slot.worker.terminate();
  }

  /** Detaches `job`'s abort listener, then settles it. */
  #finish(job: Job, settle: () => void) {
    job.signal?.removeEventListener("abort", job.onAbort!);
    settle();
  }

  #settle(slot: Slot, msg: TaskOutcome) {
    const job = slot.job;
    if (job === undefined || msg.id !== slot.jobId) return;
    slot.job = undefined;
    if (msg.type === "done") this.#finish(job, () => job.resolve(msg.result));
    else {this.#finish(job, () =>
        job.reject(new WorkerTaskError(msg.error.name, msg.error.message)));}
    slot.idleTimer = setTimeout(() => this.#remove(slot), this.#idleMs);
    this.#dispatch();
  }

  /** Hands waiting jobs to idle workers, starting workers up to the pool size. */
  #dispatch() {
    while (this.#waiting.length > 0) {
      const slot = this.#slots.find((s) => s.job === undefined) ??
        (this.#slots.length < this.#size ? this.#spawn() : undefined);
      if (slot === undefined) return;
      const job = this.#waiting.shift()!;
      clearTimeout(slot.idleTimer);
      slot.job = job;
      slot.jobId = this.#nextId++;
      const message: RunTask = { type: "run", id: slot.jobId, params: job.params };
      slot.worker.postMessage(message, job.transfer);
    }
  }

  /** Runs a task with `params` in a worker; resolves to its result. */
  run(params: P, options: RunOptions = {}): Promise<R> {
    const { signal } = options;
    if (this.#closed) return Promise.reject(new Error("worker pool is closed"));
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<R>((resolve, reject) => {
      const job: Job = {
        params,
        transfer: options.transfer ?? [],
        resolve: resolve as (result: unknown) => void,
        reject,
        signal,
      };
      job.onAbort = () => {
        const queued = this.#waiting.indexOf(job);
        if (queued >= 0) this.#waiting.splice(queued, 1);
        const slot = this.#slots.find((s) => s.job === job);
        if (slot) this.#remove(slot);
        this.#finish(job, () => reject(signal!.reason));
        this.#dispatch();
      };
      signal?.addEventListener("abort", job.onAbort);
      this.#waiting.push(job);
      this.#dispatch();
    });
  }

  /** Terminates every worker and fails waiting tasks; later tasks are refused. */
  close(): void {
    this.#closed = true;
    const closed = new Error("worker pool is closed");
    for (const slot of [...this.#slots]) {
      const job = slot.job;
      this.#remove(slot);
      if (job) this.#finish(job, () => job.reject(closed));
    }
    for (const job of this.#waiting.splice(0)) this.#finish(job, () => job.reject(closed));
  }
}
