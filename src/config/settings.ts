import { isAbsolute, normalize, resolve } from "node:path";
import type { CliFlags } from "./cli-flags.ts";
import { ConfigError } from "./config-error.ts";
import { defaultListenUrl, defaultRepositoriesRoot } from "./default-paths.ts";
import type { EnvLookup } from "./expand-path.ts";
import { findExecutable } from "./find-executable.ts";
import { type HgrcConfig, loadHgrc } from "./hgrc.ts";
import { hgrcEntryFiles, hgrcPathEntries } from "./hgrc-path.ts";
import { bindAddress, type ListenAddress, parseListenUrl } from "./listen-url.ts";

/** Log line format. */
export type LogFormat = "text" | "json";

/** Log threshold, from most to least verbose. */
export type LogLevel = "trace" | "debug" | "info" | "warning" | "error" | "fatal";

const LOG_FORMATS: readonly LogFormat[] = ["text", "json"];
const LOG_LEVELS: readonly LogLevel[] = ["trace", "debug", "info", "warning", "error", "fatal"];

/** The resolved server settings: every value validated, every path absolute. */
export interface Settings {
  /** Addresses to listen on (at least one). */
  readonly listen: readonly ListenAddress[];
  /** Root of the `default` storage. */
  readonly repositoriesRoot: string;
  /** Storage name -> absolute root; `default` first, being {@link repositoriesRoot}. */
  readonly storages: ReadonlyMap<string, string>;
  /** Config paths to hand to `hg` children as `HGRCPATH` (top-level files, in order). */
  readonly configPaths: readonly string[];
  /** Every config file actually read, included ones too. */
  readonly configFiles: readonly string[];
  /** Log line format. */
  readonly logFormat: LogFormat;
  /** Log threshold. */
  readonly logLevel: LogLevel;
  /** Absolute path of `hg`. */
  readonly hgExecutable: string;
  /** Absolute path of `git`, when found. */
  readonly gitExecutable?: string;
  /** Absolute path of `tokei` (language statistics), when found. */
  readonly tokeiExecutable?: string;
  /** Absolute path of `license-detector`, when found. */
  readonly licenseDetectorExecutable?: string;
  /** Absolute path of `bzip2` (TAR_BZ2 archives), when found. */
  readonly bzip2Executable?: string;
  /** Size of the worker pool for CPU-heavy work. */
  readonly workers: number;
  /** How long a graceful shutdown waits for requests in flight. */
  readonly gracefulShutdownTimeoutSeconds: number;
  /** Resident memory above which a worker is recycled. */
  readonly maxRssMib: number;
  /** Period of worker memory monitoring. */
  readonly monitoringIntervalSeconds: number;
}

/** What settings are resolved from. */
export interface SettingsInput {
  /** Parsed command-line flags. */
  readonly flags: CliFlags;
  /** Process environment (e.g. `Deno.env.toObject()`); empty values count as unset. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** User id deciding system vs per-user defaults; defaults to `Deno.uid()`. */
  readonly uid?: number;
  /** Directory relative paths are resolved against; defaults to `Deno.cwd()`. */
  readonly cwd?: string;
  /** CPU count for the default worker count; defaults to `navigator.hardwareConcurrency`. */
  readonly cpuCount?: number;
}

/** A raw value and where it came from, for error messages. */
interface Given {
  readonly value: string;
  readonly origin: string;
}

/**
 * Resolves the settings with precedence flags > environment > hgrc > defaults.
 *
 * Config files: `--config` paths, else `DHGITALY_CONFIG` (`:` separated), both
 * required to exist (a directory stands for its `*.rc` files); else `HGRCPATH`
 * with Mercurial's rules (missing files ignored); else none.
 *
 * hgrc keys: `[heptapod] repositories-root`; `[dhgitaly] listen` (comma
 * separated), `log-format`, `log-level`; `[dhgitaly.storages] <name> = <absolute
 * path>` for storages besides `default`; `[hgitaly] hg-executable`,
 * `git-executable`, `tokei-executable`, `license-detector-executable`,
 * `bzip2-executable`, `workers`
 * (default 1 + half the CPUs), `worker.graceful-shutdown-timeout-seconds` (300),
 * `worker.max_rss_mib` (1024), `worker.monitoring-interval-seconds` (60).
 *
 * Executables are looked up in `PATH` and made absolute; `hg` is required, the
 * others are optional unless configured explicitly. Defaults for the
 * repositories root and listen URL are described in `default-paths.ts`.
 * Throws {@link ConfigError} on anything invalid.
 */
export function resolveSettings(input: SettingsInput): Settings {
  const env: EnvLookup = (name) => (input.env[name] === "" ? undefined : input.env[name]);
  const cwd = input.cwd ?? Deno.cwd();
  // Deno.uid() is null only on Windows, which has no root user either.
  const uid = input.uid ?? Deno.uid() ?? -1;
  const { flags } = input;

  const configPaths = configFilePaths(flags, env, cwd);
  const hgrc = loadHgrc(configPaths, { env });
  const fromHgrc = (section: string, key: string): Given | undefined => {
    const value = hgrc.get(section, key);
    return value === undefined ? undefined : { value, origin: hgrc.source(section, key) ?? "" };
  };
  const fromFlag = (value: string | undefined, flag: string): Given | undefined =>
    value === undefined ? undefined : { value, origin: flag };
  const fromEnv = (name: string): Given | undefined => {
    const value = env(name);
    return value === undefined ? undefined : { value, origin: name };
  };

  const listen = resolveListen(
    flags.listen.length > 0
      ? flags.listen.map((value) => ({ value, origin: "--listen" }))
      : splitList(fromEnv("DHGITALY_LISTEN_URL")) ?? splitList(fromHgrc("dhgitaly", "listen")) ??
        [{ value: defaultListenUrl(env, uid), origin: "default" }],
  );

  // Flag and environment paths may be relative to the working directory;
  // config file paths must be absolute rather than guess a base.
  const rootGiven = fromFlag(flags.repositoriesRoot, "--repositories-root") ??
    fromEnv("DHGITALY_REPOSITORIES_ROOT");
  const rootInHgrc = fromHgrc("heptapod", "repositories-root");
  const repositoriesRoot = rootGiven !== undefined
    ? absolutePath(rootGiven, cwd)
    : rootInHgrc !== undefined
    ? absolutePath(rootInHgrc)
    : defaultRepositoriesRoot(env, uid);

  const logFormat = oneOf(
    fromFlag(flags.logFormat, "--log-format") ?? fromEnv("DHGITALY_LOG_FORMAT") ??
      fromHgrc("dhgitaly", "log-format"),
    LOG_FORMATS,
    "text",
    "log format",
  );
  const levelGiven = fromFlag(flags.logLevel, "--log-level") ?? fromEnv("DHGITALY_LOG_LEVEL") ??
    fromHgrc("dhgitaly", "log-level");
  const logLevel = oneOf(
    levelGiven && levelGiven.value.toLowerCase() === "warn"
      ? { ...levelGiven, value: "warning" }
      : levelGiven,
    LOG_LEVELS,
    "info",
    "log level",
  );

  const searchPath = env("PATH") ?? "";
  /** A configured tool must exist; a default one only when `required`. */
  const tool = (key: string, name: string, required: boolean): string | undefined => {
    const given = fromHgrc("hgitaly", key);
    const found = findExecutable(given?.value ?? name, searchPath, cwd);
    if (found === undefined && (required || given !== undefined)) {
      const where = given ? `${given.origin}: ` : "";
      throw new ConfigError(
        `${where}executable "${given?.value ?? name}" not found ` +
          `(searched PATH; set [hgitaly] ${key} to its absolute path)`,
      );
    }
    return found;
  };
  const requiredTool = (key: string, name: string): string => {
    const found = tool(key, name, true);
    if (found === undefined) throw new ConfigError(`executable "${name}" not found`);
    return found;
  };

  const cpuCount = input.cpuCount ?? navigator.hardwareConcurrency ?? 1;
  return {
    listen,
    repositoriesRoot,
    storages: resolveStorages(repositoriesRoot, hgrc),
    configPaths,
    configFiles: [...hgrc.files],
    logFormat,
    logLevel,
    hgExecutable: requiredTool("hg-executable", "hg"),
    gitExecutable: tool("git-executable", "git", false),
    tokeiExecutable: tool("tokei-executable", "tokei", false),
    licenseDetectorExecutable: tool("license-detector-executable", "license-detector", false),
    bzip2Executable: tool("bzip2-executable", "bzip2", false),
    workers: positiveInt(hgrc, "workers", 1 + Math.floor(cpuCount / 2), 1),
    gracefulShutdownTimeoutSeconds: positiveInt(
      hgrc,
      "worker.graceful-shutdown-timeout-seconds",
      300,
      0,
    ),
    maxRssMib: positiveInt(hgrc, "worker.max_rss_mib", 1024, 1),
    monitoringIntervalSeconds: positiveInt(hgrc, "worker.monitoring-interval-seconds", 60, 1),
  };
}

function configFilePaths(flags: CliFlags, env: EnvLookup, cwd: string): string[] {
  const explicit = flags.config.length > 0
    ? flags.config.map((path) => ({ path, origin: "--config" }))
    : env("DHGITALY_CONFIG")?.split(":").filter((p) => p !== "").map((path) => ({
      path,
      origin: "DHGITALY_CONFIG",
    }));
  if (explicit === undefined) {
    const hgrcPath = env("HGRCPATH");
    return hgrcPath === undefined ? [] : hgrcPathEntries(hgrcPath, env);
  }
  const files: string[] = [];
  for (const { path, origin } of explicit) {
    const absolute = resolve(cwd, path);
    try {
      Deno.statSync(absolute);
    } catch {
      throw new ConfigError(`config file not found: ${path} (from ${origin})`);
    }
    files.push(...hgrcEntryFiles(absolute));
  }
  return files;
}

/** Splits a comma (or newline) separated list, keeping the origin. */
function splitList(given: Given | undefined): Given[] | undefined {
  if (given === undefined) return undefined;
  const values = given.value.split(/[,\n]/).map((v) => v.trim()).filter((v) => v !== "");
  return values.length === 0 ? undefined : values.map((value) => ({ value, origin: given.origin }));
}

function resolveListen(given: readonly Given[]): ListenAddress[] {
  const seen = new Set<string>();
  const result: ListenAddress[] = [];
  for (const { value, origin } of given) {
    let address: ListenAddress;
    try {
      address = parseListenUrl(value);
    } catch (error) {
      throw error instanceof ConfigError
        ? new ConfigError(`${error.message} (from ${origin})`)
        : error;
    }
    const key = bindAddress(address);
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(address);
  }
  return result;
}

/** An absolute, normalized path; a relative one is refused unless `cwd` is given. */
function absolutePath(given: Given, cwd?: string): string {
  if (given.value.trim() === "") throw new ConfigError(`${given.origin}: empty path`);
  if (isAbsolute(given.value)) return normalize(given.value).replace(/(.)\/+$/, "$1");
  if (cwd === undefined) {
    throw new ConfigError(`${given.origin}: path must be absolute: ${given.value}`);
  }
  return resolve(cwd, given.value);
}

function oneOf<T extends string>(
  given: Given | undefined,
  allowed: readonly T[],
  fallback: T,
  what: string,
): T {
  if (given === undefined) return fallback;
  const match = allowed.find((candidate) => candidate === given.value);
  if (match === undefined) {
    throw new ConfigError(
      `invalid ${what} "${given.value}" (from ${given.origin}): expected ${allowed.join(", ")}`,
    );
  }
  return match;
}

function positiveInt(hgrc: HgrcConfig, key: string, fallback: number, minimum: number): number {
  const value = hgrc.getInt("hgitaly", key);
  if (value === undefined) return fallback;
  if (value < minimum) {
    throw new ConfigError(
      `${hgrc.source("hgitaly", key)}: hgitaly.${key} must be at least ${minimum}`,
    );
  }
  return value;
}

function resolveStorages(repositoriesRoot: string, hgrc: HgrcConfig): Map<string, string> {
  const storages = new Map([["default", repositoriesRoot]]);
  for (const item of hgrc.items("dhgitaly.storages")) {
    const origin = item.source;
    if (item.key === "default") {
      throw new ConfigError(
        `${origin}: storage "default" is the repositories root: set [heptapod] repositories-root instead`,
      );
    }
    if (item.key.includes(":")) {
      throw new ConfigError(`${origin}: storage name "${item.key}" must not contain ":"`);
    }
    storages.set(item.key, absolutePath({ value: item.value, origin }));
  }
  return storages;
}
