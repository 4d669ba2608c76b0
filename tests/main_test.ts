/** The server as a process: listen URLs, graceful SIGTERM, permission and config refusals. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ServerService } from "../src/gen/gitaly/server_pb.ts";
import {
  Health,
  HealthCheckResponse_ServingStatus as Status,
} from "../src/gen/grpc/health/v1/health_pb.ts";
import { createClient } from "./support/grpc-client.ts";

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

Deno.test("serves on a unix socket and a TCP port at once; SIGTERM lets an in-flight stream finish", async () => {
  const dir = await Deno.makeTempDir();
  const socket = join(dir, "dhgitaly.sock");
  const server = spawnServer(["-A"], [
    "--repositories-root",
    join(dir, "repos"),
    "--listen",
    `unix:${socket}`,
    "--listen",
    "tcp://127.0.0.1:0",
  ]);
  await Deno.mkdir(join(dir, "repos"));
  const [, urls] = await server.waitFor(/listening on (.*), repositories root/);
  const tcp = urls.split(" ").find((u) => u.startsWith("tcp://"))!.slice("tcp://".length);
  for (const address of [`unix:${socket}`, tcp]) {
    const info = await createClient(ServerService, address).serverInfo({});
    assert.equal(info.storageStatuses[0].storageName, "default");
  }

  // An in-flight streaming call: Health.Watch stays open while the server serves.
  const watch = createClient(Health, `unix:${socket}`).watch({});
  const statuses: Status[] = [];
  const watched = (async () => {
    for await (const res of watch) {
      statuses.push(res.status);
      if (res.status === Status.SERVING) server.child.kill("SIGTERM");
    }
  })();
  await watched; // ends normally (status OK) after the server announced NOT_SERVING
  assert.deepEqual(statuses, [Status.SERVING, Status.NOT_SERVING]);
  const { code } = await server.finish();
  assert.equal(code, 0);
  assert.ok(server.lines.some((l) => l.includes("SIGTERM received")));
  await assert.rejects(Deno.stat(socket), Deno.errors.NotFound, "socket removed at exit");
  await Deno.remove(dir, { recursive: true });
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
