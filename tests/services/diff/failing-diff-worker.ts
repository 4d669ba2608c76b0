/** Test line diff worker whose every task fails (a task error, the worker survives). */
import { serveTasks } from "../../../src/workers/task-worker-host.ts";

serveTasks(() => {
  throw new RangeError("diff exploded on purpose");
});
