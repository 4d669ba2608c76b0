import assert from "node:assert/strict";
import {
  TaskWorkerPool,
  WorkerCrashError,
  WorkerTaskError,
} from "../../src/workers/task-worker-pool.ts";
import type { TestTask } from "./task-test-worker.ts";

const MODULE = new URL("./task-test-worker.ts", import.meta.url);

const sumTask = (n: number): TestTask => ({ op: "sum", data: new Uint8Array(n).fill(1) });

Deno.test("TaskWorkerPool: results, tasks queued beyond the pool size, transfer", async () => {
  const pool = new TaskWorkerPool<TestTask, number>(MODULE, { size: 2 });
  try {
    const sizes = [10, 20, 30, 40, 50];
    const results = await Promise.all(sizes.map((n) => pool.run(sumTask(n))));
    assert.deepEqual(results, sizes);
    assert.equal(pool.workerCount, 2);
    const data = new Uint8Array(1000).fill(2);
    assert.equal(await pool.run({ op: "sum", data }, { transfer: [data.buffer] }), 2000);
    assert.equal(data.byteLength, 0, "a transferred buffer is moved, not copied");
  } finally {
    pool.close();
  }
});

Deno.test("TaskWorkerPool: a task error rejects that task only", async () => {
  const pool = new TaskWorkerPool<TestTask, number>(MODULE, { size: 1 });
  try {
    await assert.rejects(
      pool.run({ op: "fail" }),
      (err: unknown) => err instanceof WorkerTaskError && /failing on purpose/.test(err.message),
    );
    assert.equal(await pool.run(sumTask(3)), 3);
    assert.equal(pool.workerCount, 1, "the worker survives a task error");
  } finally {
    pool.close();
  }
});

Deno.test("TaskWorkerPool: a crashing worker fails its task and is replaced", async () => {
  const pool = new TaskWorkerPool<TestTask, number>(MODULE, { size: 1 });
  try {
    const queued = pool.run(sumTask(7));
    await assert.rejects(
      pool.run({ op: "crash" }),
      (err: unknown) => err instanceof WorkerCrashError && /crashing on purpose/.test(err.message),
    );
    assert.equal(await queued, 7);
    assert.equal(await pool.run(sumTask(5)), 5);
  } finally {
    pool.close();
  }
});

Deno.test("TaskWorkerPool: a broken worker module fails the task", async () => {
  const pool = new TaskWorkerPool<TestTask, number>(
    new URL("./crashing-worker.ts", import.meta.url),
    { size: 1 },
  );
  try {
    await assert.rejects(pool.run(sumTask(1)), WorkerCrashError);
    assert.equal(pool.workerCount, 0);
  } finally {
    pool.close();
  }
});

Deno.test("TaskWorkerPool: aborting stops a running task (worker terminated) and a queued one", async () => {
  const pool = new TaskWorkerPool<TestTask, number>(MODULE, { size: 1 });
  try {
    const controller = new AbortController();
    const spinning = pool.run({ op: "spin" }, { signal: controller.signal });
    const queuedController = new AbortController();
    const queued = pool.run(sumTask(4), { signal: queuedController.signal });
    assert.equal(pool.queued, 1);
    queuedController.abort(new Error("queued task cancelled"));
    await assert.rejects(queued, /queued task cancelled/);
    assert.equal(pool.queued, 0);
    // Let the worker start spinning, then cancel it.
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(pool.workerCount, 1);
    controller.abort(new Error("client went away"));
    await assert.rejects(spinning, /client went away/);
    assert.equal(pool.workerCount, 0, "the spinning worker is terminated");
    assert.equal(await pool.run(sumTask(6)), 6);
    const aborted = new AbortController();
    aborted.abort(new Error("already aborted"));
    await assert.rejects(pool.run(sumTask(1), { signal: aborted.signal }), /already aborted/);
  } finally {
    pool.close();
  }
});

Deno.test("TaskWorkerPool: close fails running and waiting tasks, refuses later ones", async () => {
  const pool = new TaskWorkerPool<TestTask, number>(MODULE, { size: 1 });
  const running = pool.run({ op: "spin" });
  const waiting = pool.run(sumTask(2));
  await new Promise((r) => setTimeout(r, 100));
  pool.close();
  await assert.rejects(running, /closed/);
  await assert.rejects(waiting, /closed/);
  await assert.rejects(pool.run(sumTask(1)), /closed/);
  assert.equal(pool.workerCount, 0);
});
