/** The one structured log line written per RPC. */
import { getLogger } from "@logtape/logtape";
import { Code } from "../services/rpc.ts";
import type { CallRecord } from "./grpc-adapter.ts";

const logger = getLogger(["dhgitaly", "rpc"]);
const codeNames = Object.fromEntries(Object.entries(Code).map(([k, v]) => [v, k]));

/** Logs a finished call: method, repository, duration, status code, correlation id. */
export function logCall(record: CallRecord): void {
  const props = {
    method: record.method,
    repository: record.repository ?? "-",
    code: codeNames[record.code] ?? String(record.code),
    duration_ms: Math.round(record.durationMs * 1000) / 1000,
    correlation_id: record.correlationId,
    ...(record.message && record.code !== Code.OK ? { error: record.message } : {}),
  };
  const template =
    "{method} repository={repository} code={code} duration_ms={duration_ms} correlation_id={correlation_id}";
  if (record.code === Code.INTERNAL) {
    const stack = record.error instanceof Error ? record.error.stack : undefined;
    logger.error(template + " error={error}", { ...props, stack });
  } else if (record.code === Code.OK) {
    logger.info(template, props);
  } else {
    logger.info(template + " error={error}", props);
  }
}
