/**
 * A typed grpc-js client built from protobuf-es service descriptors, for tests and benchmarks:
 * unary calls return promises, streaming calls return async iterables.
 */
import * as grpc from "@grpc/grpc-js";
import { Buffer } from "node:buffer";
import {
  create,
  type DescMessage,
  type DescService,
  fromBinary,
  type Message,
  type MessageInitShape,
  type MessageShape,
  toBinary,
} from "@bufbuild/protobuf";

type In<M> = M extends { input: infer I extends DescMessage } ? MessageInitShape<I> : never;
type Out<M> = M extends { output: infer O extends DescMessage } ? MessageShape<O> : never;

/** Call options: metadata entries and a deadline in milliseconds from now. */
export interface CallOptions {
  metadata?: Record<string, string>;
  timeoutMs?: number;
}

/** Client method shape per streaming kind. */
type ClientMethod<M> = M extends { methodKind: "unary" }
  ? (req: In<M>, opts?: CallOptions) => Promise<Out<M>>
  : M extends { methodKind: "server_streaming" }
    ? (req: In<M>, opts?: CallOptions) => AsyncIterable<Out<M>>
  : M extends { methodKind: "client_streaming" }
    ? (reqs: Iterable<In<M>> | AsyncIterable<In<M>>, opts?: CallOptions) => Promise<Out<M>>
  : (reqs: Iterable<In<M>> | AsyncIterable<In<M>>, opts?: CallOptions) => AsyncIterable<Out<M>>;

/** A typed client for service S. */
export type Client<S extends DescService> =
  & {
    [K in keyof S["method"]]: ClientMethod<S["method"][K]>;
  }
  & { close(): void };

function metadataOf(opts?: CallOptions): grpc.Metadata {
  const md = new grpc.Metadata();
  for (const [k, v] of Object.entries(opts?.metadata ?? {})) md.set(k, v);
  return md;
}

function callOptionsOf(opts?: CallOptions): grpc.CallOptions {
  return opts?.timeoutMs ? { deadline: Date.now() + opts.timeoutMs } : {};
}

/**
 * HTTP/2 receive windows chosen per address (see {@link useReceiveWindow}); grpc-js' default is
 * 64 KiB, which keeps an in-process client's buffering (and a memory test's RSS) small.
 */
const receiveWindows = new Map<string, number>();

/**
 * Makes the channel to `address` (created by the next {@link createClient}) use a `bytes`
 * HTTP/2 receive window. Benchmarks use 16 MiB, what GitLab's Go clients reach with their
 * dynamic (BDP-based) window: with 64 KiB every large answer waits for a WINDOW_UPDATE round
 * trip per 64 KiB, a client limit rather than the server's speed.
 */
export function useReceiveWindow(address: string, bytes: number): void {
  receiveWindows.set(address, bytes);
}

/** Shared channels per address, so many clients reuse one connection. */
const channels = new Map<string, grpc.Channel>();

/**
 * Closes the shared channel to `address`. Test harnesses call it before stopping a server: a
 * Deno client session that receives the server's GOAWAY can abort the whole process inside
 * nghttp2 (denoland/deno#36788), so clients leave first.
 */
export function closeChannel(address: string): void {
  channels.get(address)?.close();
  channels.delete(address);
}

/** What {@link leaveServer} needs of a server hosted in the test process. */
export interface InProcessServer {
  openConnections(): number;
  shutdown(): Promise<void>;
}

/**
 * Stops a server hosted in the test process without ever sending a GOAWAY to a live client:
 * closes the shared channel to `address`, waits until the server has seen every connection
 * close, then shuts it down. A connection still open after `timeoutMs` is a client the test
 * forgot to close: that is reported as an error rather than risking the nghttp2 abort.
 */
export async function leaveServer(
  server: InProcessServer,
  address: string,
  timeoutMs = 5000,
): Promise<void> {
  closeChannel(address);
  const end = Date.now() + timeoutMs;
  while (server.openConnections() > 0 && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 5));
  }
  const left = server.openConnections();
  if (left > 0) {
    // Closing the server here would GOAWAY the leftover client; leave it listening instead.
    throw new Error(
      `${left} client connection(s) to ${address} still open after ${timeoutMs} ms: ` +
        "close every client (or channel) a test creates before stopping its server",
    );
  }
  await server.shutdown();
}

/** Creates a client for `service` at a grpc-js address (`unix:/path` or `host:port`). */
export function createClient<S extends DescService>(service: S, address: string): Client<S> {
  const definition: Record<string, grpc.MethodDefinition<Message, Message>> = {};
  for (const m of service.methods) {
    definition[m.name] = {
      path: `/${service.typeName}/${m.name}`,
      requestStream: m.methodKind === "client_streaming" || m.methodKind === "bidi_streaming",
      responseStream: m.methodKind === "server_streaming" || m.methodKind === "bidi_streaming",
      requestSerialize: (msg: Message) => Buffer.from(toBinary(m.input, msg)),
      requestDeserialize: (b: Buffer) => fromBinary(m.input, b),
      responseSerialize: (msg: Message) => Buffer.from(toBinary(m.output, msg)),
      responseDeserialize: (b: Buffer) => fromBinary(m.output, b),
    };
  }
  const Ctor = grpc.makeGenericClientConstructor(definition, service.typeName);
  let channel = channels.get(address);
  if (!channel) {
    const window = receiveWindows.get(address);
    const options: grpc.ChannelOptions = window ? { "grpc-node.flow_control_window": window } : {};
    channel = new grpc.Channel(address, grpc.credentials.createInsecure(), options);
    channels.set(address, channel);
  }
  const raw = new Ctor(address, grpc.credentials.createInsecure(), { channelOverride: channel });
  // deno-lint-ignore no-explicit-any
  const rawAny = raw as any;
  const client: Record<string, unknown> = { close: () => raw.close() };
  for (const m of service.methods) {
    const fn = rawAny[m.name].bind(raw);
    const toMsg = (r: unknown) => create(m.input, r as Message);
    switch (m.methodKind) {
      case "unary":
        client[m.localName] = (req: unknown, opts?: CallOptions) =>
          new Promise((resolve, reject) =>
            fn(
              toMsg(req),
              metadataOf(opts),
              callOptionsOf(opts),
              (err: unknown, res: unknown) => err ? reject(err) : resolve(res),
            )
          );
        break;
      case "server_streaming":
        client[m.localName] = (req: unknown, opts?: CallOptions) =>
          fn(toMsg(req), metadataOf(opts), callOptionsOf(opts));
        break;
      case "client_streaming":
        client[m.localName] = (reqs: Iterable<unknown>, opts?: CallOptions) =>
          new Promise((resolve, reject) => {
            const call = fn(
              metadataOf(opts),
              callOptionsOf(opts),
              (err: unknown, res: unknown) => err ? reject(err) : resolve(res),
            );
            (async () => {
              for await (const r of reqs) call.write(toMsg(r));
              call.end();
            })();
          });
        break;
      case "bidi_streaming":
        client[m.localName] = (reqs: Iterable<unknown>, opts?: CallOptions) => {
          const call = fn(metadataOf(opts), callOptionsOf(opts));
          (async () => {
            for await (const r of reqs) call.write(toMsg(r));
            call.end();
          })();
          return call;
        };
        break;
    }
  }
  return client as Client<S>;
}

/** The gRPC error shape grpc-js rejects with. */
export interface GrpcError {
  code: number;
  details: string;
  metadata: grpc.Metadata;
}

/** Awaits a promise expected to fail with a gRPC error, returning it. */
export async function grpcError(p: Promise<unknown> | AsyncIterable<unknown>): Promise<GrpcError> {
  try {
    if (Symbol.asyncIterator in p) {
      for await (const _ of p) { /* drain */ }
    } else {
      await p;
    }
  } catch (err) {
    const e = err as GrpcError;
    if (typeof e.code === "number") return e;
    throw err;
  }
  throw new Error("expected a gRPC error, got success");
}

/** Collects a server stream into an array. */
export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of stream) out.push(x);
  return out;
}
