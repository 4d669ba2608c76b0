/**
 * Streaming a blob's content in messages, shared by GetBlob, GetBlobs and TreeEntry: metadata
 * on the first message, then data-only messages, cut every STREAM_CHUNK_SIZE bytes. A big blob
 * stored as one full snapshot is sent as it is decompressed (never whole in memory); others are
 * read whole and sent as views of their text. Both ways cut the messages at the same points.
 */
import type { DescMessage } from "@bufbuild/protobuf";
import { CorruptionError } from "../hg/errors.ts";
import type { Manifest } from "../hg/manifest.ts";
import type { Repository } from "../hg/repository.ts";
import { readBlob, readBlobStream } from "../gitlab/changeset-objects.ts";
import { delimitedFieldSize, WireWriter } from "../gitlab/wire-writer.ts";
import { dataChunks, STREAM_CHUNK_SIZE } from "./data-chunks.ts";
import { EncodedMessage } from "./encoded-message.ts";

/**
 * Stored size from which a blob streams as it is decompressed: the first message then leaves
 * after one piece instead of after the whole text. Smaller blobs are read whole (one
 * synchronous call is cheaper, and their text may be cached).
 */
export const STREAMED_BLOB_SIZE = 1024 * 1024;

/** A blob to answer: its metadata, and its content either read whole or as a stream. */
export interface AnsweredBlob {
  oid: string;
  /** Git mode (100644, 100755 or 120000). */
  mode: number;
  /** Exact content size. */
  size: number;
  /** The whole content (shared, do not modify), or undefined when streamed. */
  whole?: Uint8Array;
  /** The content in pieces when streamed; iterate once, or release with {@link closeBlob}. */
  chunks?: AsyncIterableIterator<Uint8Array>;
}

/**
 * The blob at manifest index `index` of changeset `node`: streamed when its stored size is at
 * least STREAMED_BLOB_SIZE and the engine can stream it, read whole otherwise.
 */
export async function openBlob(
  repo: Repository,
  node: string,
  manifest: Manifest,
  index: number,
): Promise<AnsweredBlob> {
  const streamed = await readBlobStream(repo, node, manifest, index, STREAMED_BLOB_SIZE);
  if (streamed !== undefined) {
    const { oid, mode, size, chunks } = streamed;
    return { oid, mode, size, chunks };
  }
  const { oid, mode, data } = readBlob(repo, node, manifest, index);
  return { oid, mode, size: data.length, whole: data };
}

/** Releases a blob not (fully) sent through {@link blobMessages}: stops its decompression. */
export async function closeBlob(blob: AnsweredBlob): Promise<void> {
  await blob.chunks?.return?.();
}

/** How many of `size` content bytes a `limit` lets through: all when negative. */
export function limitedSize(size: number, limit: number | bigint): number {
  const n = Number(limit);
  return n >= 0 && n < size ? n : size;
}

/**
 * A message of `schema` carrying only `data` in bytes field `field`, encoded with a single copy
 * of the data: a 20 MiB blob is 160 such messages, and building then encoding them by
 * reflection would copy every byte twice more.
 */
export function dataMessage<S extends DescMessage>(
  schema: S,
  field: number,
  data: Uint8Array,
): EncodedMessage<S> {
  const writer = new WireWriter(delimitedFieldSize(field, data.length));
  return new EncodedMessage(schema, writer.bytes(field, data).view());
}

/** How an RPC shapes the messages of a blob's content. */
export interface BlobMessageShape<S extends DescMessage, M> {
  /** Schema of the data-only messages. */
  schema: S;
  /** Number of the data (bytes) field of `schema`. */
  dataField: number;
  /** The first message: the metadata with the first `data` (empty when nothing is sent). */
  first(data: Uint8Array): M;
}

/**
 * The messages of the first `total` bytes of `blob` (at most its size): `shape.first` with the
 * first chunk, then data-only messages, each chunk STREAM_CHUNK_SIZE bytes but the last; at
 * least one message. A streamed blob's pieces are copied straight into the encoded messages;
 * returning early (the call cancelled) or reaching `total` stops the decompression.
 */
export async function* blobMessages<S extends DescMessage, M>(
  blob: AnsweredBlob,
  total: number,
  shape: BlobMessageShape<S, M>,
): AsyncGenerator<M | EncodedMessage<S>> {
  if (blob.chunks === undefined) {
    let first = true;
    for (const data of dataChunks((blob.whole ?? new Uint8Array(0)).subarray(0, total))) {
      yield first ? shape.first(data) : dataMessage(shape.schema, shape.dataField, data);
      first = false;
    }
    return;
  }
  if (total === 0) {
    // Nothing to send: release the decompression started to read the metadata header.
    await closeBlob(blob);
    yield shape.first(new Uint8Array(0));
    return;
  }
  let sent = 0;
  let writer: WireWriter | undefined;
  let payload: Uint8Array | undefined;
  let filled = 0;
  for await (const piece of blob.chunks) {
    for (let at = 0; at < piece.length;) {
      if (payload === undefined) {
        const length = Math.min(STREAM_CHUNK_SIZE, total - sent);
        if (sent === 0) {
          // The first message goes through the RPC's own builder, with its metadata.
          payload = new Uint8Array(length);
        } else {
          writer = new WireWriter(delimitedFieldSize(shape.dataField, length));
          payload = writer.payload(shape.dataField, length);
        }
        filled = 0;
      }
      const take = Math.min(piece.length - at, payload.length - filled);
      payload.set(piece.subarray(at, at + take), filled);
      at += take;
      filled += take;
      if (filled < payload.length) continue;
      yield writer === undefined
        ? shape.first(payload)
        : new EncodedMessage(shape.schema, writer.view());
      sent += payload.length;
      writer = undefined;
      payload = undefined;
      if (sent === total) return;
    }
  }
  throw new CorruptionError(`blob ${blob.oid}: content ended after ${sent + filled} bytes`);
}
