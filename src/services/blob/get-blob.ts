/**
 * BlobService.GetBlob and GetBlobs. GetBlob takes a blob oid of our scheme; an unknown
 * changeset or path answers one empty message. GetBlobs resolves revision/path pairs; an
 * unresolved pair answers a message echoing only revision and path. `limit` < 0 means the whole
 * content. Content streams in 128 KiB views, metadata on the first message of each blob.
 */
import {
  type BlobService,
  GetBlobResponseSchema,
  GetBlobsResponseSchema,
} from "../../gen/gitaly/blob_pb.ts";
import { ObjectType } from "../../gen/gitaly/shared_pb.ts";
import { bytesToByteString } from "../../hg/byte-string.ts";
import { CorruptionError } from "../../hg/errors.ts";
import {
  type BlobStream,
  changesetTree,
  readBlob,
  readBlobStream,
} from "../../gitlab/changeset-objects.ts";
import { decodePathObjectId, ObjectIdError } from "../../gitlab/object-id.ts";
import { resolveRevision } from "../../gitlab/resolve-revision.ts";
import { delimitedFieldSize, WireWriter } from "../../gitlab/wire-writer.ts";
import { dataChunks, STREAM_CHUNK_SIZE, truncateData } from "../data-chunks.ts";
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

/**
 * A GetBlobResponse / GetBlobsResponse carrying only `data` (field 2 in both), encoded with a
 * single copy of the chunk: a 20 MiB blob is 160 such messages, and building then encoding
 * them by reflection would copy every byte twice more.
 */
function dataMessage<S extends typeof GetBlobResponseSchema | typeof GetBlobsResponseSchema>(
  schema: S,
  data: Uint8Array,
): EncodedMessage<S> {
  const writer = new WireWriter(delimitedFieldSize(2, data.length));
  return new EncodedMessage(schema, writer.bytes(2, data).view());
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

/**
 * Stored size from which GetBlob streams a blob as it is decompressed: the first message then
 * leaves after one piece instead of after the whole text. Smaller blobs are read whole (one
 * synchronous call is cheaper, and their text may be cached).
 */
const STREAMED_BLOB_SIZE = 1024 * 1024;

/**
 * GetBlob messages of a streamed blob: at most `limit` bytes of content (all when negative),
 * oid and size on the first message. Pieces are copied straight into the encoded messages,
 * which carry exactly STREAM_CHUNK_SIZE bytes each (the last one fewer), as for blobs read
 * whole. Returning early (limit reached, call cancelled) stops the decompression.
 */
async function* streamedBlobMessages(
  blob: BlobStream,
  limit: number,
): AsyncGenerator<EncodedMessage<typeof GetBlobResponseSchema>> {
  const total = limit < 0 ? blob.size : Math.min(limit, blob.size);
  if (total === 0) {
    // Nothing to send: release the decompression started to read the metadata header.
    await blob.chunks.return?.();
    yield firstBlobMessage(blob.size, blob.oid, new Uint8Array(0));
    return;
  }
  let sent = 0;
  let writer: WireWriter | undefined;
  let payload: Uint8Array = new Uint8Array(0);
  let filled = 0;
  for await (const piece of blob.chunks) {
    for (let at = 0; at < piece.length;) {
      if (writer === undefined) {
        const length = Math.min(STREAM_CHUNK_SIZE, total - sent);
        if (sent === 0) {
          writer = new WireWriter(11 + delimitedFieldSize(2, length) + 3 + blob.oid.length);
          writer.varint(1, blob.size);
        } else {
          writer = new WireWriter(delimitedFieldSize(2, length));
        }
        payload = writer.payload(2, length);
        filled = 0;
      }
      const take = Math.min(piece.length - at, payload.length - filled);
      payload.set(piece.subarray(at, at + take), filled);
      at += take;
      filled += take;
      if (filled < payload.length) continue;
      if (sent === 0) writer.byteString(3, blob.oid);
      sent += payload.length;
      yield new EncodedMessage(GetBlobResponseSchema, writer.view());
      writer = undefined;
      if (sent === total) return;
    }
  }
  throw new CorruptionError(`blob ${blob.oid}: content ended after ${sent + filled} bytes`);
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
      const streamed = await readBlobStream(
        repo,
        tree.node,
        tree.manifest,
        index,
        STREAMED_BLOB_SIZE,
      );
      if (streamed !== undefined) {
        yield* streamedBlobMessages(streamed, Number(req.limit));
        return;
      }
      const blob = readBlob(repo, tree.node, tree.manifest, index);
      let first = true;
      for (const data of dataChunks(truncateData(blob.data, req.limit))) {
        yield first
          ? firstBlobMessage(blob.data.length, blob.oid, data)
          : dataMessage(GetBlobResponseSchema, data);
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
            : dataMessage(GetBlobsResponseSchema, data);
          first = false;
        }
      }
    },
  };
}
