/**
 * grpc.health.v1 Health: SERVING for the whole server ("") and for every registered service,
 * SERVICE_UNKNOWN for others; NOT_SERVING everywhere once shutdown has begun.
 */
import {
  Health,
  HealthCheckResponse_ServingStatus as Status,
} from "../gen/grpc/health/v1/health_pb.ts";
import { bindService, Code, RpcError, type ServiceBinding } from "../services/rpc.ts";

/** Tracks whether the server is still serving; shared with the shutdown logic. */
export class HealthState {
  #serving = true;
  #watchers = new Set<() => void>();

  /** Marks the server as going away and wakes watchers. */
  setNotServing(): void {
    this.#serving = false;
    for (const wake of this.#watchers) wake();
  }

  /** Whether the server still serves. */
  get serving(): boolean {
    return this.#serving;
  }

  /** Resolves at the next status change (or when `signal` aborts). */
  changed(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.#watchers.delete(wake);
        signal.removeEventListener("abort", wake);
        resolve();
      };
      this.#watchers.add(wake);
      signal.addEventListener("abort", wake);
    });
  }
}

/** The Health service answering for `serviceNames` (fully qualified). */
export function healthService(serviceNames: string[], state: HealthState): ServiceBinding {
  const known = new Set(["", ...serviceNames]);
  const statusOf = (service: string) =>
    !known.has(service)
      ? Status.SERVICE_UNKNOWN
      : state.serving
      ? Status.SERVING
      : Status.NOT_SERVING;
  return bindService(Health, {
    check(req) {
      if (!known.has(req.service)) {
        throw new RpcError(Code.NOT_FOUND, `unknown service: ${req.service}`);
      }
      return { status: statusOf(req.service) };
    },
    async *watch(req, ctx) {
      let last: Status | undefined;
      while (!ctx.signal.aborted) {
        const status = statusOf(req.service);
        if (status !== last) yield { status };
        last = status;
        if (!state.serving) return;
        await state.changed(ctx.signal);
      }
    },
  });
}
