import assert from "node:assert/strict";
import type { LogRecord } from "@logtape/logtape";
import { deferredLineSink } from "../../src/server/deferred-line-sink.ts";

/** A minimal info record whose message is `text`. */
function record(text: string): LogRecord {
  return {
    category: ["dhgitaly", "test"],
    level: "info",
    message: [text],
    rawMessage: text,
    timestamp: Date.now(),
    properties: {},
  };
}

const formatter = (r: LogRecord) => `${r.message[0]}\n`;
const tick = () => new Promise((r) => setTimeout(r, 5));

Deno.test("lines are written after the logging task, together, in order", async () => {
  const writes: string[] = [];
  using sink = deferredLineSink(formatter, (b) => writes.push(new TextDecoder().decode(b)));
  sink(record("one"));
  sink(record("two"));
  assert.deepEqual(writes, [], "nothing is written while the logging task runs");
  await tick();
  assert.deepEqual(writes, ["one\ntwo\n"]);
  sink(record("three"));
  await tick();
  assert.deepEqual(writes, ["one\ntwo\n", "three\n"]);
});

Deno.test("a flood is written at once and nothing is dropped", () => {
  const lines: string[] = [];
  const sink = deferredLineSink(
    (r) => String(r.message[0]), // no newline: the sink adds it
    (b) => lines.push(...new TextDecoder().decode(b).split("\n").slice(0, -1)),
  );
  for (let i = 0; i < 5000; i++) sink(record(`line ${i}`));
  assert.ok(lines.length >= 4500, "long queues are written without waiting");
  sink[Symbol.dispose]();
  assert.deepEqual(lines, Array.from({ length: 5000 }, (_, i) => `line ${i}`));
});

Deno.test("a failing write is survived and later lines still go out", async () => {
  const writes: string[] = [];
  let fail = true;
  using sink = deferredLineSink(formatter, (b) => {
    if (fail) throw new Deno.errors.BrokenPipe("closed");
    writes.push(new TextDecoder().decode(b));
  });
  sink(record("lost"));
  const errors = console.error;
  const reported: unknown[] = [];
  console.error = (...args: unknown[]) => reported.push(args.join(" "));
  try {
    await tick();
  } finally {
    console.error = errors;
  }
  assert.equal(reported.length, 1);
  assert.match(String(reported[0]), /cannot write log lines/);
  fail = false;
  sink(record("back"));
  sink.flush();
  assert.deepEqual(writes, ["back\n"]);
});
