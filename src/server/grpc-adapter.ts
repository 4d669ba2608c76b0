/**
 * Turns a protobuf-es service descriptor plus our handler object into a grpc-js service
 * definition and implementation: (de)serialisation with protobuf-es, call contexts,
 * back-pressure on streams, error mapping, UNIMPLEMENTED for absent handlers, and one
 * observer callback per finished call (used for the per-RPC log line).
 */
import * as grpc from "@grpc/grpc-js";
import { Buffer } from "node:buffer";
import type { Readable } from "node:stream";
import {
  create,
  type DescMessage,
  type DescMethod,
  fromBinary,
  type Message,
  toBinary,
} from "@bufbuild/protobuf";
import { anyPack } from "@bufbuild/protobuf/wkt";
import { StatusSchema } from "../gen/google/rpc/status_pb.ts";
import { EncodedMessage } from "../services/encoded-message.ts";
import {
  type CallContext,
  Code,
  handlerOf,
  RpcError,
  type ServiceBinding,
} from "../services/rpc.ts";

/** What the observer learns about each finished call. */
export interface CallRecord {
  method: string;
  correlationId: string;
  /** `storage/relative_path` of the request's `repository` field, when it has one. */
  repository?: string;
  code: Code;
  message?: string;
  durationMs: number;
  /** The unexpected exception behind an INTERNAL answer. */
  error?: unknown;
}

/** Receives a record per finished call. */
export type CallObserver = (record: CallRecord) => void;

/** Status detail trailer name used by gRPC for google.rpc.Status. */
const STATUS_DETAILS_KEY = "grpc-status-details-bin";

type AnyHandler = (input: unknown, ctx: CallContext) => unknown;
type AnyCall = grpc.ServerUnaryCall<Message, Message> & grpc.ServerWritableStream<Message, Message>;
/** What all grpc-js server call kinds have in common. */
type SurfaceCall = {
  readonly metadata: grpc.Metadata;
  on(event: "cancelled", listener: () => void): unknown;
};
/** A server call we can write responses to. */
type WritableCall =
  | grpc.ServerWritableStream<Message, Message>
  | grpc.ServerDuplexStream<Message, Message>;

/** grpc-js definition + implementation for one bound service. */
export function toGrpcService(binding: ServiceBinding, observe: CallObserver): {
  definition: grpc.ServiceDefinition;
  implementation: grpc.UntypedServiceImplementation;
} {
  const definition: Record<string, grpc.MethodDefinition<Message, Message>> = {};
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const method of binding.service.methods) {
    const path = `/${binding.service.typeName}/${method.name}`;
    definition[method.name] = {
      path,
      requestStream: method.methodKind === "client_streaming" ||
        method.methodKind === "bidi_streaming",
      responseStream: method.methodKind === "server_streaming" ||
        method.methodKind === "bidi_streaming",
      requestSerialize: serializer(method.input),
      requestDeserialize: deserializer(method.input),
      responseSerialize: serializer(method.output),
      responseDeserialize: deserializer(method.output),
      originalName: method.localName,
    };
    const handler = handlerOf(binding, method) as AnyHandler | undefined;
    implementation[method.name] = grpcHandler(path, method, handler, observe);
  }
  return { definition, implementation };
}

function serializer(schema: DescMessage) {
  return (msg: Message | EncodedMessage) => {
    // Ready-made bytes are sent as they are (a view, no copy); see responseOf for the check.
    if (msg instanceof EncodedMessage) {
      return Buffer.from(msg.bytes.buffer, msg.bytes.byteOffset, msg.bytes.byteLength);
    }
    return Buffer.from(toBinary(schema, msg));
  };
}

/**
 * What grpc-js is given to send for a handler's response: the message built from its init
 * shape, or an EncodedMessage as is, once checked to encode the method's output type.
 */
function responseOf(schema: DescMessage, out: unknown): Message {
  if (out instanceof EncodedMessage) {
    if (out.schema.typeName !== schema.typeName) {
      throw new Error(`handler answered a ${out.schema.typeName}, not a ${schema.typeName}`);
    }
    // grpc-js hands it to our serializer untouched.
    return out as unknown as Message;
  }
  return create(schema, out as Message);
}

function deserializer(schema: DescMessage) {
  return (bytes: Buffer) => fromBinary(schema, bytes);
}

/** Per-call bookkeeping shared by all streaming kinds. */
class Call {
  readonly started = performance.now();
  readonly abort = new AbortController();
  readonly ctx: CallContext;
  repository?: string;
  /** Set once the outcome is known: later "cancelled" events are not cancellations. */
  #finished = false;

  constructor(
    readonly path: string,
    readonly grpcCall: SurfaceCall,
    private readonly observe: CallObserver,
  ) {
    const metadata = grpcCall.metadata;
    const get = (key: string) => {
      const value = metadata.get(key)[0];
      return value === undefined ? undefined : value.toString();
    };
    // grpc-js also emits "cancelled" after every status it sends; only an earlier one is the
    // client's (or the deadline's) cancellation, worth an error object and an abort.
    grpcCall.on("cancelled", () => {
      if (!this.#finished) this.abort.abort(new RpcError(Code.CANCELLED, "cancelled"));
    });
    this.ctx = {
      method: path,
      correlationId: get("x-gitlab-correlation-id") ?? crypto.randomUUID(),
      signal: this.abort.signal,
      metadata: get,
    };
  }

  /** Remembers the request's repository for the log line. */
  noteRequest(req: unknown) {
    if (this.repository !== undefined) return;
    const repo = (req as { repository?: { storageName?: string; relativePath?: string } })
      ?.repository;
    if (repo) this.repository = `${repo.storageName}/${repo.relativePath}`;
  }

  finish(code: Code, message?: string, error?: unknown) {
    this.#finished = true;
    this.observe({
      method: this.path,
      correlationId: this.ctx.correlationId,
      repository: this.repository,
      code,
      message,
      durationMs: performance.now() - this.started,
      error,
    });
  }

  /** The grpc-js error object for an exception, recording the outcome. */
  fail(err: unknown): Partial<grpc.StatusObject> {
    if (this.abort.signal.aborted && !(err instanceof RpcError)) {
      err = new RpcError(Code.CANCELLED, "cancelled by the client");
    }
    if (err instanceof RpcError) {
      this.finish(err.code, err.message);
      const metadata = new grpc.Metadata();
      if (err.details.length > 0) {
        const status = create(StatusSchema, {
          code: err.code,
          message: err.message,
          details: err.details.map((d) => anyPack(d.schema, create(d.schema, d.value))),
        });
        metadata.set(STATUS_DETAILS_KEY, Buffer.from(toBinary(StatusSchema, status)));
      }
      return { code: err.code, details: err.message, metadata };
    }
    this.finish(Code.INTERNAL, String(err), err);
    const text = err instanceof Error ? err.message : String(err);
    return {
      code: Code.INTERNAL,
      details: `internal error: ${text}`,
      metadata: new grpc.Metadata(),
    };
  }
}

function unimplemented(path: string): RpcError {
  return new RpcError(Code.UNIMPLEMENTED, `Not implemented: ${path}`);
}

/**
 * Yields the messages of a client stream, noting the repository of the first one. The stream
 * must not be destroyed when reading ends (Node's default for `for await`), or a duplex call
 * could no longer send its responses and status.
 */
async function* incoming(call: Call, stream: Readable): AsyncIterable<unknown> {
  for await (const msg of stream.iterator({ destroyOnReturn: false })) {
    call.noteRequest(msg);
    yield msg;
  }
}

/** Writes responses with back-pressure; stops early when the call is cancelled. */
async function writeAll(
  call: Call,
  stream: WritableCall,
  schema: DescMessage,
  responses: AsyncIterable<unknown>,
) {
  for await (const out of responses) {
    if (call.abort.signal.aborted) throw call.abort.signal.reason;
    if (!stream.write(responseOf(schema, out))) {
      await new Promise<void>((resolve) => {
        const done = () => {
          stream.off("drain", done);
          call.abort.signal.removeEventListener("abort", done);
          resolve();
        };
        stream.on("drain", done);
        call.abort.signal.addEventListener("abort", done);
      });
    }
  }
  // A handler may end quietly once cancelled; the call is still a cancelled one.
  if (call.abort.signal.aborted) throw call.abort.signal.reason;
}

function grpcHandler(
  path: string,
  method: DescMethod,
  handler: AnyHandler | undefined,
  observe: CallObserver,
): grpc.UntypedHandleCall {
  const output = method.output;
  switch (method.methodKind) {
    case "unary":
      return (async (
        grpcCall: grpc.ServerUnaryCall<Message, Message>,
        callback: grpc.sendUnaryData<Message>,
      ) => {
        const call = new Call(path, grpcCall, observe);
        try {
          call.noteRequest(grpcCall.request);
          if (!handler) throw unimplemented(path);
          const res = await handler(grpcCall.request, call.ctx);
          const response = responseOf(output, res);
          call.finish(Code.OK);
          callback(null, response);
        } catch (err) {
          callback(call.fail(err));
        }
      }) as grpc.handleUnaryCall<Message, Message>;
    case "server_streaming":
      return (async (grpcCall: AnyCall) => {
        const call = new Call(path, grpcCall, observe);
        try {
          call.noteRequest(grpcCall.request);
          if (!handler) throw unimplemented(path);
          const responses = handler(grpcCall.request, call.ctx) as AsyncIterable<unknown>;
          await writeAll(call, grpcCall, output, responses);
          call.finish(Code.OK);
          grpcCall.end();
        } catch (err) {
          grpcCall.emit("error", call.fail(err));
        }
      }) as grpc.handleServerStreamingCall<Message, Message>;
    case "client_streaming":
      return (async (
        grpcCall: grpc.ServerReadableStream<Message, Message>,
        callback: grpc.sendUnaryData<Message>,
      ) => {
        const call = new Call(path, grpcCall, observe);
        try {
          if (!handler) throw unimplemented(path);
          const res = await handler(incoming(call, grpcCall), call.ctx);
          const response = responseOf(output, res);
          call.finish(Code.OK);
          callback(null, response);
        } catch (err) {
          callback(call.fail(err));
        }
      }) as grpc.handleClientStreamingCall<Message, Message>;
    case "bidi_streaming":
      return (async (grpcCall: grpc.ServerDuplexStream<Message, Message>) => {
        const call = new Call(path, grpcCall, observe);
        try {
          if (!handler) throw unimplemented(path);
          const responses = handler(incoming(call, grpcCall), call.ctx) as AsyncIterable<
            unknown
          >;
          await writeAll(call, grpcCall, output, responses);
          call.finish(Code.OK);
          grpcCall.end();
        } catch (err) {
          grpcCall.emit("error", call.fail(err));
        }
      }) as grpc.handleBidiStreamingCall<Message, Message>;
  }
}
