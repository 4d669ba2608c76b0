/**
 * dhgitaly entry point: resolve settings, set up logging, check Deno permissions, start the
 * gRPC server, and stop gracefully on SIGTERM/SIGINT.
 *
 * Exit codes: 0 after a graceful stop, 2 for a configuration, permission or listen problem.
 */
import { getLogger } from "@logtape/logtape";
import { parseFlags, USAGE } from "./src/config/cli-flags.ts";
import { ConfigError } from "./src/config/config-error.ts";
import { defaultListenUrl, defaultRepositoriesRoot } from "./src/config/default-paths.ts";
import { formatListenUrl } from "./src/config/listen-url.ts";
import { checkPermissions } from "./src/config/permissions.ts";
import { resolveSettings, type Settings } from "./src/config/settings.ts";
import { allBindings } from "./src/server/all-bindings.ts";
import { HealthState } from "./src/server/health.ts";
import { closeLogging, setupLogging } from "./src/server/logging.ts";
import { logCall } from "./src/server/rpc-log.ts";
import { ListenError, startServer } from "./src/server/server.ts";
import type { ServiceEnv } from "./src/services/service-env.ts";
import {
  configureArchiveWorkers,
  shutdownArchiveWorkers,
} from "./src/services/repository/archive-pool.ts";
import {
  configureLineDiffWorkers,
  shutdownLineDiffWorkers,
} from "./src/services/diff/line-diff-pool.ts";
import { VERSION } from "./src/version.ts";
import { retainReadHandles } from "./src/hg/positioned-read.ts";
import { dirname } from "node:path";

const logger = getLogger(["dhgitaly", "main"]);

/** Idle time after which the server closes a revlog data file it keeps open. */
const READ_HANDLE_IDLE_MS = 2000;

function fail(message: string): number {
  console.error(`dhgitaly: ${message}`);
  return 2;
}

/** Creates the embedded defaults (repositories root, socket directory) when they are in use. */
function createDefaultDirectories(settings: Settings) {
  const env = (name: string) => Deno.env.get(name) || undefined;
  const uid = Deno.uid() ?? -1;
  if (settings.repositoriesRoot === defaultRepositoriesRoot(env, uid)) {
    Deno.mkdirSync(settings.repositoriesRoot, { recursive: true });
  }
  const defaultUrl = defaultListenUrl(env, uid);
  for (const address of settings.listen) {
    if (address.kind === "unix" && formatListenUrl(address) === defaultUrl) {
      Deno.mkdirSync(dirname(address.path), { recursive: true, mode: 0o700 });
    }
  }
}

/** Runs the server until a stop signal; resolves to the process exit code. */
export async function main(args: string[]): Promise<number> {
  let settings: Settings;
  try {
    const flags = parseFlags(args);
    if (flags.help) {
      console.log(USAGE);
      return 0;
    }
    settings = resolveSettings({ flags, env: Deno.env.toObject() });
    createDefaultDirectories(settings);
  } catch (err) {
    if (err instanceof ConfigError) return fail(err.message);
    if (err instanceof Deno.errors.NotCapable || err instanceof Deno.errors.PermissionDenied) {
      return fail(`${err.message} (the process lacks a Deno permission for it)`);
    }
    throw err;
  }
  setupLogging(settings.logFormat, settings.logLevel);

  const problems = await checkPermissions(settings);
  if (problems.length > 0) {
    return fail(
      `refusing to start, Deno permissions do not cover the settings:\n  ${problems.join("\n  ")}`,
    );
  }

  const env: ServiceEnv = {
    storages: settings.storages,
    hgExecutable: settings.hgExecutable,
    gitExecutable: settings.gitExecutable,
    bzip2Executable: settings.bzip2Executable,
    version: VERSION,
  };
  configureArchiveWorkers(settings.workers);
  configureLineDiffWorkers({ workers: settings.workers });
  // A server keeps revlog data files open between the requests reading them (see the module).
  retainReadHandles(READ_HANDLE_IDLE_MS);
  const health = new HealthState();
  let server;
  try {
    server = await startServer({
      listen: [...settings.listen],
      services: allBindings(env, health),
      observe: logCall,
      gracefulTimeoutMs: settings.gracefulShutdownTimeoutSeconds * 1000,
    });
  } catch (err) {
    if (err instanceof ListenError) return fail(err.message);
    throw err;
  }
  logger.info("dhgitaly {version} listening on {urls}, repositories root {root}", {
    version: VERSION,
    urls: server.urls.join(" "),
    root: settings.repositoriesRoot,
  });

  const signal = await new Promise<string>((resolve) => {
    for (const sig of ["SIGTERM", "SIGINT"] as const) {
      Deno.addSignalListener(sig, () => resolve(sig));
    }
  });
  logger.info("{signal} received: stopping (in-flight calls may run up to {timeout} s)", {
    signal,
    timeout: settings.gracefulShutdownTimeoutSeconds,
  });
  health.setNotServing();
  await server.shutdown();
  shutdownArchiveWorkers();
  shutdownLineDiffWorkers();
  logger.info("stopped");
  return 0;
}

if (import.meta.main) {
  const code = await main(Deno.args);
  closeLogging();
  Deno.exit(code);
}
