/**
 * The real dhgitaly server as its own process (`main.ts`, default settings: info logging of
 * every RPC included), for benchmarks: GitLab's clients never share the server's process, so the
 * client's decoding must not be charged to the server's thread.
 */
import { join } from "node:path";
import { closeChannel, useReceiveWindow } from "../tests/support/grpc-client.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

/** A server process listening on a temporary unix socket. */
export interface ServerProcess extends AsyncDisposable {
  /** grpc-js address of its unix socket. */
  address: string;
}

/**
 * Starts `main.ts` with `storageRoot` as its `default` storage and waits until it listens; the
 * benchmark's clients of it use a 16 MiB HTTP/2 receive window.
 * Disposing closes this process's channel to it, then kills it (SIGKILL: a killed server sends
 * no GOAWAY, which could abort a Deno client, see denoland/deno#36788).
 */
export async function startServerProcess(storageRoot: string): Promise<ServerProcess> {
  const dir = await Deno.makeTempDir({ prefix: "dhgitaly-bench-" });
  const socket = join(dir, "dhgitaly.sock");
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      MAIN,
      "--repositories-root",
      storageRoot,
      "--listen",
      `unix:${socket}`,
    ],
    env: { DHGITALY_LOG_FORMAT: "text" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!seen.includes("listening on")) {
    const { value, done } = await lines.read();
    if (done) {
      throw new Error(`the server process exited before listening: ${await stderr}`);
    }
    seen += value;
  }
  // Keep reading (and dropping) the per-RPC log lines so the server never blocks on stdout.
  const drained = (async () => {
    while (!(await lines.read()).done) { /* discard */ }
  })();
  const address = `unix:${socket}`;
  // Clients of this server get the receive window GitLab's Go clients reach (16 MiB).
  useReceiveWindow(address, 16 * 1024 * 1024);
  return {
    address,
    async [Symbol.asyncDispose]() {
      closeChannel(address);
      child.kill("SIGKILL");
      await child.status;
      await drained;
      await stderr;
      await Deno.remove(dir, { recursive: true });
    },
  };
}
