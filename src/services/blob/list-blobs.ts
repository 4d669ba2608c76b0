/**
 * BlobService.ListBlobs and ListAllBlobs: blobs (file revisions) reachable from rev-list style
 * revisions, or introduced by any changeset of the repository (hidden ones included). `limit`
 * caps the number of blobs (0: none), `bytes_limit` the data sent per blob (0: none, negative:
 * all). Blobs are batched into messages; data larger than a chunk continues in data-only
 * entries.
 */
import type { BlobService } from "../../gen/gitaly/blob_pb.ts";
import { byteStringToBytes } from "../../hg/byte-string.ts";
import type { Repository } from "../../hg/repository.ts";
import { fileContent } from "../../gitlab/changeset-objects.ts";
import {
  allRevisions,
  reachableBlobs,
  RevisionListError,
  selectRevisions,
} from "../../gitlab/reachable-blobs.ts";
import { dataChunks, STREAM_CHUNK_SIZE, truncateData } from "../data-chunks.ts";
import { openGitLabRepository, withGitLabState } from "../gitlab-access.ts";
import { openRequestRepository } from "../repository-access.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";

/** Most blob entries in one message. */
const BLOBS_PER_MESSAGE = 100;

/** A ListBlobs/ListAllBlobs entry: a blob's metadata and first data, or more of its data. */
interface BlobPart {
  oid?: string;
  size?: bigint;
  data: Uint8Array;
  path?: Uint8Array;
}

/** Batches of blob entries for the selected changesets, following the limits. */
function* blobBatches(
  repo: Repository,
  selection: Uint8Array,
  limit: number,
  bytesLimit: bigint,
  withPaths: boolean,
): Generator<BlobPart[]> {
  let batch: BlobPart[] = [];
  let batchBytes = 0;
  let count = 0;
  for (const blob of reachableBlobs(repo, selection)) {
    if (limit > 0 && count >= limit) break;
    count++;
    const content = fileContent(repo, blob.path, blob.fileNode);
    const data = bytesLimit === 0n ? content.subarray(0, 0) : truncateData(content, bytesLimit);
    let first = true;
    for (const chunk of dataChunks(data)) {
      batch.push(
        first
          ? {
            oid: blob.oid,
            size: BigInt(content.length),
            data: chunk,
            ...(withPaths ? { path: byteStringToBytes(blob.path) } : {}),
          }
          : { data: chunk },
      );
      first = false;
      batchBytes += chunk.length;
      if (batchBytes >= STREAM_CHUNK_SIZE || batch.length >= BLOBS_PER_MESSAGE) {
        yield batch;
        batch = [];
        batchBytes = 0;
      }
    }
  }
  if (batch.length > 0) yield batch;
}

/** ListBlobs and ListAllBlobs handlers. */
export function listBlobsHandlers(env: ServiceEnv): ServiceImpl<typeof BlobService> {
  return {
    async *listBlobs(req) {
      if (req.revisions.length === 0) {
        throw new RpcError(Code.INVALID_ARGUMENT, "missing revisions");
      }
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      let selection: Uint8Array;
      try {
        selection = withGitLabState(() => selectRevisions(repo, refs, req.revisions));
      } catch (err) {
        if (!(err instanceof RevisionListError)) throw err;
        const quoted = JSON.stringify(err.revision);
        throw err.kind === "invalid"
          ? new RpcError(Code.INVALID_ARGUMENT, `invalid revision: ${quoted}`)
          : new RpcError(Code.INTERNAL, `rev-list pipeline command: unknown revision ${quoted}`);
      }
      for (const blobs of blobBatches(repo, selection, req.limit, req.bytesLimit, req.withPaths)) {
        yield { blobs };
      }
    },

    async *listAllBlobs(req) {
      const repo = await openRequestRepository(env, req.repository);
      const selection = allRevisions(repo);
      for (const blobs of blobBatches(repo, selection, req.limit, req.bytesLimit, false)) {
        yield { blobs };
      }
    },
  };
}
