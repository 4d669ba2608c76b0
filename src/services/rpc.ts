/**
 * The contract between RPC implementations (this layer) and the gRPC server below it:
 * handler shapes derived from protobuf-es service descriptors, the per-call context, and
 * the error type handlers throw to answer a gRPC status.
 *
 * Nothing here depends on grpc-js: the server layer adapts these shapes to it.
 */
import type {
  DescMessage,
  DescMethod,
  DescService,
  MessageInitShape,
  MessageShape,
} from "@bufbuild/protobuf";
import type { EncodedMessage } from "./encoded-message.ts";

/** gRPC status codes (numeric values are the wire values). */
export const Code = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

/** One of the gRPC status code values. */
export type Code = typeof Code[keyof typeof Code];

/** A structured error detail: a message packed into google.rpc.Status details as an Any. */
export interface ErrorDetail<D extends DescMessage = DescMessage> {
  schema: D;
  value: MessageInitShape<D>;
}

/**
 * Thrown by handlers to answer a specific gRPC status. Any other exception becomes INTERNAL
 * (and is logged with the correlation id), so handlers throw this for every expected failure.
 */
export class RpcError extends Error {
  /** @param code gRPC status code; @param details optional structured Gitaly errors. */
  constructor(
    readonly code: Code,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = "RpcError";
  }
}

/** Builds a structured detail with its schema, keeping the value typed. */
export function detail<D extends DescMessage>(
  schema: D,
  value: MessageInitShape<D>,
): ErrorDetail {
  return { schema, value } as ErrorDetail;
}

/** What a handler knows about the call it serves. */
export interface CallContext {
  /** Full method path, e.g. `/gitaly.RefService/FindBranch`. */
  readonly method: string;
  /** Correlation id from `x-gitlab-correlation-id`, or a generated one. */
  readonly correlationId: string;
  /** Aborted when the client cancels or the deadline passes. */
  readonly signal: AbortSignal;
  /** First value of a request metadata key (lower case), if any. */
  metadata(key: string): string | undefined;
}

type Input<M> = M extends { input: infer I extends DescMessage } ? MessageShape<I> : never;
/** A response: a message (init shape), or its ready-made encoding (see encoded-message.ts). */
type Output<M> = M extends { output: infer O extends DescMessage }
  ? MessageInitShape<O> | EncodedMessage<O>
  : never;

/** The handler shape for one method, chosen by its streaming kind. */
export type Handler<M> = M extends { methodKind: "unary" }
  ? (req: Input<M>, ctx: CallContext) => Promise<Output<M>> | Output<M>
  : M extends { methodKind: "server_streaming" }
    ? (req: Input<M>, ctx: CallContext) => AsyncIterable<Output<M>>
  : M extends { methodKind: "client_streaming" }
    ? (reqs: AsyncIterable<Input<M>>, ctx: CallContext) => Promise<Output<M>>
  : (reqs: AsyncIterable<Input<M>>, ctx: CallContext) => AsyncIterable<Output<M>>;

/** A (possibly partial) implementation of a service: absent methods answer UNIMPLEMENTED. */
export type ServiceImpl<S extends DescService> = {
  [K in keyof S["method"]]?: Handler<S["method"][K]>;
};

/** A service descriptor paired with its implementation, ready to be registered. */
export interface ServiceBinding {
  service: DescService;
  impl: Record<string, unknown>;
}

/** Pairs a descriptor with its (partial) implementation, checking types at the call site. */
export function bindService<S extends DescService>(
  service: S,
  impl: ServiceImpl<S>,
): ServiceBinding {
  return { service, impl: impl as Record<string, unknown> };
}

/** The handler registered for `method` in a binding, if any. */
export function handlerOf(binding: ServiceBinding, method: DescMethod): unknown {
  return binding.impl[method.localName];
}
