import assert from "node:assert/strict";
import { StreamWorkerPool, WorkerTaskError } from "../../src/workers/stream-worker-pool.ts";
import type { CountingTask } from "./counting-worker.ts";

const MODULE = new URL("./counting-worker.ts", import.meta.url);

async function firstBytes(stream: AsyncIterable<Uint8Array>): Promise<number[]> {
  const out: number[] = [];
  for await (const chunk of stream) out.push(chunk[0]);
  return out;
}

Deno.test("StreamWorkerPool: chunks in order, tasks queued beyond the pool size", async () => {
  const pool = new StreamWorkerPool<CountingTask>(MODULE, { size: 1 });
  try {
    const [a, b] = await Promise.all([
      firstBytes(pool.stream({ chunks: 50, size: 1000 })),
      firstBytes(pool.stream({ chunks: 20, size: 10 })),
    ]);
    assert.deepEqual(a, Array.from({ length: 50 }, (_, i) => i));
    assert.deepEqual(b, Array.from({ length: 20 }, (_, i) => i));
    assert.equal(pool.workerCount, 1);
  } finally {
    pool.close();
  }
});

Deno.test("StreamWorkerPool: task errors, early exit and abort free the worker", async () => {
  const pool = new StreamWorkerPool<CountingTask>(MODULE, { size: 1 });
  try {
    await assert.rejects(
      firstBytes(pool.stream({ chunks: 10, size: 4, failAt: 3 })),
      (err: unknown) => err instanceof WorkerTaskError && /failing at chunk 3/.test(err.message),
    );
    // The consumer stops after two chunks of a long task: the worker is cancelled and reused.
    let seen = 0;
    for await (const _ of pool.stream({ chunks: 1_000_000, size: 64 })) {
      if (++seen === 2) break;
    }
    const controller = new AbortController();
    const aborted = (async () => {
      for await (const _ of pool.stream({ chunks: 1_000_000, size: 64 }, controller.signal)) {
        controller.abort(new Error("client went away"));
      }
    })();
    await assert.rejects(aborted, /client went away/);
    assert.deepEqual(await firstBytes(pool.stream({ chunks: 3, size: 1 })), [0, 1, 2]);
    assert.equal(pool.workerCount, 1);
  } finally {
    pool.close();
  }
});

Deno.test("StreamWorkerPool: a broken worker module fails the task", async () => {
  const pool = new StreamWorkerPool<CountingTask>(
    new URL("./crashing-worker.ts", import.meta.url),
    { size: 1 },
  );
  try {
    await assert.rejects(firstBytes(pool.stream({ chunks: 1, size: 1 })), /worker failed/);
  } finally {
    pool.close();
  }
});

Deno.test("a worker that fails to load fails its task instead of hanging", async () => {
  const pool = new StreamWorkerPool<Record<string, never>>(
    new URL("./no-such-worker-module.ts", import.meta.url),
    { size: 1 },
  );
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      await assert.rejects(async () => {
        for await (const _ of pool.stream({})) { /* no chunk expected */ }
      }, /archive worker failed/);
    }
  } finally {
    pool.close();
  }
});
