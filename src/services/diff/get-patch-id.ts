/**
 * GetPatchID: the stable patch id (`git patch-id --stable`, as Gitaly) of the diff between two
 * revisions, computed natively. The hashed diff shows Git blob ids, so binary changes weigh
 * in by content as with Git, whatever the changesets. No difference answers
 * FAILED_PRECONDITION; an unknown revision INTERNAL (HGitaly).
 */
import type { DiffService } from "../../gen/gitaly/diff_pb.ts";
import { bytesToByteString } from "../../hg/byte-string.ts";
import { changesetDiffAsync } from "../../gitlab/diff/changeset-diff.ts";
import { patchId } from "../../gitlab/diff/patch-id.ts";
import { resolveRevision } from "../../gitlab/resolve-revision.ts";
import { openGitLabRepository, withGitLabState } from "../gitlab-access.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { lineDiffOffload } from "./line-diff-pool.ts";
import { TimeSlicer } from "./time-slicer.ts";

/** GetPatchID handler. */
export function getPatchIdHandlers(env: ServiceEnv): ServiceImpl<typeof DiffService> {
  return {
    async getPatchID(req, ctx) {
      const oldRevision = bytesToByteString(req.oldRevision);
      const newRevision = bytesToByteString(req.newRevision);
      if (req.repository) {
        if (oldRevision === "") throw new RpcError(Code.INVALID_ARGUMENT, "empty OldRevision");
        if (newRevision === "") throw new RpcError(Code.INVALID_ARGUMENT, "empty NewRevision");
      }
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      const resolve = (r: string) => {
        const rev = withGitLabState(() => resolveRevision(repo, r, refs));
        if (rev === undefined) {
          throw new RpcError(Code.INTERNAL, `revision ${JSON.stringify(r)} not found`);
        }
        return rev;
      };
      const fromRev = resolve(oldRevision);
      const toRev = resolve(newRevision);
      const slicer = new TimeSlicer();
      const parts: string[] = [];
      const offload = lineDiffOffload(ctx.signal);
      for await (const e of changesetDiffAsync(repo, fromRev, toRev, { oids: "git" }, offload)) {
        parts.push(e.patch.header, e.patch.body);
        await slicer.maybePause();
      }
      const id = patchId(parts.join(""), { stable: true });
      if (id === undefined) {
        throw new RpcError(
          Code.FAILED_PRECONDITION,
          "no difference between old and new revision",
        );
      }
      return { patchId: id };
    },
  };
}
