/**
 * DiffBlobs: the patch of each blob pair, in request order, as Gitaly answers it (one
 * `git diff <left> <right>` per pair through its diff parser).
 *
 * A blob is given as a blob id of our scheme (`<changeset>_<base64 path>`, the ids every
 * other RPC hands out), as a path-scoped revision `<revision>:<path>`, or as the null id
 * (ZERO_SHA) for the missing side of an addition or deletion, diffed as an empty blob and
 * reported as the null id. Every pair is validated before any patch is sent: an unknown,
 * malformed or non-blob reference, two null ids, or two references to the same blob answer
 * INVALID_ARGUMENT (Gitaly's wording, e.g. `validating left blob: revision is not blob`).
 *
 * Each pair streams as messages of at most 5 KiB of patch, the first one carrying the blob
 * ids and flags, the last one STATUS_END_OF_PATCH. `patch_bytes_limit` > 0 empties a patch
 * of at least that many bytes (capped at Gitaly's 512000) and sets `over_patch_bytes_limit`.
 */
import {
  DiffBlobsRequest_DiffMode as DiffMode,
  DiffBlobsRequest_WhitespaceChanges as WhitespaceChanges,
  DiffBlobsResponse_Status as Status,
  type DiffService,
} from "../../gen/gitaly/diff_pb.ts";
import { bytesToByteString, type ByteString, byteStringToBytes } from "../../hg/byte-string.ts";
import { NULL_NODE, NULL_REV } from "../../hg/node.ts";
import type { Repository } from "../../hg/repository.ts";
import { changesetTree, fileContent } from "../../gitlab/changeset-objects.ts";
import {
  blobPairNeedsLineDiff,
  type BlobPatch,
  formatBlobPatch,
} from "../../gitlab/diff/blob-patch.ts";
import { MAX_PATCH_BYTES_UPPER_BOUND } from "../../gitlab/diff/diff-limits.ts";
import type { WhitespaceMode } from "../../gitlab/diff/whitespace.ts";
import type { GitLabRefs } from "../../gitlab/gitlab-refs.ts";
import { lookupTreePath } from "../../gitlab/manifest-tree.ts";
import { blobOid, decodeObjectId, ObjectIdError } from "../../gitlab/object-id.ts";
import { resolveRevision } from "../../gitlab/resolve-revision.ts";
import { revisionSyntaxError } from "../../gitlab/revision-syntax.ts";
import { openGitLabRepository, withGitLabState } from "../gitlab-access.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { DIFF_MSG_SIZE_THRESHOLD } from "./commit-diff.ts";
import { lineDiffOffload } from "./line-diff-pool.ts";
import { TimeSlicer } from "./time-slicer.ts";

/** One resolved side of a pair: its id, Git's name for it, and where its content is. */
interface BlobSide {
  oid: string;
  name: ByteString;
  /** Path and file node of the content; undefined for the null id (empty content). */
  file?: { path: ByteString; fileNode: string };
}

/** Why a blob reference does not name a blob (Gitaly's wording after "validating X blob: "). */
class BlobRefError extends Error {}

const NOT_FOUND = "getting revision info: object not found";

/** The blob at `path` of changeset `rev`, or why there is none. */
function blobAt(repo: Repository, rev: number | undefined, path: ByteString | undefined) {
  if (rev === undefined || rev === NULL_REV || rev >= repo.changelog.length) {
    throw new BlobRefError(NOT_FOUND);
  }
  const tree = changesetTree(repo, rev)!;
  // A changeset id alone, or a directory (the root included), names no blob.
  const node = path === undefined ? undefined : lookupTreePath(tree.manifest, path);
  if (path === undefined || node?.kind === "tree") throw new BlobRefError("revision is not blob");
  if (node === undefined) throw new BlobRefError(NOT_FOUND);
  const fileNode = tree.manifest.entry(node.index).node;
  return { oid: blobOid(tree.node, path), file: { path, fileNode } };
}

/** Resolves a blob reference (blob id or `<revision>:<path>`); throws BlobRefError. */
function resolveBlob(repo: Repository, refs: GitLabRefs, ref: ByteString): BlobSide {
  const colon = ref.indexOf(":");
  if (colon >= 0) {
    const revision = ref.slice(0, colon);
    const path = ref.slice(colon + 1);
    const reason = revisionSyntaxError(revision) ??
      (path.includes("\0") ? "revision can't contain NUL" : undefined);
    if (reason !== undefined) {
      throw new BlobRefError(`validating path-scoped revision: ${reason}`);
    }
    const rev = withGitLabState(() => resolveRevision(repo, revision, refs));
    // Git prints a path-scoped blob under its path.
    return { ...blobAt(repo, rev, path), name: path };
  }
  let decoded;
  try {
    decoded = decodeObjectId(ref);
  } catch (err) {
    if (!(err instanceof ObjectIdError)) throw err;
    throw new BlobRefError(
      `validating blob ID: invalid object ID: ${JSON.stringify(ref)} (${err.kind})`,
    );
  }
  return { ...blobAt(repo, repo.changelog.rev(decoded.node), decoded.path), name: ref };
}

/** Git's name for the null side: Gitaly diffs against the empty blob. */
const EMPTY_BLOB = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391";
const NULL_SIDE: BlobSide = { oid: NULL_NODE, name: EMPTY_BLOB };

/** Resolves both sides of every pair, validating them all before any diff. */
function resolvePairs(
  repo: Repository,
  refs: GitLabRefs,
  pairs: { leftBlob: Uint8Array; rightBlob: Uint8Array }[],
): [BlobSide, BlobSide][] {
  return pairs.map(({ leftBlob, rightBlob }) => {
    const left = bytesToByteString(leftBlob);
    const right = bytesToByteString(rightBlob);
    if (left === NULL_NODE && right === NULL_NODE) {
      throw new RpcError(Code.INVALID_ARGUMENT, "left and right blob cannot both be null OIDs");
    }
    const side = (ref: ByteString, which: string) => {
      if (ref === NULL_NODE) return NULL_SIDE;
      try {
        return resolveBlob(repo, refs, ref);
      } catch (err) {
        if (!(err instanceof BlobRefError)) throw err;
        throw new RpcError(Code.INVALID_ARGUMENT, `validating ${which} blob: ${err.message}`);
      }
    };
    const sides: [BlobSide, BlobSide] = [side(left, "left"), side(right, "right")];
    if (sides[0].oid === sides[1].oid) {
      throw new RpcError(
        Code.INVALID_ARGUMENT,
        "left and right blob revisions resolve to same OID",
      );
    }
    return sides;
  });
}

function whitespaceMode(w: WhitespaceChanges): WhitespaceMode {
  if (w === WhitespaceChanges.IGNORE_ALL) return "all";
  if (w === WhitespaceChanges.IGNORE) return "change";
  return "none";
}

const EMPTY = new Uint8Array(0);

/** DiffBlobs handler. */
export function diffBlobsHandlers(env: ServiceEnv): ServiceImpl<typeof DiffService> {
  return {
    async *diffBlobs(req, ctx) {
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      if (req.blobPairs.length === 0) {
        throw new RpcError(Code.INVALID_ARGUMENT, "request contains no file pairs to diff");
      }
      const pairs = resolvePairs(repo, refs, req.blobPairs);
      const whitespace = whitespaceMode(req.whitespaceChanges);
      const words = req.diffMode === DiffMode.WORD;
      const limit = req.patchBytesLimit > 0
        ? Math.min(req.patchBytesLimit, MAX_PATCH_BYTES_UPPER_BOUND)
        : Infinity;
      const offload = lineDiffOffload(ctx.signal);
      const slicer = new TimeSlicer();
      for (const [left, right] of pairs) {
        const read = (s: BlobSide) =>
          s.file ? fileContent(repo, s.file.path, s.file.fileNode) : EMPTY;
        const a = read(left);
        const b = read(right);
        const hunks = offload.wants(a, b) && blobPairNeedsLineDiff(a, b)
          ? await offload.hunks({ kind: "hunks", a, b, whitespace })
          : undefined;
        const names = { left: left.name, right: right.name };
        // Word diffs are made from the line hunks, through the offload (big ones in a worker).
        const lines: BlobPatch = formatBlobPatch(a, b, names, { whitespace }, hunks);
        const diff: BlobPatch = words && !lines.binary
          ? { ...lines, patch: await offload.words(lines.patch) }
          : lines;
        const tooLarge = diff.patch.length >= limit;
        const patch = tooLarge ? EMPTY : byteStringToBytes(diff.patch);
        let offset = 0;
        do {
          const end = Math.min(offset + DIFF_MSG_SIZE_THRESHOLD, patch.length);
          const status = end === patch.length ? Status.END_OF_PATCH : Status.INCOMPLETE;
          const data = patch.subarray(offset, end);
          yield offset === 0
            ? {
              leftBlobId: left.oid,
              rightBlobId: right.oid,
              binary: diff.binary,
              overPatchBytesLimit: tooLarge,
              patch: data,
              status,
            }
            : { patch: data, status };
          offset = end;
        } while (offset < patch.length);
        await slicer.maybePause();
      }
    },
  };
}
