/**
 * BlobService LFS pointer RPCs. Mercurial repositories have no Git LFS objects, so after
 * Gitaly's argument validation these answer empty streams.
 */
import type { BlobService } from "../../gen/gitaly/blob_pb.ts";
import { openRequestRepository } from "../repository-access.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";

/** What every LFS RPC streams: nothing. */
const NO_POINTERS: readonly never[] = [];

/** LFS pointer handlers (always empty). */
export function lfsPointersHandlers(env: ServiceEnv): ServiceImpl<typeof BlobService> {
  return {
    async *getLFSPointers(req) {
      await openRequestRepository(env, req.repository);
      if (req.blobIds.length === 0) throw new RpcError(Code.INVALID_ARGUMENT, "empty BlobIds");
      yield* NO_POINTERS;
    },
    async *listLFSPointers(req) {
      await openRequestRepository(env, req.repository);
      if (req.revisions.length === 0) {
        throw new RpcError(Code.INVALID_ARGUMENT, "missing revisions");
      }
      for (const revision of req.revisions) {
        if (revision.startsWith("-") && revision !== "--all" && revision !== "--not") {
          throw new RpcError(
            Code.INVALID_ARGUMENT,
            `invalid revision: ${JSON.stringify(revision)}`,
          );
        }
      }
      yield* NO_POINTERS;
    },
    async *listAllLFSPointers(req) {
      await openRequestRepository(env, req.repository);
      yield* NO_POINTERS;
    },
  };
}
