/**
 * Per-call cost of decoding the zstd chunks of the cached bench repository (read-only) with
 * the TypeScript decoder (src/hg/zstd-decoder.ts) and with node:zlib's zstdDecompressSync
 * (sized output, as revlog-chunk.ts calls it), by compressed size bucket: the data behind the
 * size threshold of decompressChunk. Every chunk is checked to decode identically first.
 *
 * Usage: deno run -A bench/zstd-chunk-probe.ts [rounds]
 */
import { join } from "node:path";
import { zstdDecompressSync } from "node:zlib";
import { RevlogIndex } from "../src/hg/revlog-index.ts";
import { zstdContentSize } from "../src/hg/revlog-chunk.ts";
import { zstdDecompress } from "../src/hg/zstd-decoder.ts";

const cacheDir = join(import.meta.dirname!, "..", ".bench-cache");
const repoDir = [...Deno.readDirSync(cacheDir)].find((e) => e.name.startsWith("repo-"))?.name;
if (repoDir === undefined) throw new Error("no cached bench repository: run deno task bench");
const store = join(cacheDir, repoDir, "repos", "bench.hg", ".hg", "store");
const rounds = Number(Deno.args[0] ?? 5);

/** Every zstd chunk of the revlog whose index is `indexPath`. */
function zstdChunks(indexPath: string): Uint8Array[] {
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
    const path = join(dir, e.name);
    if (e.isDirectory) yield* indexFiles(path);
    else if (e.name.endsWith(".i")) yield path;
  }
}

function native(chunk: Uint8Array): Uint8Array {
  const size = zstdContentSize(chunk);
  return zstdDecompressSync(chunk, { chunkSize: Math.max(64, size + 1) });
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Microseconds per call of each decoder over `chunks`: medians of `rounds` batches, the
 * decoders alternating batch by batch so that machine noise hits them alike.
 */
function perCall(chunks: Uint8Array[], decoders: ((c: Uint8Array) => Uint8Array)[]): number[] {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const repeat = Math.max(1, Math.round(200_000 / total));
  const times: number[][] = decoders.map(() => []);
  for (let r = 0; r < rounds; r++) {
    decoders.forEach((decode, d) => {
      const start = performance.now();
      for (let k = 0; k < repeat; k++) for (const c of chunks) decode(c);
      times[d].push(((performance.now() - start) * 1000) / (repeat * chunks.length));
    });
  }
  return times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)]);
}

const sets: [string, Uint8Array[]][] = [
  ["changelog", zstdChunks(join(store, "00changelog.i"))],
  ["manifest", zstdChunks(join(store, "00manifest.i"))],
  ["filelogs", [...indexFiles(join(store, "data"))].flatMap(zstdChunks)],
];
const buckets = [0, 128, 256, 384, 512, 768, 1024, 2048, 4096, 16384, 131072, Infinity];
const perSet = 300;

for (const [name, chunks] of sets) {
  for (const c of chunks) {
    if (!same(zstdDecompress(c), native(c))) throw new Error(`${name}: decoders differ`);
  }
  console.log(`${name}: ${chunks.length} zstd chunks, all decoded identically`);
  for (let b = 0; b + 1 < buckets.length; b++) {
    const inBucket = chunks.filter((c) => c.length > buckets[b] && c.length <= buckets[b + 1]);
    if (inBucket.length === 0) continue;
    const sample = inBucket.filter((_, i) => i % Math.ceil(inBucket.length / perSet) === 0);
    const mean = sample.reduce((n, c) => n + c.length, 0) / sample.length;
    const out = sample.reduce((n, c) => n + zstdContentSize(c), 0) / sample.length;
    const [ts, zlib] = perCall(sample, [zstdDecompress, native]);
    console.log(
      `  ${`(${buckets[b]}, ${buckets[b + 1]}]`.padEnd(18)} n ${
        String(inBucket.length).padStart(6)
      }` +
        `  mean ${mean.toFixed(0).padStart(6)} B → ${out.toFixed(0).padStart(7)} B` +
        `  ts ${ts.toFixed(2).padStart(8)} µs  node:zlib ${zlib.toFixed(2).padStart(8)} µs` +
        `  ratio ${(zlib / ts).toFixed(2)}`,
    );
  }
}
