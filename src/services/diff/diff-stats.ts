/**
 * DiffStats: added and deleted lines per changed file between two commits, as
 * `git diff --numstat` (binary files 0/0; a type change is one entry counting all lines of
 * both sides), with `old_path` for renames and copies; at most 1000 entries per message.
 */
import type { DiffService } from "../../gen/gitaly/diff_pb.ts";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { DiffStatsSchema } from "../../gen/gitaly/diff_pb.ts";
import { byteStringToBytes } from "../../hg/byte-string.ts";
import { pairStatsAsync } from "../../gitlab/diff/pair-stats.ts";
import { changesetPairs } from "../../gitlab/diff/file-pairs.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { openDiffSides } from "./diff-sides.ts";
import { lineDiffOffload } from "./line-diff-pool.ts";
import { TimeSlicer } from "./time-slicer.ts";

/** Gitaly's maximum number of stats per message. */
const MAX_STATS_PER_MESSAGE = 1000;

type StatInit = MessageInitShape<typeof DiffStatsSchema>;

/** DiffStats handler. */
export function diffStatsHandlers(env: ServiceEnv): ServiceImpl<typeof DiffService> {
  return {
    async *diffStats(req, ctx) {
      const { repo, fromRev, toRev } = await openDiffSides(
        env,
        req,
        () => new RpcError(Code.FAILED_PRECONDITION, "exit status 128"),
      );
      const slicer = new TimeSlicer();
      const offload = lineDiffOffload(ctx.signal);
      let batch: StatInit[] = [];
      for (const pair of changesetPairs(repo, fromRev, toRev)) {
        const s = await pairStatsAsync(repo, pair, offload);
        const stat: StatInit = {
          path: byteStringToBytes(s.path),
          additions: s.additions,
          deletions: s.deletions,
          oldPath: byteStringToBytes(s.oldPath ?? ""),
        };
        batch.push(stat);
        if (batch.length === MAX_STATS_PER_MESSAGE) {
          yield { stats: batch };
          batch = [];
        }
        await slicer.maybePause();
      }
      if (batch.length > 0) yield { stats: batch };
    },
  };
}
