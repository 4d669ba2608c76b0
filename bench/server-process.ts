/**
 * The real dhgitaly server as its own process, for benchmarks (see
 * tests/support/server-process.ts): GitLab's clients never share the server's process, so the
 * client's decoding must not be charged to the server's thread. The benchmark's clients of it
 * use a 16 MiB HTTP/2 receive window, what GitLab's Go clients reach with their dynamic window.
 */
import {
  type ServerProcess,
  startServerProcess as start,
} from "../tests/support/server-process.ts";

export type { ServerProcess };

/** Receive window of the benchmark's clients. */
const RECEIVE_WINDOW = 16 * 1024 * 1024;

/** Starts `main.ts` with `storageRoot` as its `default` storage and waits until it listens. */
export function startServerProcess(storageRoot: string): Promise<ServerProcess> {
  return start(storageRoot, RECEIVE_WINDOW);
}
