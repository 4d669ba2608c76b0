/**
 * CommitDelta: per-file metadata of the changes between two commits (paths, ids, modes), in
 * batches flushed once their size (ids, paths, 4 bytes per mode) exceeds 5 KiB, as Gitaly.
 */
import type { CommitDelta, DiffService } from "../../gen/gitaly/diff_pb.ts";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { CommitDeltaSchema } from "../../gen/gitaly/diff_pb.ts";
import { bytesToByteString, byteStringToBytes } from "../../hg/byte-string.ts";
import { changesetDeltas } from "../../gitlab/diff/changeset-diff.ts";
import { deltaBlobIds } from "../../gitlab/diff/file-delta.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { DIFF_MSG_SIZE_THRESHOLD } from "./commit-diff.ts";
import { openDiffSides } from "./diff-sides.ts";

type DeltaInit = MessageInitShape<typeof CommitDeltaSchema>;

function deltaSize(d: Pick<CommitDelta, "fromId" | "toId" | "fromPath" | "toPath">): number {
  return d.fromId.length + d.toId.length + 8 + d.fromPath.length + d.toPath.length;
}

/** CommitDelta handler. */
export function commitDeltaHandlers(env: ServiceEnv): ServiceImpl<typeof DiffService> {
  return {
    async *commitDelta(req) {
      const { repo, fromRev, toRev } = await openDiffSides(
        env,
        req,
        () => new RpcError(Code.FAILED_PRECONDITION, "exit status 128"),
      );
      const fromNode = repo.changelog.node(fromRev);
      const toNode = repo.changelog.node(toRev);
      const paths = req.paths.map((p) => bytesToByteString(p));
      let batch: DeltaInit[] = [];
      let size = 0;
      for (const d of changesetDeltas(repo, fromRev, toRev, paths)) {
        const delta = {
          fromPath: byteStringToBytes(d.fromPath),
          toPath: byteStringToBytes(d.toPath),
          ...deltaBlobIds(d, fromNode, toNode),
          oldMode: d.oldMode,
          newMode: d.newMode,
        };
        batch.push(delta);
        size += deltaSize(delta);
        if (size > DIFF_MSG_SIZE_THRESHOLD) {
          yield { deltas: batch };
          batch = [];
          size = 0;
        }
      }
      if (batch.length > 0) yield { deltas: batch };
    },
  };
}
