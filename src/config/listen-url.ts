import { ConfigError } from "./config-error.ts";

/** Where the server listens: a Unix domain socket or a TCP host and port. */
export type ListenAddress =
  | { readonly kind: "unix"; readonly path: string }
  | { readonly kind: "tcp"; readonly host: string; readonly port: number };

const FORMS = "expected unix:/absolute/path, tcp://host:port or host:port";

/**
 * Parses a listen URL: `unix:/abs/path` (also `unix:///abs/path`),
 * `tcp://host:port` or `host:port`; IPv6 hosts go in brackets (`[::1]:9237`) and
 * are stored without them. Port 0 (any free port) is accepted. Throws
 * {@link ConfigError} explaining what is wrong.
 */
export function parseListenUrl(url: string): ListenAddress {
  const text = url.trim();
  const invalid = (why: string) => new ConfigError(`invalid listen URL "${url}": ${why}`);
  if (text === "") throw invalid(`empty (${FORMS})`);
  if (text.startsWith("unix:")) {
    let path = text.slice("unix:".length);
    if (path.startsWith("//")) path = path.slice(2);
    if (!path.startsWith("/")) throw invalid("the socket path must be absolute");
    if (path.endsWith("/")) throw invalid("the socket path names a directory");
    return { kind: "unix", path };
  }
  let hostPort = text;
  if (text.startsWith("tcp://")) {
    hostPort = text.slice("tcp://".length);
  } else {
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text);
    if (scheme) throw invalid(`unsupported scheme "${scheme[1]}" (${FORMS})`);
  }
  if (hostPort.includes("/")) throw invalid(`unexpected path after the port (${FORMS})`);
  const colon = hostPort.lastIndexOf(":");
  if (colon < 0) throw invalid(`missing port (${FORMS})`);
  let host = hostPort.slice(0, colon);
  const portText = hostPort.slice(colon + 1);
  if (host.startsWith("[")) {
    if (!host.endsWith("]") || !host.slice(1, -1).includes(":")) {
      throw invalid("brackets must enclose an IPv6 address");
    }
    host = host.slice(1, -1);
  } else if (host.includes(":")) {
    throw invalid("IPv6 addresses must be written in brackets, e.g. [::1]:9237");
  } else if (host.includes("[") || host.includes("]")) {
    throw invalid("misplaced bracket in host");
  }
  if (host === "") throw invalid("missing host");
  if (/\s|@/.test(host)) throw invalid(`bad host "${host}"`);
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
    throw invalid(`bad port "${portText}" (expected 0 to 65535)`);
  }
  return { kind: "tcp", host, port: Number(portText) };
}

/** The address string grpc-js binds to: `unix:/abs/path` or `host:port`. */
export function bindAddress(address: ListenAddress): string {
  if (address.kind === "unix") return `unix:${address.path}`;
  return `${hostForUrl(address.host)}:${address.port}`;
}

/** The canonical listen URL, for logs: `unix:/abs/path` or `tcp://host:port`. */
export function formatListenUrl(address: ListenAddress): string {
  if (address.kind === "unix") return `unix:${address.path}`;
  return `tcp://${hostForUrl(address.host)}:${address.port}`;
}

/** A host as written next to a port: IPv6 addresses in brackets. */
export function hostForUrl(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}
