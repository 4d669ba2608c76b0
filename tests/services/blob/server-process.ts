/**
 * The real dhgitaly server (`main.ts`, default settings) as its own process, for tests that
 * measure the server's memory: an in-process server would count the client's buffers too.
 * Unlike bench/server-process.ts, clients keep grpc-js' default HTTP/2 receive window, so the
 * server's back-pressure is what bounds how much of an answer is in flight.
 */
import { join } from "node:path";
import { closeChannel } from "../../support/grpc-client.ts";

const MAIN = new URL("../../../main.ts", import.meta.url).pathname;

/** A server process listening on a temporary unix socket. */
export interface ServerProcess extends AsyncDisposable {
  /** grpc-js address of its unix socket. */
  address: string;
  /** Process id of the server (the deno process itself). */
  pid: number;
}

/**
 * Starts `main.ts` with `storageRoot` as its `default` storage and waits until it listens.
 * Disposing closes this process's channel to it, then kills it (SIGKILL: a killed server sends
 * no GOAWAY, which could abort a Deno client, see denoland/deno#36788).
 */
export async function startServerProcess(storageRoot: string): Promise<ServerProcess> {
  const dir = await Deno.makeTempDir({ prefix: "dhgitaly-test-server-" });
  const socket = join(dir, "dhgitaly.sock");
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "--repositories-root", storageRoot, "--listen", `unix:${socket}`],
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
    if (done) throw new Error(`the server process exited before listening: ${await stderr}`);
    seen += value;
  }
  // Keep reading (and dropping) the per-RPC log lines so the server never blocks on stdout.
  const drained = (async () => {
    while (!(await lines.read()).done) { /* discard */ }
  })();
  const address = `unix:${socket}`;
  return {
    address,
    pid: child.pid,
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

/** Peak resident set size (VmHWM) of process `pid` so far, in bytes (Linux). */
export async function peakRss(pid: number): Promise<number> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  const kb = /^VmHWM:\s+(\d+) kB$/m.exec(status);
  if (kb === null) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(kb[1]) * 1024;
}
