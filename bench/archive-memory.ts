/**
 * Memory of GetArchive: the process's resident set size sampled while archives stream through
 * the real server (archive made in a worker, as in production) and are drained by a client in
 * the same process. Archives of growing parts of the tree (a few directories, then the whole
 * tree, then the whole trees of other changesets) show whether memory grows with the amount
 * archived (it should not: members are produced, compressed and sent one at a time).
 *
 * Standalone: `deno run -A bench/archive-memory.ts` (uses the cached bench repository).
 */
import {
  GetArchiveRequest_Format as Format,
  RepositoryService,
} from "../src/gen/gitaly/repository_pb.ts";
import { createClient } from "../tests/support/grpc-client.ts";
import { startTestServer } from "../tests/support/test-server.ts";
import { benchRepos } from "./generate-repo.ts";

const MiB = 1024 * 1024;

/** One archive drained, with the RSS seen during it. */
export interface ArchiveMemoryRow {
  label: string;
  /** Uncompressed tar bytes received. */
  bytes: number;
  seconds: number;
  /** RSS before the call and the highest sampled during it (bytes). */
  rssBefore: number;
  rssPeak: number;
}

function rss(): number {
  return Deno.memoryUsage().rss;
}

if (import.meta.main) {
  const repos = await benchRepos();
  await using srv = await startTestServer(repos.storageRoot);
  const client = createClient(RepositoryService, srv.address);
  const repository = { storageName: "default", relativePath: "bench.hg" };
  const tip = repos.summary.defaultTip;
  // Other changesets: sample public ones (mostly of other branches and older states).
  const others = repos.summary.sampleNodes.slice(0, 3);

  const archive = async (label: string, commitId: string, path = "") => {
    const rssBefore = rss();
    let rssPeak = rssBefore;
    const timer = setInterval(() => (rssPeak = Math.max(rssPeak, rss())), 20);
    const start = performance.now();
    let bytes = 0;
    try {
      for await (
        const m of client.getArchive({
          repository,
          commitId,
          prefix: "bench",
          format: Format.TAR,
          path: new TextEncoder().encode(path),
        })
      ) {
        bytes += m.data.length;
        rssPeak = Math.max(rssPeak, rss());
      }
    } finally {
      clearInterval(timer);
    }
    const row: ArchiveMemoryRow = {
      label,
      bytes,
      seconds: (performance.now() - start) / 1000,
      rssBefore,
      rssPeak,
    };
    console.log(
      `${row.label.padEnd(34)} ${(row.bytes / MiB).toFixed(1).padStart(6)} MiB tar in ${
        row.seconds.toFixed(2)
      } s; RSS before ${(row.rssBefore / MiB).toFixed(0)} MiB, peak ${
        (row.rssPeak / MiB).toFixed(0)
      } MiB (+${((row.rssPeak - row.rssBefore) / MiB).toFixed(0)})`,
    );
    return row;
  };

  console.log(`RSS at start: ${(rss() / MiB).toFixed(0)} MiB`);
  await archive("small directory (warm-up)", tip, "docs");
  await archive("whole tree, default tip", tip);
  await archive("whole tree, default tip (again)", tip);
  for (const node of others) await archive(`whole tree, ${node.slice(0, 12)}`, node);
  await archive("whole tree, default tip (last)", tip);
}
