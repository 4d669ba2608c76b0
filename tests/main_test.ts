/** The server as a process: listen URLs, graceful SIGTERM, permission and config refusals. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { HealthCheckResponse_ServingStatus as Status } from "../src/gen/grpc/health/v1/health_pb.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

/** A spawned server whose stdout lines are collected. */
function spawnServer(denoFlags: string[], args: string[]) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", ...denoFlags, MAIN, ...args],
    stdout: "piped",
    stderr: "piped",
    env: { DHGITALY_LOG_FORMAT: "text" },
  }).spawn();
  const lines: string[] = [];
  const decoder = new TextDecoderStream();
  const pump = child.stdout.pipeThrough(decoder).pipeTo(
    new WritableStream({ write: (chunk) => void lines.push(...chunk.split("\n")) }),
  );
  const stderr = new Response(child.stderr).text();
  return {
    child,
    lines,
    stderr,
    async waitFor(re: RegExp, ms = 20000): Promise<RegExpMatchArray> {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        for (const line of lines) {
          const m = line.match(re);
          if (m) return m;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`timeout waiting for ${re}; stderr: ${await Promise.race([stderr, ""])}`);
    },
    async finish() {
      const status = await child.status;
      await pump;
      return { code: status.code, stderr: await stderr };
    },
  };
}

const WATCH_CLIENT = new URL("./support/watch-client.ts", import.meta.url).pathname;

/** Exit codes of a Deno client aborted by nghttp2 on GOAWAY (denoland/deno#36788): SIGABRT, SIGSEGV. */
const CLIENT_RUNTIME_ABORTS = [134, 139];

/**
 * One run of the SIGTERM scenario: a server on a unix socket and a TCP port, a client process
 * that calls both then holds a Health.Watch stream open; SIGTERM is sent once the stream is live.
 * Returns the client's exit code and output, after checking everything the server owes.
 */
async function sigtermScenario() {
  const dir = await Deno.makeTempDir();
  const socket = join(dir, "dhgitaly.sock");
  await Deno.mkdir(join(dir, "repos"));
  const server = spawnServer(["-A"], [
    "--repositories-root",
    join(dir, "repos"),
    "--listen",
    `unix:${socket}`,
    "--listen",
    "tcp://127.0.0.1:0",
  ]);
  const [, urls] = await server.waitFor(/listening on (.*), repositories root/);
  const tcp = urls.split(" ").find((u) => u.startsWith("tcp://"))!.slice("tcp://".length);
  const client = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", WATCH_CLIENT, `unix:${socket}`, tcp],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const out: string[] = [];
  const stderr = new Response(client.stderr).text();
  await client.stdout.pipeThrough(new TextDecoderStream()).pipeTo(
    new WritableStream({
      write(chunk) {
        for (const line of chunk.split("\n").filter(Boolean)) {
          out.push(line);
          // The stream is live once SERVING arrived: now ask the server to stop.
          if (line === `status ${Status.SERVING}`) server.child.kill("SIGTERM");
        }
      },
    }),
  );
  const clientStatus = await client.status;
  if (!out.some((l) => l.startsWith("status"))) server.child.kill("SIGTERM");
  const { code } = await server.finish();
  assert.equal(code, 0, "server exit code");
  assert.ok(server.lines.some((l) => l.includes("SIGTERM received")));
  await assert.rejects(Deno.stat(socket), Deno.errors.NotFound, "socket removed at exit");
  await Deno.remove(dir, { recursive: true });
  return { code: clientStatus.code, out, stderr: await stderr, tcp, socket };
}

Deno.test("serves on a unix socket and a TCP port at once; SIGTERM lets an in-flight stream finish", async () => {
  for (let attempt = 1;; attempt++) {
    const run = await sigtermScenario();
    if (CLIENT_RUNTIME_ABORTS.includes(run.code) && attempt < 3) {
      // The client runtime, not the server, aborted on the GOAWAY: run the scenario again.
      console.warn(`client process aborted (exit ${run.code}), attempt ${attempt}: ${run.stderr}`);
      continue;
    }
    assert.equal(run.code, 0, `client exit code; stderr: ${run.stderr}`);
    assert.deepEqual(run.out, [
      `info unix:${run.socket} default`,
      `info ${run.tcp} default`,
      `status ${Status.SERVING}`,
      `status ${Status.NOT_SERVING}`,
      "end",
    ]);
    return;
  }
});

Deno.test("refuses to start when Deno permissions do not cover a storage", async () => {
  const dir = await Deno.makeTempDir();
  const root = join(dir, "repos");
  await Deno.mkdir(root);
  const socketDir = join(dir, "run");
  await Deno.mkdir(socketDir);
  const server = spawnServer(
    [
      `--allow-read=${socketDir},/usr/bin/hg`,
      `--allow-write=${socketDir}`,
      "--allow-env",
      "--allow-sys",
      "--allow-run",
      "--allow-net",
    ],
    ["--repositories-root", root, "--listen", `unix:${join(socketDir, "s.sock")}`],
  );
  const { code, stderr } = await server.finish();
  assert.equal(code, 2);
  assert.match(stderr, /refusing to start/);
  assert.ok(stderr.includes(`--allow-read=${root}`), stderr);
  assert.ok(stderr.includes(`--allow-write=${root}`), stderr);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("an invalid listen URL is a clear error with exit code 2", async () => {
  const dir = await Deno.makeTempDir();
  for (const url of ["unix:relative.sock", "tcp://nohost", "http://x:1"]) {
    const server = spawnServer(["-A"], ["--repositories-root", dir, "--listen", url]);
    const { code, stderr } = await server.finish();
    assert.equal(code, 2, url);
    assert.match(stderr, /^dhgitaly: .*listen/i, url);
  }
  const missingDir = spawnServer(["-A"], [
    "--repositories-root",
    dir,
    "--listen",
    `unix:${join(dir, "no", "such", "dir", "s.sock")}`,
  ]);
  const { code, stderr } = await missingDir.finish();
  assert.equal(code, 2);
  assert.match(stderr, /does not exist/);
  await Deno.remove(dir, { recursive: true });
});
