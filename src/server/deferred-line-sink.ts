/**
 * A LogTape sink that takes log lines off the RPC's critical path: a record is only queued when
 * logged; it is formatted and written (all queued lines in one write) once the event loop has
 * done its pending I/O, i.e. after grpc-js has written the answer to the socket. Nothing is dropped:
 * a long queue is written at once, and pending lines are written when the process unloads or
 * the sink is disposed. A failing write (standard output closed) is reported once on standard
 * error and never throws into the server.
 */
import type { LogRecord, Sink, TextFormatter } from "@logtape/logtape";
import { clearImmediate, setImmediate } from "node:timers";

/** Writes bytes completely (e.g. to standard output). */
export type SyncWriter = (bytes: Uint8Array) => void;

/** The sink, plus a way to write what is pending now. */
export type DeferredLineSink = Sink & Disposable & { flush(): void };

/** Queued records beyond which a log call writes them at once (bounded memory under floods). */
const MAX_QUEUED = 512;

/** Writes all of `bytes` to standard output, whatever the sizes of the underlying writes. */
export function writeAllToStdout(bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) done += Deno.stdout.writeSync(bytes.subarray(done));
}

/** A sink formatting records with `formatter` (one line each) and writing them with `write`. */
export function deferredLineSink(
  formatter: TextFormatter,
  write: SyncWriter = writeAllToStdout,
): DeferredLineSink {
  const encoder = new TextEncoder();
  let queue: LogRecord[] = [];
  // setImmediate, not setTimeout(0): Deno clamps timers to a millisecond or more, and an
  // immediate runs right after the event loop's I/O, i.e. after the answer went out.
  let timer: ReturnType<typeof setImmediate> | undefined;
  let writeFailed = false;
  const flush = () => {
    if (timer !== undefined) clearImmediate(timer);
    timer = undefined;
    if (queue.length === 0) return;
    const records = queue;
    queue = [];
    let text = "";
    for (const record of records) {
      const line = formatter(record);
      text += line.endsWith("\n") ? line : line + "\n";
    }
    try {
      write(encoder.encode(text));
    } catch (err) {
      // Standard output gone (closed pipe...): losing log lines must not stop the server.
      if (!writeFailed) {
        writeFailed = true;
        try {
          console.error(`dhgitaly: cannot write log lines: ${err}`);
        } catch { /* stderr gone too */ }
      }
    }
  };
  const onUnload = () => flush();
  globalThis.addEventListener("unload", onUnload);
  const sink = (record: LogRecord) => {
    queue.push(record);
    if (queue.length >= MAX_QUEUED) flush();
    else if (timer === undefined) timer = setImmediate(flush);
  };
  return Object.assign(sink, {
    flush,
    [Symbol.dispose]() {
      globalThis.removeEventListener("unload", onUnload);
      flush();
    },
  });
}
