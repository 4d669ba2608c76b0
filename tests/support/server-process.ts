/**
 * Processes spawned by tests and benchmarks: the real dhgitaly server (`main.ts`, default
 * settings) as its own process — as GitLab's clients see it, and so that what it measures (its
 * memory, its CPU) does not include the client's — and any other process that says when it
 * listens.
 */
import { join } from "node:path";
import { closeChannel, useReceiveWindow } from "./grpc-client.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;

/** A spawned process that listens. */
export interface ListeningProcess extends AsyncDisposable {
  /** Its process id. */
  readonly pid: number;
}

/**
 * Spawns `deno run -A <args>` and waits until its standard output contains `ready`; later
 * output is read and dropped (a full pipe would block it). Disposing runs `beforeKill` (close
 * clients first: a Deno client that receives a GOAWAY can abort, denoland/deno#36788), kills it
 * with SIGKILL (a killed server sends no GOAWAY) and waits for it.
 */
export async function spawnListening(
  args: string[],
  ready: string,
  options: { env?: Record<string, string>; beforeKill?: () => void } = {},
): Promise<ListeningProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...args],
    env: options.env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!seen.includes(ready)) {
    const { value, done } = await lines.read();
    if (done) throw new Error(`${args[0]} exited before listening: ${await stderr}`);
    seen += value;
  }
  const drained = (async () => {
    while (!(await lines.read()).done) { /* discard */ }
  })();
  return {
    pid: child.pid,
    async [Symbol.asyncDispose]() {
      options.beforeKill?.();
      child.kill("SIGKILL");
      await child.status;
      await drained;
      await stderr;
    },
  };
}

/** The dhgitaly server as its own process, on a temporary unix socket. */
export interface ServerProcess extends ListeningProcess {
  /** grpc-js address of its unix socket. */
  readonly address: string;
}

/**
 * Starts `main.ts` with `storageRoot` as its `default` storage (text logs, read and dropped)
 * and waits until it listens. Clients of it made by createClient use grpc-js' default HTTP/2
 * receive window unless `receiveWindow` (bytes) is given.
 */
export async function startServerProcess(
  storageRoot: string,
  receiveWindow?: number,
): Promise<ServerProcess> {
  const dir = await Deno.makeTempDir({ prefix: "dhgitaly-server-" });
  const address = `unix:${join(dir, "dhgitaly.sock")}`;
  const args = [MAIN, "--repositories-root", storageRoot, "--listen", address];
  const server = await spawnListening(args, "listening on", {
    env: { DHGITALY_LOG_FORMAT: "text" },
    beforeKill: () => closeChannel(address),
  });
  if (receiveWindow !== undefined) useReceiveWindow(address, receiveWindow);
  return {
    address,
    pid: server.pid,
    async [Symbol.asyncDispose]() {
      await server[Symbol.asyncDispose]();
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
