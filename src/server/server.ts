/**
 * The gRPC server: registers every service binding through the protobuf-es adapter, binds
 * the listen addresses (unix sockets and TCP), and shuts down gracefully.
 */
import * as grpc from "@grpc/grpc-js";
import { dirname } from "node:path";
import { getLogger } from "@logtape/logtape";
import type { ServiceBinding } from "../services/rpc.ts";
import { type CallObserver, toGrpcService } from "./grpc-adapter.ts";

const logger = getLogger(["dhgitaly", "server"]);

/** A listen address, as parsed from a listen URL. */
export type ListenAddress =
  | { kind: "unix"; path: string }
  | { kind: "tcp"; host: string; port: number };

/** Options for {@link startServer}. */
export interface ServerOptions {
  listen: ListenAddress[];
  services: ServiceBinding[];
  /** Called once per finished RPC (logging, metrics). */
  observe: CallObserver;
  /** How long in-flight calls may run after a shutdown request. */
  gracefulTimeoutMs: number;
}

/** A started server. */
export interface RunningServer {
  /** Bound addresses as URLs (`unix:/path`, `tcp://host:port` with the real port). */
  readonly urls: string[];
  /** Stops accepting calls, waits for in-flight calls (up to the graceful timeout), cleans up. */
  shutdown(): Promise<void>;
  /**
   * Number of client connections (HTTP/2 sessions) currently open. Harnesses that host clients
   * in the same process wait for it to reach 0 before {@link shutdown}, so that no GOAWAY reaches
   * a Deno client (see {@link openSessionCount}).
   */
  openConnections(): number;
}

/**
 * Open HTTP/2 sessions of a grpc-js server. grpc-js keeps them in a private `sessions` map and
 * has no public accessor; when that internal changes shape, this answers 0 (callers then simply
 * do not wait). Needed because a Deno `node:http2` client that receives a GOAWAY can abort the
 * whole process inside nghttp2 (denoland/deno#36788): in-process clients must leave first.
 */
export function openSessionCount(server: grpc.Server): number {
  const sessions = (server as unknown as { sessions?: unknown }).sessions;
  return sessions instanceof Map ? sessions.size : 0;
}

/** Error raised when an address cannot be bound, with a message for a person. */
export class ListenError extends Error {}

/** Prepares a unix socket path: parent must exist; a stale socket is removed. */
function prepareUnixSocket(path: string) {
  try {
    const dir = Deno.statSync(dirname(path));
    if (!dir.isDirectory) throw new ListenError(`${dirname(path)} is not a directory`);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw new ListenError(
        `cannot listen on unix:${path}: directory ${dirname(path)} does not exist`,
      );
    }
    throw err;
  }
  let info: Deno.FileInfo;
  try {
    info = Deno.lstatSync(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return;
    throw err;
  }
  if (!info.isSocket) {
    throw new ListenError(
      `cannot listen on unix:${path}: a file that is not a socket is in the way`,
    );
  }
  Deno.removeSync(path);
}

function bindAddress(address: ListenAddress): string {
  if (address.kind === "unix") return `unix:${address.path}`;
  const host = address.host.includes(":") ? `[${address.host}]` : address.host;
  return `${host}:${address.port}`;
}

function bind(server: grpc.Server, address: string): Promise<number> {
  return new Promise((resolve, reject) =>
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, port) => {
      if (err) reject(new ListenError(`cannot listen on ${address}: ${err.message}`));
      else resolve(port);
    })
  );
}

/** Starts a server on every listen address; rejects with {@link ListenError} on failure. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const server = new grpc.Server({
    "grpc.max_receive_message_length": 64 * 1024 * 1024,
    "grpc.http2.min_ping_interval_without_data_ms": 19000,
  });
  for (const binding of options.services) {
    const { definition, implementation } = toGrpcService(binding, options.observe);
    server.addService(definition, implementation);
  }
  const urls: string[] = [];
  const sockets: string[] = [];
  try {
    for (const address of options.listen) {
      if (address.kind === "unix") prepareUnixSocket(address.path);
      const port = await bind(server, bindAddress(address));
      if (address.kind === "unix") {
        sockets.push(address.path);
        urls.push(`unix:${address.path}`);
      } else {
        urls.push(`tcp://${bindAddress({ ...address, port })}`);
      }
    }
  } catch (err) {
    server.forceShutdown();
    throw err;
  }
  let stopping: Promise<void> | undefined;
  return {
    urls,
    openConnections: () => openSessionCount(server),
    shutdown() {
      stopping ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          logger.warn("graceful timeout reached, cancelling in-flight calls");
          server.forceShutdown();
        }, options.gracefulTimeoutMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          for (const path of sockets) {
            try {
              Deno.removeSync(path);
            } catch { /* already gone */ }
          }
          resolve();
        });
      });
      return stopping;
    },
  };
}
