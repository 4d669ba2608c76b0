/**
 * Reading the Git objects of a changeset: its manifest (the root tree) and blobs, i.e. file
 * contents with their oid and Git mode. Contents are the engine's texts, never copied here.
 */
import type { ByteString } from "../hg/byte-string.ts";
import { CorruptionError } from "../hg/errors.ts";
import type { Manifest } from "../hg/manifest.ts";
import { NULL_REV } from "../hg/node.ts";
import type { Repository } from "../hg/repository.ts";
import { blobOid } from "./object-id.ts";
import { modeOfFlags } from "./object-mode.ts";

/** A changeset's node and manifest. */
export interface ChangesetTree {
  /** Hex changeset node (the first half of its objects' oids). */
  node: string;
  /** Its manifest. */
  manifest: Manifest;
}

/** A blob read from a manifest. */
export interface BlobObject {
  oid: string;
  path: ByteString;
  /** Git mode (100644, 100755 or 120000). */
  mode: number;
  /** File content (a symlink's content is its target); shared, do not modify. */
  data: Uint8Array;
}

/** Node and manifest of changeset `rev`, undefined for the null revision (it has no tree). */
export function changesetTree(repo: Repository, rev: number): ChangesetTree | undefined {
  if (rev === NULL_REV) return undefined;
  const cs = repo.changelog.read(rev);
  return { node: cs.node, manifest: repo.manifest(cs.manifestNode) };
}

/** Content of file `path` at hex file node `fileNode`. */
export function fileContent(repo: Repository, path: ByteString, fileNode: string): Uint8Array {
  const filelog = repo.filelog(path);
  const rev = filelog.rev(fileNode);
  if (rev === undefined) {
    throw new CorruptionError(
      `file node ${fileNode} of ${JSON.stringify(path)} not in its filelog`,
    );
  }
  return filelog.content(rev);
}

/** The blob at manifest index `index` of changeset `node`. */
export function readBlob(
  repo: Repository,
  node: string,
  manifest: Manifest,
  index: number,
): BlobObject {
  const path = manifest.path(index);
  const { node: fileNode, flags } = manifest.entry(index);
  return {
    oid: blobOid(node, path),
    path,
    mode: modeOfFlags(flags),
    data: fileContent(repo, path, fileNode),
  };
}

/** A blob whose content is read as a stream of pieces. */
export interface BlobStream {
  oid: string;
  path: ByteString;
  /** Git mode (100644, 100755 or 120000). */
  mode: number;
  /** Exact content size. */
  size: number;
  /** The content in pieces; iterate once. `return()` (even unstarted) releases it. */
  chunks: AsyncIterableIterator<Uint8Array>;
}

/**
 * The blob at manifest index `index` of changeset `node` as a stream, when its stored size is
 * at least `minSize` and the engine can stream it (a file revision stored as one full
 * snapshot, see `Filelog.contentStream`); undefined otherwise, and `readBlob` reads it whole.
 * A big blob then leaves as it is decompressed, never whole in memory.
 */
export async function readBlobStream(
  repo: Repository,
  node: string,
  manifest: Manifest,
  index: number,
  minSize: number,
): Promise<BlobStream | undefined> {
  const path = manifest.path(index);
  const { node: fileNode, flags } = manifest.entry(index);
  const filelog = repo.filelog(path);
  const rev = filelog.rev(fileNode);
  if (rev === undefined || filelog.rawSize(rev) < minSize) return undefined;
  const stream = await filelog.contentStream(rev);
  if (stream === undefined) return undefined;
  return {
    oid: blobOid(node, path),
    path,
    mode: modeOfFlags(flags),
    size: stream.size,
    chunks: stream.chunks,
  };
}
