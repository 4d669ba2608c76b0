/**
 * CommitDiff: per-file diffs between two commits, as Gitaly's diff parser reports them
 * (patches are hunks only, without the Git header; type changes are a deletion then an
 * addition), with Gitaly's limits (see diff-limits.ts) and patches split over messages of at
 * most 5 KiB, the first one carrying the file's metadata, the last one `end_of_patch`.
 *
 * DiffMode WORDDIFF answers Git's `--word-diff=porcelain` hunks (see word-diff.ts); limits
 * then weigh the word-diff lines, `~` lines included, as Gitaly's parser does.
 *
 * Copies and renames come from Mercurial metadata (HGitaly does the same; Git's similarity
 * detection may disagree on heavily edited renames).
 */
import {
  CommitDiffRequest_DiffMode as DiffMode,
  CommitDiffRequest_WhitespaceChanges as WhitespaceChanges,
  type DiffService,
} from "../../gen/gitaly/diff_pb.ts";
import { bytesToByteString, byteStringToBytes } from "../../hg/byte-string.ts";
import { changesetDiffAsync } from "../../gitlab/diff/changeset-diff.ts";
import { DiffLimiter } from "../../gitlab/diff/diff-limits.ts";
import type { WhitespaceMode } from "../../gitlab/diff/whitespace.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { openDiffSides } from "./diff-sides.ts";
import { lineDiffOffload } from "./line-diff-pool.ts";
import { TimeSlicer } from "./time-slicer.ts";

/** Gitaly's message size threshold for patch data and delta batches. */
export const DIFF_MSG_SIZE_THRESHOLD = 5 * 1024;

/** The whitespace mode of a request's enum value. */
export function whitespaceMode(w: WhitespaceChanges): WhitespaceMode {
  if (w === WhitespaceChanges.IGNORE_ALL) return "all";
  if (w === WhitespaceChanges.IGNORE) return "change";
  return "none";
}

/** CommitDiff handler. */
export function commitDiffHandlers(env: ServiceEnv): ServiceImpl<typeof DiffService> {
  return {
    async *commitDiff(req, ctx) {
      const { repo, fromRev, toRev } = await openDiffSides(
        env,
        req,
        () => new RpcError(Code.FAILED_PRECONDITION, "eachDiff: exit status 128"),
      );
      const limiter = new DiffLimiter({
        enforceLimits: req.enforceLimits,
        collapseDiffs: req.collapseDiffs,
        collectAllPaths: req.collectAllPaths,
        maxFiles: req.maxFiles,
        maxLines: req.maxLines,
        maxBytes: req.maxBytes,
        maxPatchBytes: req.maxPatchBytes,
        maxPatchBytesForFileExtension: req.maxPatchBytesForFileExtension,
        safeMaxFiles: req.safeMaxFiles,
        safeMaxLines: req.safeMaxLines,
        safeMaxBytes: req.safeMaxBytes,
      });
      const slicer = new TimeSlicer();
      const offload = lineDiffOffload(ctx.signal);
      const entries = changesetDiffAsync(repo, fromRev, toRev, {
        paths: req.paths.map((p) => bytesToByteString(p)),
        whitespace: whitespaceMode(req.whitespaceChanges),
      }, offload);
      const words = req.diffMode === DiffMode.WORDDIFF;
      for await (const e of entries) {
        const d = e.delta;
        const body = words ? await offload.words(e.patch.body) : e.patch.body;
        const limited = limiter.next(d.toPath, body);
        const meta = limited.keepMetadata
          ? {
            fromPath: byteStringToBytes(d.fromPath),
            toPath: byteStringToBytes(d.toPath),
            fromId: e.fromId,
            toId: e.toId,
            oldMode: d.oldMode,
            newMode: d.newMode,
            binary: e.patch.body.startsWith("Binary"),
            collapsed: limited.collapsed,
            tooLarge: limited.tooLarge,
          }
          : {};
        const patch = byteStringToBytes(limited.patch);
        let offset = 0;
        do {
          const end = Math.min(offset + DIFF_MSG_SIZE_THRESHOLD, patch.length);
          yield {
            ...(offset === 0 ? meta : {}),
            overflowMarker: offset === 0 && limited.overflow,
            rawPatchData: patch.subarray(offset, end),
            endOfPatch: end === patch.length,
          };
          offset = end;
        } while (offset < patch.length);
        if (limiter.finished) return;
        await slicer.maybePause();
      }
    },
  };
}
