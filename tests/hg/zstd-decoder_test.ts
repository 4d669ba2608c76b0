import assert from "node:assert/strict";
import { constants, zstdCompressSync, zstdDecompressSync } from "node:zlib";
import { zstdDecompress, ZstdFormatError } from "../../src/hg/zstd-decoder.ts";
import { decompressChunk } from "../../src/hg/revlog-chunk.ts";
import { CorruptionError } from "../../src/hg/errors.ts";
import { RevlogIndex } from "../../src/hg/revlog-index.ts";
import { build, commitStep, makeHgHome, type Step } from "./hg-fixture.ts";
import { randomBytes } from "./rich-repo.ts";
import { bytesToByteString, byteStringToBytes } from "../../src/hg/byte-string.ts";

/** Deterministic pseudo-random generator (xorshift32). */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

/** Text of words drawn from a small vocabulary: Huffman literals, many short matches. */
function words(length: number, seed: number): Uint8Array {
  const next = prng(seed);
  const vocabulary = [
    "the",
    "revlog",
    "changeset",
    "manifest",
    "zstd",
    "frame",
    "block",
    "of",
    "a",
    "\n",
    "literal",
    "sequence",
    "offset",
    "Mercurial",
    "0123456789abcdef",
  ];
  let text = "";
  while (text.length < length) text += vocabulary[Math.floor(next() * vocabulary.length)] + " ";
  return new TextEncoder().encode(text.slice(0, length));
}

/** Mostly one byte with rare random ones: skewed Huffman weights, long RLE-like runs. */
function skewed(length: number, seed: number): Uint8Array {
  const next = prng(seed);
  return Uint8Array.from({ length }, () => (next() < 0.9 ? 0x41 : Math.floor(next() * 256)));
}

/** Random blocks repeated at random distances: long matches, repeat offsets. */
function repeated(length: number, seed: number): Uint8Array {
  const next = prng(seed);
  const out = new Uint8Array(length);
  let i = 0;
  while (i < length) {
    const n = Math.min(length - i, 1 + Math.floor(next() * 300));
    if (i > 0 && next() < 0.7) {
      const from = Math.floor(next() * i);
      for (let k = 0; k < n; k++) out[i + k] = out[from + k];
    } else for (let k = 0; k < n; k++) out[i + k] = Math.floor(next() * 256);
    i += n;
  }
  return out;
}

/** Random bytes of a 12-symbol alphabet: Huffman weights short enough to be stored directly. */
function smallAlphabet(length: number, seed: number): Uint8Array {
  const next = prng(seed);
  return Uint8Array.from({ length }, () => Math.floor(next() * next() * 12));
}

/** Inputs of every kind and of sizes across 0..1 MiB. */
function corpus(): [string, Uint8Array][] {
  const inputs: [string, Uint8Array][] = [
    ["empty", new Uint8Array(0)],
    ["one byte", Uint8Array.of(0x5a)],
    ["two bytes", Uint8Array.of(0, 255)],
    ["source text", Deno.readFileSync(new URL("../../src/hg/zstd-decoder.ts", import.meta.url))],
    ["zeros 1 MiB", new Uint8Array(1 << 20)],
  ];
  for (const size of [3, 17, 100, 255, 256, 600, 1000, 4096, 70_000, 131_072, 300_000, 1 << 20]) {
    inputs.push([`words ${size}`, words(size, size)]);
    inputs.push([`skewed ${size}`, skewed(size, size + 1)]);
    inputs.push([`repeated ${size}`, repeated(size, size + 2)]);
    inputs.push([`small alphabet ${size}`, smallAlphabet(size, size + 3)]);
    if (size <= 300_000) {
      inputs.push([`random ${size}`, byteStringToBytes(randomBytes(size, size))]);
    }
  }
  return inputs;
}

type Params = Record<number, number>;
const SETTINGS: [string, Params][] = [
  ...[1, 3, 9, 19].map((level): [string, Params] => [
    `level ${level}`,
    { [constants.ZSTD_c_compressionLevel]: level },
  ]),
  ["negative level", { [constants.ZSTD_c_compressionLevel]: -5 }],
  ["window log 10", { [constants.ZSTD_c_windowLog]: 10 }],
  ["checksum, no content size", {
    [constants.ZSTD_c_checksumFlag]: 1,
    [constants.ZSTD_c_contentSizeFlag]: 0,
  }],
  ...[1, 4, 7, 9].map((strategy): [string, Params] => [
    `strategy ${strategy}`,
    { [constants.ZSTD_c_strategy]: strategy, [constants.ZSTD_c_windowLog]: 17 },
  ]),
];

function compress(data: Uint8Array, params: Params): Uint8Array {
  return new Uint8Array(zstdCompressSync(data, { params }));
}

function assertSameBytes(actual: Uint8Array, expected: Uint8Array, what: string) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] !== expected[i]) assert.fail(`${what}: bytes differ at ${i}`);
  }
}

/**
 * What the blocks of a frame use: literal section types (raw, rle, huffman, treeless, with 1
 * or 4 streams) and sequence table modes (predefined, rle, fse, repeat); read from the block
 * headers here, independently of the decoder, to show the corpus exercises every path.
 */
function blockFeatures(frame: Uint8Array, into: Set<string>): void {
  let pos = 4;
  const descriptor = frame[pos++];
  const single = (descriptor >> 5) & 1;
  const fcsFlag = descriptor >> 6;
  pos += (single ? 0 : 1) + [0, 1, 2, 4][descriptor & 3] +
    (fcsFlag === 0 ? single : 1 << fcsFlag);
  for (;;) {
    const header = frame[pos] | (frame[pos + 1] << 8) | (frame[pos + 2] << 16);
    pos += 3;
    const type = (header >> 1) & 3;
    const size = header >>> 3;
    into.add(["raw block", "rle block", "compressed block"][type]);
    if (type === 2) {
      const b0 = frame[pos];
      const litType = b0 & 3;
      const sizeFormat = (b0 >> 2) & 3;
      let litEnd: number;
      if (litType < 2) {
        const headerSize = (sizeFormat & 1) === 0 ? 1 : sizeFormat === 1 ? 2 : 3;
        const regenerated = headerSize === 1
          ? b0 >> 3
          : headerSize === 2
          ? (b0 >> 4) | (frame[pos + 1] << 4)
          : (b0 >> 4) | (frame[pos + 1] << 4) | (frame[pos + 2] << 12);
        into.add(litType === 0 ? "raw literals" : "rle literals");
        litEnd = pos + headerSize + (litType === 0 ? regenerated : 1);
      } else {
        const headerSize = [3, 3, 4, 5][sizeFormat];
        let h = 0;
        for (let i = headerSize - 1; i >= 0; i--) h = h * 256 + frame[pos + i];
        const bits = [10, 10, 14, 18][sizeFormat];
        const compressed = Math.floor(h / 2 ** (4 + bits)) % 2 ** bits;
        into.add(`${litType === 2 ? "huffman" : "treeless"} ${sizeFormat ? 4 : 1} stream`);
        if (litType === 2) {
          into.add(frame[pos + headerSize] >= 128 ? "direct weights" : "fse weights");
        }
        litEnd = pos + headerSize + compressed;
      }
      let count = frame[litEnd];
      let modesAt = litEnd + 1;
      if (count >= 128) modesAt += count === 255 ? 2 : 1;
      if (count === 255) count = 0x7f00 + frame[litEnd + 1] + (frame[litEnd + 2] << 8);
      if (count > 0) {
        const modes = frame[modesAt];
        for (const [name, shift] of [["ll", 6], ["of", 4], ["ml", 2]] as const) {
          into.add(`${name} ${["predefined", "rle", "fse", "repeat"][(modes >> shift) & 3]}`);
        }
      }
    }
    pos += type === 1 ? 1 : size;
    if (header & 1) break;
  }
}

Deno.test("zstdDecompress decodes what node:zlib encodes, at every setting", () => {
  const features = new Set<string>();
  let frames = 0;
  for (const [name, data] of corpus()) {
    for (const [setting, params] of SETTINGS) {
      // The slowest settings on the biggest inputs add time, not coverage.
      if (data.length > 300_000 && /level 19|strategy 9/.test(setting)) continue;
      const frame = compress(data, params);
      blockFeatures(frame, features);
      assertSameBytes(zstdDecompress(frame), data, `${name}, ${setting}`);
      frames++;
    }
  }
  const expected = [
    "raw block",
    "rle block",
    "compressed block",
    "raw literals",
    "huffman 1 stream",
    "huffman 4 stream",
    "treeless 4 stream",
    "direct weights",
    "treeless 1 stream",
    "fse weights",
    ...["ll", "of", "ml"].flatMap((k) => ["predefined", "fse", "repeat"].map((m) => `${k} ${m}`)),
    "ll rle",
    "ml rle",
  ];
  for (const feature of expected) assert.ok(features.has(feature), `corpus lacks ${feature}`);
  assert.ok(frames > 300);
});

Deno.test("zstdDecompress decodes RLE literals sections (crafted, as zstd rarely writes them)", () => {
  // Compressed blocks whose literals are one byte repeated (RFC 8878 3.1.1.3.1.1, 5-bit and
  // 12-bit sizes), without sequences: node:zlib is the oracle.
  const frame = Uint8Array.of(
    ...[0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x50], // magic; no content size, window descriptor
    ...[0x1c, 0x00, 0x00, 0x51, 0x51, 0x00], // block: RLE literals "Q" × 10, no sequences
    ...[0x25, 0x00, 0x00, 0x05, 0x0c, 0x52, 0x00], // last block: "R" × 192 (12-bit size)
  );
  const expected = new Uint8Array(zstdDecompressSync(frame));
  assert.equal(expected.length, 202);
  assertSameBytes(zstdDecompress(frame), expected, "RLE literals");
});

Deno.test("zstdDecompress decodes concatenated frames and skips skippable frames", () => {
  const a = words(5000, 1);
  const b = repeated(200_000, 2);
  const c = new Uint8Array(0);
  const skippable = Uint8Array.of(0x5f, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 9, 9, 9);
  const level = (n: number) => ({ [constants.ZSTD_c_compressionLevel]: n });
  const parts = [
    compress(a, level(3)),
    skippable,
    compress(b, level(19)),
    compress(c, level(1)),
    compress(a, { [constants.ZSTD_c_contentSizeFlag]: 0, [constants.ZSTD_c_checksumFlag]: 1 }),
  ];
  const stream = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    stream.set(p, at);
    at += p.length;
  }
  // node:zlib stops after the first frame: the expected answer is the frames' answers in turn.
  const expected = new Uint8Array(2 * a.length + b.length);
  at = 0;
  for (const p of parts) {
    if (p === skippable) continue;
    const one = new Uint8Array(zstdDecompressSync(p));
    expected.set(one, at);
    at += one.length;
  }
  assert.equal(at, expected.length);
  assertSameBytes(zstdDecompress(stream), expected, "concatenated frames");
});

Deno.test("zstdDecompress rejects dictionaries, bad magics and reserved bits clearly", () => {
  const frame = compress(words(1000, 3), { [constants.ZSTD_c_compressionLevel]: 3 });
  const withDict = Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x21, 7, 0, 1, 0, 0);
  assert.throws(() => zstdDecompress(withDict), /dictionary 7, not supported/);
  assert.throws(() => zstdDecompress(Uint8Array.of(1, 2, 3, 4, 5)), /bad frame magic/);
  assert.throws(() => zstdDecompress(new Uint8Array(0)), ZstdFormatError);
  const reserved = frame.slice();
  reserved[4] |= 0x08;
  assert.throws(() => zstdDecompress(reserved), /reserved frame header bit/);
  const trailing = new Uint8Array(frame.length + 2);
  trailing.set(frame);
  assert.throws(() => zstdDecompress(trailing), /truncated frame magic/);
});

Deno.test("zstdDecompress throws a ZstdFormatError on truncated and corrupted frames", () => {
  const next = prng(42);
  const samples = [
    words(300, 4),
    words(5000, 5),
    repeated(3000, 6),
    skewed(2000, 7),
    repeated(140_000, 8),
  ];
  let corruptions = 0;
  let errors = 0;
  for (const data of samples) {
    for (const level of [1, 19]) {
      const frame = compress(data, { [constants.ZSTD_c_compressionLevel]: level });
      // Every truncation (a revlog chunk cut short): an error, never a wrong answer.
      const step = Math.max(1, Math.floor(frame.length / 300));
      for (let n = 0; n < frame.length; n += step) {
        assert.throws(() => zstdDecompress(frame.subarray(0, n)), ZstdFormatError, `cut at ${n}`);
      }
      // Flipped bits anywhere: an error or some output, never another exception nor a hang.
      for (let k = 0; k < 300; k++) {
        const bad = frame.slice();
        const at = Math.floor(next() * bad.length);
        bad[at] ^= 1 << Math.floor(next() * 8);
        if (next() < 0.3) bad[Math.floor(next() * bad.length)] = Math.floor(next() * 256);
        corruptions++;
        try {
          const out = zstdDecompress(bad);
          assert.ok(out instanceof Uint8Array);
        } catch (e) {
          if (!(e instanceof ZstdFormatError)) throw e;
          errors++;
        }
      }
    }
  }
  // Many corruptions are detected (sizes, bitstream ends, table sums, offsets); flipped
  // literals are not (no checksum in revlog frames).
  assert.ok(errors > corruptions / 4, `${errors} of ${corruptions} corruptions detected`);
});

Deno.test("decompressChunk answers as node:zlib when the decoder refuses a small frame", () => {
  const data = words(400, 9);
  const frame = compress(data, { [constants.ZSTD_c_compressionLevel]: 3 });
  assert.ok(frame.length <= 512);
  assertSameBytes(decompressChunk(frame), data, "small frame");
  for (let n = 5; n < frame.length; n += 7) {
    const cut = frame.subarray(0, n);
    assert.throws(() => zstdDecompress(cut), ZstdFormatError);
    let expected: Uint8Array | undefined;
    try {
      expected = new Uint8Array(zstdDecompressSync(cut));
    } catch {
      // node:zlib refuses it too: decompressChunk must throw its CorruptionError.
    }
    if (expected === undefined) assert.throws(() => decompressChunk(cut), CorruptionError);
    else assertSameBytes(decompressChunk(cut), expected, `fallback answer, cut at ${n}`);
  }
});

// -------------------------------------------------------------------------------------------
// Real revlogs: a repository written by hg (zstd revlogs by default) with varied contents.

/** Stored zstd chunks of the revlog whose index file is `indexPath`. */
function storedZstdChunks(indexPath: string): Uint8Array[] {
  const indexData = Deno.readFileSync(indexPath);
  const index = new RevlogIndex(indexData);
  const data = index.inline ? indexData : Deno.readFileSync(indexPath.replace(/\.i$/, ".d"));
  const chunks: Uint8Array[] = [];
  for (let rev = 0; rev < index.length; rev++) {
    const at = index.chunkPosition(rev);
    const chunk = data.subarray(at, at + index.compressedLength(rev));
    if (chunk[0] === 0x28) chunks.push(chunk);
  }
  return chunks;
}

function* indexFiles(dir: string): Generator<string> {
  for (const e of Deno.readDirSync(dir)) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory) yield* indexFiles(path);
    else if (e.name.endsWith(".i")) yield path;
  }
}

Deno.test("zstdDecompress decodes every zstd chunk of a repository written by hg", async () => {
  const { dir, hgrc } = await makeHgHome();
  const repo = `${dir}/repo`;
  const next = prng(7);
  const steps: Step[] = [["hg", "init", repo], ["cd", repo]];
  const latin1 = bytesToByteString;
  for (let i = 0; i < 300; i++) {
    const kind = i % 5;
    const size = Math.floor(next() * (i % 37 === 0 ? 200_000 : 6000));
    const content = kind === 0
      ? latin1(words(size, i))
      : kind === 1
      ? latin1(repeated(size, i))
      : kind === 2
      ? randomBytes(size, i)
      : kind === 3
      ? latin1(skewed(size, i))
      : `${latin1(words(50, i))} ${i}\n`.repeat(1 + (i % 40));
    steps.push(["write", `dir${i % 7}/file${i % 23}.${["txt", "bin", "dat"][i % 3]}`, content]);
    // Now and then many files at once: manifest deltas and snapshots worth compressing.
    if (i % 10 === 0) {
      for (let k = 0; k < 60; k++) {
        steps.push(["write", `many/${k % 9}/f${k}-${i % 30}`, `${i} ${k}\n`]);
      }
    }
    steps.push(commitStep(`${latin1(words(20 + (i % 300), i + 1000))}`, 1_600_000_000 + i));
  }
  await build(dir, steps, hgrc);

  const store = `${repo}/.hg/store`;
  const sizes = { changelog: 0, manifest: 0, filelogs: 0, small: 0 };
  const check = (chunks: Uint8Array[], key: keyof typeof sizes) => {
    for (const chunk of chunks) {
      const expected = new Uint8Array(zstdDecompressSync(chunk));
      assertSameBytes(zstdDecompress(chunk), expected, `${key} chunk`);
      assertSameBytes(decompressChunk(chunk), expected, `${key} chunk via decompressChunk`);
      sizes[key]++;
      if (chunk.length <= 512) sizes.small++;
    }
  };
  check(storedZstdChunks(`${store}/00changelog.i`), "changelog");
  check(storedZstdChunks(`${store}/00manifest.i`), "manifest");
  for (const path of indexFiles(`${store}/data`)) check(storedZstdChunks(path), "filelogs");
  assert.ok(sizes.changelog >= 250, `changelog zstd chunks: ${sizes.changelog}`);
  assert.ok(sizes.manifest >= 20, `manifest zstd chunks: ${sizes.manifest}`);
  assert.ok(sizes.filelogs >= 100, `filelog zstd chunks: ${sizes.filelogs}`);
  assert.ok(sizes.small >= 200, `small zstd chunks: ${sizes.small}`);
});
