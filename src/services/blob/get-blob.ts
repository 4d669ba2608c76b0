/**
 * BlobService.GetBlob and GetBlobs. GetBlob takes a blob oid of our scheme; an unknown
 * changeset or path answers one empty message. GetBlobs resolves revision/path pairs; an
 * unresolved pair answers a message echoing only revision and path. `limit` < 0 means the whole
 * content. Content streams in 128 KiB views, metadata on the first message of each blob.
 */
import type { BlobService } from "../../gen/gitaly/blob_pb.ts";
import { ObjectType } from "../../gen/gitaly/shared_pb.ts";
import { bytesToByteString } from "../../hg/byte-string.ts";
import { changesetTree, readBlob } from "../../gitlab/changeset-objects.ts";
import { decodePathObjectId, ObjectIdError } from "../../gitlab/object-id.ts";
import { resolveRevision } from "../../gitlab/resolve-revision.ts";
import { dataChunks, truncateData } from "../data-chunks.ts";
import { openGitLabRepository, withGitLabState } from "../gitlab-access.ts";
import { openRequestRepository } from "../repository-access.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";

function decodeBlobOid(oid: string) {
  if (oid === "") throw new RpcError(Code.INVALID_ARGUMENT, "empty Oid");
  try {
    return decodePathObjectId(oid);
  } catch (err) {
    if (err instanceof ObjectIdError) {
      throw new RpcError(
        Code.INVALID_ARGUMENT,
        `Error parsing Oid ${JSON.stringify(oid)}: ${err.kind}`,
      );
    }
    throw err;
  }
}

/** GetBlob and GetBlobs handlers. */
export function getBlobHandlers(env: ServiceEnv): ServiceImpl<typeof BlobService> {
  return {
    async *getBlob(req) {
      const { node, path } = decodeBlobOid(req.oid);
      const repo = await openRequestRepository(env, req.repository);
      const rev = repo.changelog.rev(node);
      const tree = rev === undefined ? undefined : changesetTree(repo, rev);
      const index = tree === undefined ? -1 : tree.manifest.indexOf(path);
      if (tree === undefined || index < 0) {
        yield {};
        return;
      }
      const blob = readBlob(repo, tree.node, tree.manifest, index);
      let first = true;
      for (const data of dataChunks(truncateData(blob.data, req.limit))) {
        yield first ? { oid: blob.oid, size: BigInt(blob.data.length), data } : { data };
        first = false;
      }
    },

    async *getBlobs(req) {
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      for (const { revision, path: rawPath } of req.revisionPaths) {
        const rev = withGitLabState(() => resolveRevision(repo, revision, refs));
        const tree = rev === undefined ? undefined : changesetTree(repo, rev);
        const index = tree === undefined ? -1 : tree.manifest.indexOf(bytesToByteString(rawPath));
        if (tree === undefined || index < 0) {
          yield { revision, path: rawPath };
          continue;
        }
        const blob = readBlob(repo, tree.node, tree.manifest, index);
        let first = true;
        for (const data of dataChunks(truncateData(blob.data, req.limit))) {
          yield first
            ? {
              oid: blob.oid,
              size: BigInt(blob.data.length),
              data,
              mode: blob.mode,
              revision,
              path: rawPath,
              type: ObjectType.BLOB,
              isSubmodule: false,
            }
            : { data };
          first = false;
        }
      }
    },
  };
}
