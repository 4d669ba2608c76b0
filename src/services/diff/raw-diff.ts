/**
 * RawDiff: the full Git diff text between two commits (`git diff --full-index` layout, ids
 * being Heptapod blob ids as in HGitaly), streamed in 128 KiB messages. Binary files are
 * announced by a `Binary files ... differ` line, as Git without `--binary`.
 */
import type { DiffService } from "../../gen/gitaly/diff_pb.ts";
import { changesetDiffAsync } from "../../gitlab/diff/changeset-diff.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { ChunkBuffer } from "./byte-stream.ts";
import { openDiffSides } from "./diff-sides.ts";
import { lineDiffOffload } from "./line-diff-pool.ts";
import { TimeSlicer } from "./time-slicer.ts";

/** RawDiff handler. */
export function rawDiffHandlers(env: ServiceEnv): ServiceImpl<typeof DiffService> {
  return {
    async *rawDiff(req, ctx) {
      const { repo, fromRev, toRev } = await openDiffSides(
        env,
        req,
        () => new RpcError(Code.INTERNAL, "exit status 128"),
      );
      const buffer = new ChunkBuffer();
      const slicer = new TimeSlicer();
      const offload = lineDiffOffload(ctx.signal);
      for await (const e of changesetDiffAsync(repo, fromRev, toRev, {}, offload)) {
        for (const data of buffer.push(e.patch.header + e.patch.body)) yield { data };
        await slicer.maybePause();
      }
      for (const data of buffer.flush()) yield { data };
    },
  };
}
