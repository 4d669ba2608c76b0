/**
 * Shared by the start and compile tasks: resolve the settings the server would use from the
 * same flags and environment, create the embedded default directories, and derive the Deno
 * permission flags that grant exactly what those settings need.
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseFlags } from "../config/cli-flags.ts";
import { ConfigError } from "../config/config-error.ts";
import { defaultListenUrl, defaultRepositoriesRoot } from "../config/default-paths.ts";
import { formatListenUrl } from "../config/listen-url.ts";
import { permissionFlags } from "../config/permissions.ts";
import { resolveSettings } from "../config/settings.ts";

/** The permission flags for `args` (server flags) in the current environment. */
export function derivePermissionFlags(args: string[]): string[] {
  const flags = parseFlags(args);
  const settings = resolveSettings({ flags, env: Deno.env.toObject() });
  const env = (name: string) => Deno.env.get(name) || undefined;
  const uid = Deno.uid() ?? -1;
  if (settings.repositoriesRoot === defaultRepositoriesRoot(env, uid)) {
    Deno.mkdirSync(settings.repositoriesRoot, { recursive: true });
  }
  for (const address of settings.listen) {
    if (address.kind === "unix" && formatListenUrl(address) === defaultListenUrl(env, uid)) {
      Deno.mkdirSync(dirname(address.path), { recursive: true, mode: 0o700 });
    }
  }
  return withCodeRead(permissionFlags(settings));
}

/**
 * Adds read access to our own `src/` directory: worker modules (archive generation) are loaded
 * at run time by `new Worker`, which Deno checks like a file read when running from source.
 */
function withCodeRead(flags: string[]): string[] {
  const src = fileURLToPath(new URL("../", import.meta.url)).replace(/\/$/, "");
  return flags.map((flag) => flag.startsWith("--allow-read=") ? `${flag},${src}` : flag);
}

/** Runs `body`, turning a ConfigError into a message and exit code 2. */
export function orExit<T>(body: () => T): T {
  try {
    return body();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`dhgitaly: ${err.message}`);
      Deno.exit(2);
    }
    throw err;
  }
}
