/**
 * Logging set-up: LogTape with one standard-output sink, as human text or JSON lines, written
 * after the current task (see deferred-line-sink.ts) so that the per-RPC line costs an answer
 * no latency. Every module logs through `getLogger(["dhgitaly", ...])`.
 */
import {
  configureSync,
  disposeSync,
  getJsonLinesFormatter,
  getTextFormatter,
  type LogLevel,
} from "@logtape/logtape";
import { deferredLineSink } from "./deferred-line-sink.ts";

/** Log output format selectable by setting. */
export type LogFormat = "text" | "json";

/** Configures LogTape once for the process (safe to call again: it resets). */
export function setupLogging(format: LogFormat, level: LogLevel = "info"): void {
  const formatter = format === "json"
    ? getJsonLinesFormatter({ properties: "flatten", message: "rendered" })
    : getTextFormatter({
      timestamp: "date-time-tz",
      value: (v) => (typeof v === "string" ? v : JSON.stringify(v)),
    });
  configureSync({
    reset: true,
    sinks: { console: deferredLineSink(formatter) },
    loggers: [
      { category: ["dhgitaly"], lowestLevel: level, sinks: ["console"] },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["console"] },
    ],
  });
}

/** Writes every pending log line and closes the sinks (before the process exits). */
export function closeLogging(): void {
  disposeSync();
}
