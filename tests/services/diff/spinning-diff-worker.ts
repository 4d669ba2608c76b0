/** Test line diff worker that never finishes a task (only terminating it stops it). */
import { serveTasks } from "../../../src/workers/task-worker-host.ts";

serveTasks(() => {
  for (;;) { /* until terminated */ }
});
