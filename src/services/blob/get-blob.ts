/**
 * BlobService.GetBlob and GetBlobs. GetBlob takes a blob oid of our scheme; an unknown
 * changeset or path answers one empty message. GetBlobs resolves revision/path pairs; an
 * unresolved pair answers a message echoing only revision and path. `limit` < 0 means the whole
 * content. Content streams in 128 KiB messages, metadata on the first message of each blob; big
 * full-snapshot blobs as they are decompressed (see ../blob-messages.ts).
 */
import {
  type BlobService,
  GetBlobResponseSchema,
  GetBlobsResponseSchema,
} from "../../gen/gitaly/blob_pb.ts";
import { ObjectType } from "../../gen/gitaly/shared_pb.ts";
import { bytesToByteString } from "../../hg/byte-string.ts";
import { changesetTree } from "../../gitlab/changeset-objects.ts";
import { decodePathObjectId, ObjectIdError } from "../../gitlab/object-id.ts";
import { resolveRevision } from "../../gitlab/resolve-revision.ts";
import { delimitedFieldSize, WireWriter } from "../../gitlab/wire-writer.ts";
import { blobMessages, limitedSize, openBlob } from "../blob-messages.ts";
import { EncodedMessage } from "../encoded-message.ts";
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

/** The first GetBlob message: size and oid (fields 1 and 3) with the first chunk. */
function firstBlobMessage(
  size: number,
  oid: string,
  data: Uint8Array,
): EncodedMessage<typeof GetBlobResponseSchema> {
  const writer = new WireWriter(11 + delimitedFieldSize(2, data.length) + 3 + oid.length);
  if (size > 0) writer.varint(1, size);
  if (data.length > 0) writer.bytes(2, data);
  writer.byteString(3, oid);
  return new EncodedMessage(GetBlobResponseSchema, writer.view());
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
      const blob = await openBlob(repo, tree.node, tree.manifest, index);
      yield* blobMessages(blob, limitedSize(blob.size, req.limit), {
        schema: GetBlobResponseSchema,
        dataField: 2,
        first: (data) => firstBlobMessage(blob.size, blob.oid, data),
      });
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
        const blob = await openBlob(repo, tree.node, tree.manifest, index);
        yield* blobMessages(blob, limitedSize(blob.size, req.limit), {
          schema: GetBlobsResponseSchema,
          dataField: 2,
          first: (data) => ({
            oid: blob.oid,
            size: BigInt(blob.size),
            data,
            mode: blob.mode,
            revision,
            path: rawPath,
            type: ObjectType.BLOB,
            isSubmodule: false,
          }),
        });
      }
    },
  };
}
