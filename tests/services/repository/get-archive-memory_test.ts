/**
 * MEMORY TEST (about 20 s): GetArchive streams a tree of ~120 MiB (incompressible files)
 * three times as TAR and once as TAR_GZ, with flat memory: the process's resident set
 * (server, archive worker and the draining client together) does not accumulate across runs
 * and stays well below the volume streamed. What remains is V8's lazy collection of
 * garbage buffers (tens of MiB per isolate), not retained data.
 * `ARCHIVE_MEMORY_FILES` (default 480 files of 256 KiB) sizes the tree for manual runs.
 */
import assert from "node:assert/strict";
import {
  GetArchiveRequest_Format as Format,
  RepositoryService,
} from "../../../src/gen/gitaly/repository_pb.ts";
import { createClient } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import { build, hgCommand, makeHgHome } from "../../hg/hg-fixture.ts";

const FILES = Number(Deno.env.get("ARCHIVE_MEMORY_FILES") ?? 480);
const FILE_SIZE = 256 * 1024;

/** Writes FILES files of pseudo-random bytes (fast xorshift, incompressible). */
async function writeTree(dir: string) {
  let x = 0x9e3779b9;
  for (let i = 0; i < FILES; i++) {
    const words = new Uint32Array(FILE_SIZE / 4);
    for (let k = 0; k < words.length; k++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      words[k] = x >>> 0;
    }
    const sub = `${dir}/d${i % 16}/e${i % 7}`;
    await Deno.mkdir(sub, { recursive: true });
    await Deno.writeFile(`${sub}/f${i}.bin`, new Uint8Array(words.buffer));
  }
}

Deno.test("GetArchive memory stays flat over repeated archives of a big tree", async () => {
  const { dir, hgrc } = await makeHgHome();
  const root = `${dir}/repos`;
  await build(dir, [["hg", "init", "repos/big"]], hgrc);
  await writeTree(`${root}/big`);
  await build(`${root}/big`, [["hg", "commit", "-A", "-q", "-m", "big tree"]], hgrc);
  const node = await hgCommand(["log", "-r", "tip", "-T", "{node}"], `${root}/big`, hgrc);

  await using srv = await startTestServer(root);
  const client = createClient(RepositoryService, srv.address);
  const repository = { storageName: "default", relativePath: "big" };
  const drain = async (format: Format, path = "") => {
    let bytes = 0;
    let peak = 0;
    for await (
      const m of client.getArchive({
        repository,
        commitId: node,
        prefix: "big",
        format,
        path: new TextEncoder().encode(path),
      })
    ) {
      bytes += m.data.length;
      peak = Math.max(peak, Deno.memoryUsage().rss);
    }
    return { bytes, peak };
  };
  // Warm-up: the worker is started and the server's code paths are compiled.
  await drain(Format.TAR, "d0/e0");
  const base = Deno.memoryUsage().rss;
  const peaks: number[] = [];
  let streamed = 0;
  for (const format of [Format.TAR, Format.TAR, Format.TAR, Format.TAR_GZ]) {
    const { bytes, peak } = await drain(format);
    const growth = peak - base;
    console.log(
      `${Format[format]}: ${(bytes / 2 ** 20).toFixed(0)} MiB streamed, peak RSS growth ${
        (growth / 2 ** 20).toFixed(0)
      } MiB`,
    );
    assert.ok(bytes > FILES * FILE_SIZE);
    peaks.push(growth);
    streamed += bytes;
  }
  const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;
  // Nothing accumulates from one archive to the next...
  assert.ok(peaks[2] < peaks[0] + 48 * 2 ** 20, `TAR peaks ${peaks.map(mib)}`);
  // ...and the resident set stays far below what went through.
  assert.ok(Math.max(...peaks) < streamed / 2, `peaks ${peaks.map(mib)} for ${mib(streamed)}`);
});
