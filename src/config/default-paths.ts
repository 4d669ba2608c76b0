import { join } from "node:path";
import { ConfigError } from "./config-error.ts";
import type { EnvLookup } from "./expand-path.ts";

/**
 * The default root of the `default` storage:
 * - as root (uid 0): `/var/lib/dhgitaly/repositories` (system service);
 * - otherwise `$XDG_DATA_HOME/dhgitaly/repositories`, falling back to
 *   `$HOME/.local/share/dhgitaly/repositories` (XDG base directories).
 *
 * Throws {@link ConfigError} when neither variable holds an absolute path.
 */
export function defaultRepositoriesRoot(env: EnvLookup, uid: number): string {
  if (uid === 0) return "/var/lib/dhgitaly/repositories";
  const dataHome = absolute(env("XDG_DATA_HOME"));
  if (dataHome !== undefined) return join(dataHome, "dhgitaly", "repositories");
  const home = absolute(env("HOME"));
  if (home !== undefined) return join(home, ".local", "share", "dhgitaly", "repositories");
  throw new ConfigError(
    "cannot choose a default repositories root (neither XDG_DATA_HOME nor HOME is set): " +
      "use --repositories-root",
  );
}

/**
 * The default listen URL, a Unix socket in a directory of its own (so the
 * write permission it needs stays narrow):
 * - as root (uid 0): `unix:/run/dhgitaly/dhgitaly.sock`;
 * - otherwise `unix:$XDG_RUNTIME_DIR/dhgitaly/dhgitaly.sock`, falling back to
 *   `unix:/tmp/dhgitaly-<uid>/dhgitaly.sock`.
 *
 * The directory may not exist yet; creating it (private to the user) is up to
 * the server.
 */
export function defaultListenUrl(env: EnvLookup, uid: number): string {
  if (uid === 0) return "unix:/run/dhgitaly/dhgitaly.sock";
  const runtimeDir = absolute(env("XDG_RUNTIME_DIR"));
  const dir = runtimeDir !== undefined ? join(runtimeDir, "dhgitaly") : `/tmp/dhgitaly-${uid}`;
  return `unix:${join(dir, "dhgitaly.sock")}`;
}

function absolute(path: string | undefined): string | undefined {
  return path !== undefined && path.startsWith("/") ? path : undefined;
}
