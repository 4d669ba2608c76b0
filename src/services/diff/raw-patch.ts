/**
 * RawPatch: `git format-patch --stdout --signature GitLab left..right` of the changesets
 * reachable from right and not from left, oldest first, merges left out (as format-patch),
 * streamed in 128 KiB messages. HGitaly answered Mercurial's `hg export` format instead;
 * the Git format is what GitLab shows and what `git am` (and `hg import`) accept.
 */
import type { DiffService } from "../../gen/gitaly/diff_pb.ts";
import { NULL_REV } from "../../hg/node.ts";
import { repoGraph } from "../../hg/repo-state.ts";
import { ancestorsMask } from "../../gitlab/ancestry.ts";
import { formatPatches } from "../../gitlab/diff/format-patch.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { ChunkBuffer } from "./byte-stream.ts";
import { openDiffSides } from "./diff-sides.ts";
import { lineDiffOffload } from "./line-diff-pool.ts";
import { TimeSlicer } from "./time-slicer.ts";

/** RawPatch handler. */
export function rawPatchHandlers(env: ServiceEnv): ServiceImpl<typeof DiffService> {
  return {
    async *rawPatch(req, ctx) {
      const { repo, fromRev, toRev } = await openDiffSides(
        env,
        req,
        () => new RpcError(Code.INTERNAL, "cmd: exit status 128"),
      );
      const graph = repoGraph(repo);
      const included = ancestorsMask(graph, toRev);
      const excluded = ancestorsMask(graph, fromRev);
      const revs: number[] = [];
      for (let r = 0; r <= toRev; r++) {
        if (included[r] && !excluded[r] && graph.p2[r] === NULL_REV) revs.push(r);
      }
      const buffer = new ChunkBuffer();
      const slicer = new TimeSlicer();
      for await (const text of formatPatches(repo, revs, lineDiffOffload(ctx.signal))) {
        for (const data of buffer.push(text)) yield { data };
        await slicer.maybePause();
      }
      for (const data of buffer.flush()) yield { data };
    },
  };
}
