/**
 * Logging set-up: LogTape with one console sink, as human text or JSON lines.
 * Every module logs through `getLogger(["dhgitaly", ...])`.
 */
import {
  configureSync,
  getConsoleSink,
  getJsonLinesFormatter,
  getTextFormatter,
  type LogLevel,
} from "@logtape/logtape";

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
    sinks: { console: getConsoleSink({ formatter }) },
    loggers: [
      { category: ["dhgitaly"], lowestLevel: level, sinks: ["console"] },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["console"] },
    ],
  });
}
