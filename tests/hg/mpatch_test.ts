import assert from "node:assert/strict";
import { applyDelta, applyDeltas } from "../../src/hg/mpatch.ts";
import { CorruptionError } from "../../src/hg/errors.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

interface Hunk {
  start: number;
  end: number;
  data: Uint8Array;
}

function encodeDelta(hunks: Hunk[]): Uint8Array {
  const size = hunks.reduce((n, h) => n + 12 + h.data.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let o = 0;
  for (const h of hunks) {
    view.setUint32(o, h.start);
    view.setUint32(o + 4, h.end);
    view.setUint32(o + 8, h.data.length);
    out.set(h.data, o + 12);
    o += 12 + h.data.length;
  }
  return out;
}

/** Reference implementation: materialises every intermediate text. */
function naiveApply(text: Uint8Array, hunks: Hunk[]): Uint8Array {
  const parts: number[] = [];
  let pos = 0;
  for (const h of hunks) {
    parts.push(...text.subarray(pos, h.start), ...h.data);
    pos = h.end;
  }
  parts.push(...text.subarray(pos));
  return Uint8Array.from(parts);
}

function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x / 0x80000000;
  };
}

function randomHunks(textLength: number, rand: () => number): Hunk[] {
  const hunks: Hunk[] = [];
  let pos = 0;
  while (pos <= textLength && rand() < 0.8) {
    const start = pos + Math.floor(rand() * (textLength - pos + 1) * 0.3);
    const end = Math.min(textLength, start + Math.floor(rand() * 8));
    const data = Uint8Array.from({ length: Math.floor(rand() * 6) }, () => 97 + (rand() * 26 | 0));
    hunks.push({ start, end, data });
    pos = end;
  }
  return hunks;
}

Deno.test("applyDelta replaces, inserts and deletes", () => {
  const base = enc("hello world\n");
  const delta = encodeDelta([
    { start: 0, end: 5, data: enc("HELLO") },
    { start: 6, end: 6, data: enc("big ") },
    { start: 11, end: 12, data: new Uint8Array(0) },
  ]);
  assert.equal(dec(applyDelta(base, delta)), "HELLO big world");
});

Deno.test("applyDeltas on an empty base and with no deltas", () => {
  assert.equal(
    dec(applyDeltas(new Uint8Array(0), [encodeDelta([{ start: 0, end: 0, data: enc("x") }])])),
    "x",
  );
  const base = enc("same");
  assert.equal(applyDeltas(base, []), base);
  assert.equal(dec(applyDeltas(base, [new Uint8Array(0)])), "same");
});

Deno.test("applyDeltas matches sequential application on random chains", () => {
  const rand = rng(42);
  for (let trial = 0; trial < 200; trial++) {
    let expected: Uint8Array = Uint8Array.from(
      { length: Math.floor(rand() * 40) },
      () => 65 + (rand() * 26 | 0),
    );
    const base = expected;
    const deltas: Uint8Array[] = [];
    const chain = 1 + Math.floor(rand() * 12);
    for (let i = 0; i < chain; i++) {
      const hunks = randomHunks(expected.length, rand);
      deltas.push(encodeDelta(hunks));
      expected = naiveApply(expected, hunks);
    }
    assert.deepEqual(applyDeltas(base, deltas), expected, `trial ${trial}`);
  }
});

Deno.test("applyDeltas rejects malformed deltas", () => {
  const base = enc("abc");
  assert.throws(() => applyDelta(base, new Uint8Array(5)), CorruptionError);
  assert.throws(
    () => applyDelta(base, encodeDelta([{ start: 2, end: 10, data: enc("x") }])),
    CorruptionError,
  );
  assert.throws(
    () =>
      applyDelta(
        base,
        encodeDelta([{ start: 2, end: 3, data: enc("") }, { start: 1, end: 1, data: enc("") }]),
      ),
    CorruptionError,
  );
});
