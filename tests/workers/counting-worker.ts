/**
 * Test worker for the stream worker pool: `{ chunks, size, failAt? }` yields `chunks` chunks of
 * `size` bytes filled with their index, throwing at index `failAt` if given.
 */
import { serveStreamTasks } from "../../src/workers/stream-worker-host.ts";

/** Parameters of a counting task. */
export interface CountingTask {
  chunks: number;
  size: number;
  failAt?: number;
}

serveStreamTasks<CountingTask>(function* ({ chunks, size, failAt }) {
  for (let i = 0; i < chunks; i++) {
    if (i === failAt) throw new RangeError(`failing at chunk ${i}`);
    yield new Uint8Array(size).fill(i & 0xff);
  }
});
