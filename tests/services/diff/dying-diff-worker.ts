/** Test line diff worker that dies (uncaught error) whenever it gets a task. */
import { serveTasks } from "../../../src/workers/task-worker-host.ts";

serveTasks(() => {
  setTimeout(() => {
    throw new Error("worker died on purpose");
  });
  return new Promise(() => {});
});
