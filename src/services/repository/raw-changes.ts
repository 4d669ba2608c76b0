/**
 * RepositoryService.GetRawChanges (see gitlab/raw-changes): `from_revision` and
 * `to_revision` are GitLab revisions; ZERO_SHA as `to` answers nothing, as `from` means the
 * empty tree; an unknown revision is INVALID_ARGUMENT. Changes go in batches of at most 500.
 */
import { GetRawChangesResponse_RawChange_Operation as Operation } from "../../gen/gitaly/repository_pb.ts";
import type { RepositoryService } from "../../gen/gitaly/repository_pb.ts";
import { byteStringToBytes } from "../../hg/byte-string.ts";
import { utf8ToByteString } from "../../hg/byte-string.ts";
import { NULL_REV } from "../../hg/node.ts";
import { changesetTree } from "../../gitlab/changeset-objects.ts";
import { type RawChange, rawChanges } from "../../gitlab/raw-changes.ts";
import { ZERO_SHA } from "../../gitlab/ref-names.ts";
import { resolveRevision } from "../../gitlab/resolve-revision.ts";
import { openGitLabRepository, withGitLabState } from "../gitlab-access.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";

/** Changes per response message. */
const BATCH = 500;

function toMessage(c: RawChange) {
  return {
    blobId: c.blobId,
    size: BigInt(c.size),
    operation: Operation[c.operation],
    rawOperation: c.rawOperation,
    oldMode: c.oldMode,
    newMode: c.newMode,
    newPathBytes: c.newPath === undefined ? new Uint8Array(0) : byteStringToBytes(c.newPath),
    oldPathBytes: c.oldPath === undefined ? new Uint8Array(0) : byteStringToBytes(c.oldPath),
  };
}

/** GetRawChanges. */
export function rawChangesHandlers(env: ServiceEnv): ServiceImpl<typeof RepositoryService> {
  return {
    async *getRawChanges(req) {
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      const resolve = (revision: string, which: string) => {
        if (revision === ZERO_SHA) return NULL_REV;
        const rev = withGitLabState(() => resolveRevision(repo, utf8ToByteString(revision), refs));
        if (rev === undefined) {
          throw new RpcError(
            Code.INVALID_ARGUMENT,
            `invalid '${which}' revision: ${JSON.stringify(revision)}`,
          );
        }
        return rev;
      };
      const from = resolve(req.fromRevision, "from");
      const to = resolve(req.toRevision, "to");
      const toTree = changesetTree(repo, to);
      if (toTree === undefined) return;
      const changes = rawChanges(repo, changesetTree(repo, from), toTree);
      for (let i = 0; i < changes.length; i += BATCH) {
        yield { rawChanges: changes.slice(i, i + BATCH).map(toMessage) };
      }
    },
  };
}
