/**
 * A real dhgitaly server on a temporary unix socket, with every service registered, for tests.
 * Usage: `await using srv = await startTestServer(); createClient(RefService, srv.address)`.
 */
import { join } from "node:path";
import { allBindings } from "../../src/server/all-bindings.ts";
import { HealthState } from "../../src/server/health.ts";
import { startServer } from "../../src/server/server.ts";
import type { ServiceEnv } from "../../src/services/service-env.ts";
import { VERSION } from "../../src/version.ts";
import { leaveServer } from "./grpc-client.ts";

/** A started test server; disposing it shuts it down and removes its temp dir. */
export interface TestServer extends AsyncDisposable {
  /** grpc-js address of its unix socket. */
  address: string;
  /** Root of its `default` storage (a temp dir unless given). */
  storageRoot: string;
  env: ServiceEnv;
}

/** Starts a server whose `default` storage is `storageRoot` (a fresh temp dir by default). */
export async function startTestServer(storageRoot?: string): Promise<TestServer> {
  const dir = await Deno.makeTempDir({ prefix: "dhgitaly-test-" });
  const root = storageRoot ?? join(dir, "repos");
  await Deno.mkdir(root, { recursive: true });
  const env: ServiceEnv = {
    storages: new Map([["default", root]]),
    hgExecutable: "/usr/bin/hg",
    bzip2Executable: "/usr/bin/bzip2",
    version: VERSION,
  };
  const socket = join(dir, "dhgitaly.sock");
  const server = await startServer({
    listen: [{ kind: "unix", path: socket }],
    services: allBindings(env, new HealthState()),
    observe: () => {},
    gracefulTimeoutMs: 2000,
  });
  return {
    address: `unix:${socket}`,
    storageRoot: root,
    env,
    async [Symbol.asyncDispose]() {
      await leaveServer(server, `unix:${socket}`);
      await Deno.remove(dir, { recursive: true });
    },
  };
}
