/**
 * RepositoryService.ObjectsSize: revisions (rev-list syntax: `^rev`, `--not`, `--all`,
 * `a..b`) streamed over several messages, the repository in the first one only; answers the
 * stored size of what they reach (see gitlab/objects-size).
 */
import type { ObjectsSizeRequest, RepositoryService } from "../../gen/gitaly/repository_pb.ts";
import { bytesToByteString, type ByteString } from "../../hg/byte-string.ts";
import { reachableObjectsSize } from "../../gitlab/objects-size.ts";
import { RevisionListError, selectRevisions } from "../../gitlab/reachable-blobs.ts";
import { openGitLabRepository, withGitLabState } from "../gitlab-access.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";

/** ObjectsSize. */
export function objectsSizeHandlers(env: ServiceEnv): ServiceImpl<typeof RepositoryService> {
  return {
    async objectsSize(reqs) {
      let first: ObjectsSizeRequest | undefined;
      const revisions: ByteString[] = [];
      for await (const req of reqs) {
        if (first === undefined) {
          first = req;
        } else if (req.repository !== undefined) {
          throw new RpcError(
            Code.INVALID_ARGUMENT,
            "subsequent requests must not contain repository",
          );
        }
        if (req.revisions.length === 0) {
          throw new RpcError(Code.INVALID_ARGUMENT, "no revisions specified");
        }
        for (const r of req.revisions) revisions.push(bytesToByteString(r));
      }
      if (first === undefined) throw new RpcError(Code.INVALID_ARGUMENT, "empty request");
      const { repo, refs } = await openGitLabRepository(env, first.repository);
      let selection: Uint8Array;
      try {
        selection = withGitLabState(() => selectRevisions(repo, refs, revisions));
      } catch (err) {
        if (err instanceof RevisionListError) {
          throw err.kind === "unknown"
            ? new RpcError(Code.NOT_FOUND, "revision not found")
            : new RpcError(Code.INVALID_ARGUMENT, `validating revision: ${err.message}`);
        }
        throw err;
      }
      return { size: BigInt(reachableObjectsSize(repo, selection)) };
    },
  };
}
