import { dirname } from "node:path";
import { ConfigError } from "./config-error.ts";
import { formatListenUrl, hostForUrl } from "./listen-url.ts";
import type { Settings } from "./settings.ts";

/** One Deno permission the server needs, and what for. */
export interface PermissionNeed {
  /** What needs it, for messages: `storage "default" (/srv/repos)`. */
  readonly subject: string;
  /** The permission, as `Deno.permissions.query` takes it. */
  readonly descriptor: Deno.PermissionDescriptor;
}

/**
 * The permissions needed to serve with `settings`: read the config files;
 * read and write the storages and the Unix socket directories; stat and run
 * the external tools; listen on the TCP addresses; read the environment (passed to
 * `hg` children); `sys` `uid` (for the per-user defaults).
 */
export function permissionNeeds(settings: Settings): PermissionNeed[] {
  const needs: PermissionNeed[] = [];
  const readWrite = (subject: string, path: string) => {
    needs.push({ subject, descriptor: { name: "read", path } });
    needs.push({ subject, descriptor: { name: "write", path } });
  };
  for (const file of settings.configFiles) {
    needs.push({ subject: `config file ${file}`, descriptor: { name: "read", path: file } });
  }
  for (const [name, root] of settings.storages) readWrite(`storage "${name}" (${root})`, root);
  for (const address of settings.listen) {
    const subject = `listen ${formatListenUrl(address)}`;
    if (address.kind === "unix") {
      readWrite(`${subject} (socket directory)`, dirname(address.path));
      // Deno's node:net also asks for net access to `unix:<path>` to listen there.
      needs.push({ subject, descriptor: { name: "net", host: `unix:${address.path}` } });
    } else {
      const host = `${hostForUrl(address.host)}:${address.port}`;
      needs.push({ subject, descriptor: { name: "net", host } });
    }
  }
  const tools: [string, string | undefined][] = [
    ["hg", settings.hgExecutable],
    ["git", settings.gitExecutable],
    ["tokei", settings.tokeiExecutable],
    ["license-detector", settings.licenseDetectorExecutable],
    ["bzip2", settings.bzip2Executable],
  ];
  for (const [tool, command] of tools) {
    if (command !== undefined) {
      const subject = `${tool} executable (${command})`;
      // Read: settings resolution stats the binary to check it is executable.
      needs.push({ subject, descriptor: { name: "read", path: command } });
      needs.push({ subject, descriptor: { name: "run", command } });
    }
  }
  needs.push({ subject: "environment", descriptor: { name: "env" } });
  needs.push({ subject: "user id", descriptor: { name: "sys", kind: "uid" } });
  return needs;
}

/**
 * The `deno run` permission flags granting exactly {@link permissionNeeds}, e.g.
 * `["--allow-read=/etc/dhgitaly.rc,/srv/repos", "--allow-write=/srv/repos",
 * "--allow-run=/usr/bin/hg", "--allow-env", "--allow-sys=uid"]`. Throws
 * {@link ConfigError} for a value holding a comma, which the flags cannot express.
 */
export function permissionFlags(settings: Settings): string[] {
  const lists = new Map<string, string[]>();
  for (const { descriptor } of permissionNeeds(settings)) {
    const value = flagValue(descriptor);
    if (value?.includes(",")) {
      throw new ConfigError(
        `cannot express "${value}" in a Deno permission flag (it holds a comma)`,
      );
    }
    const list = lists.get(descriptor.name) ?? [];
    if (value !== undefined && !list.includes(value)) list.push(value);
    lists.set(descriptor.name, list);
  }
  return [...lists].map(([name, values]) =>
    values.length === 0 ? `--allow-${name}` : `--allow-${name}=${values.join(",")}`
  );
}

/**
 * Checks with `Deno.permissions.query` that the running process holds every
 * permission of {@link permissionNeeds}; returns one message per missing one,
 * e.g. `storage "default" (/srv/repos): read permission missing: add
 * --allow-read=/srv/repos`. Empty when everything is covered.
 */
export async function checkPermissions(settings: Settings): Promise<string[]> {
  const problems: string[] = [];
  for (const { subject, descriptor } of permissionNeeds(settings)) {
    const { state } = await Deno.permissions.query(descriptor);
    if (state === "granted") continue;
    const value = flagValue(descriptor);
    const flag = value === undefined
      ? `--allow-${descriptor.name}`
      : `--allow-${descriptor.name}=${value}`;
    problems.push(`${subject}: ${descriptor.name} permission missing: add ${flag}`);
  }
  return problems;
}

function flagValue(descriptor: Deno.PermissionDescriptor): string | undefined {
  switch (descriptor.name) {
    case "read":
    case "write":
      return descriptor.path?.toString();
    case "run":
      return descriptor.command?.toString();
    case "net":
      return descriptor.host;
    case "env":
      return descriptor.variable;
    case "sys":
      return descriptor.kind;
    default:
      return undefined;
  }
}
