/**
 * Worker entry point running line diff tasks (see line-diff-task.ts) for the DiffService,
 * off the server's event loop. Knows nothing of gRPC: tasks come as plain data.
 */
import {
  type LineDiffResult,
  type LineDiffTask,
  runLineDiffTask,
} from "../../gitlab/diff/line-diff-task.ts";
import { serveTasks } from "../../workers/task-worker-host.ts";

serveTasks<LineDiffTask, LineDiffResult>((task) => runLineDiffTask(task));
