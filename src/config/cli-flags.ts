import { ConfigError } from "./config-error.ts";

/** Command-line flags as given, before any validation of their values. */
export interface CliFlags {
  /** `--help` / `-h`: print {@link USAGE} and exit. */
  readonly help: boolean;
  /** `--listen URL`, repeatable. */
  readonly listen: readonly string[];
  /** `--repositories-root DIR`. */
  readonly repositoriesRoot?: string;
  /** `--config PATH` (hgrc file or directory of `*.rc`), repeatable. */
  readonly config: readonly string[];
  /** `--log-format text|json`. */
  readonly logFormat?: string;
  /** `--log-level LEVEL`. */
  readonly logLevel?: string;
}

/** Text printed by `--help`. */
export const USAGE = `Usage: dhgitaly [options]

Serves the Gitaly gRPC protocol for Mercurial repositories.

Options:
  --listen URL              listen on URL (repeatable): unix:/abs/path, tcp://host:port
                            or host:port [env DHGITALY_LISTEN_URL, comma separated;
                            hgrc [dhgitaly] listen]
  --repositories-root DIR   root of the "default" storage [env DHGITALY_REPOSITORIES_ROOT;
                            hgrc [heptapod] repositories-root]
  --config PATH             Mercurial config file, or directory of *.rc files (repeatable)
                            [env DHGITALY_CONFIG, ':' separated; else HGRCPATH]
  --log-format text|json    log line format [env DHGITALY_LOG_FORMAT; hgrc [dhgitaly] log-format]
  --log-level LEVEL         trace, debug, info, warning, error or fatal
                            [env DHGITALY_LOG_LEVEL; hgrc [dhgitaly] log-level]
  -h, --help                show this help
`;

const VALUED = new Set(["listen", "repositories-root", "config", "log-format", "log-level"]);

/**
 * Parses command-line arguments: `--name value` or `--name=value`; repeatable
 * flags accumulate, others keep their last value. Throws {@link ConfigError} on
 * unknown flags, missing values and positional arguments.
 */
export function parseFlags(args: readonly string[]): CliFlags {
  let help = false;
  const listen: string[] = [];
  const config: string[] = [];
  const single = new Map<string, string>();
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === "-h" || arg === "--help") {
      help = true;
      continue;
    }
    if (!arg.startsWith("--") || arg === "--") {
      throw new ConfigError(`unexpected argument "${arg}" (see --help)`);
    }
    const equal = arg.indexOf("=");
    const name = arg.slice(2, equal < 0 ? undefined : equal);
    if (!VALUED.has(name)) throw new ConfigError(`unknown option --${name} (see --help)`);
    let value: string;
    if (equal >= 0) {
      value = arg.slice(equal + 1);
    } else {
      if (index + 1 >= args.length) throw new ConfigError(`option --${name} needs a value`);
      value = args[++index];
    }
    if (name === "listen") listen.push(value);
    else if (name === "config") config.push(value);
    else single.set(name, value);
  }
  return {
    help,
    listen,
    config,
    repositoriesRoot: single.get("repositories-root"),
    logFormat: single.get("log-format"),
    logLevel: single.get("log-level"),
  };
}
