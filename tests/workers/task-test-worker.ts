/**
 * Test worker for the task worker pool: `sum` adds the bytes of `data` (a transferred
 * buffer), `fail` throws, `spin` loops forever (only termination stops it), `crash` raises
 * an uncaught error outside any task.
 */
import { serveTasks } from "../../src/workers/task-worker-host.ts";

/** Parameters of a test task. */
export type TestTask =
  | { op: "sum"; data: Uint8Array }
  | { op: "fail" }
  | { op: "spin" }
  | { op: "crash" };

serveTasks<TestTask, number>((task) => {
  switch (task.op) {
    case "sum":
      return task.data.reduce((n, x) => n + x, 0);
    case "fail":
      throw new RangeError("failing on purpose");
    case "spin":
      for (;;) { /* until terminated */ }
    case "crash":
      setTimeout(() => {
        throw new Error("crashing on purpose");
      });
      return new Promise<number>(() => {});
  }
});
