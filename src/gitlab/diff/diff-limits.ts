/**
 * Gitaly's CommitDiff limits, applied file by file in diff order (its diff parser's rules):
 *
 * - a file's patch is its hunks (or `Binary files` line); its lines and bytes count every
 *   line but hunk headers;
 * - collapse (safe limits): once the files, lines or bytes seen so far exceed the safe
 *   maximums, a file with lines has its patch emptied and is marked collapsed;
 * - enforce (hard limits): a patch of at least `max_patch_bytes` (or the limit of its file
 *   extension) is emptied and marked too large; when lines or bytes reach their maximum, or
 *   files exceed theirs, an overflow marker replaces the file and the diff stops (with
 *   `collect_all_paths`, files keep coming without patches, each marked as overflow).
 *
 * Requested limits are capped by Gitaly's upper bounds.
 */
import type { ByteString } from "../../hg/byte-string.ts";

/** The limits of a CommitDiff request. */
export interface DiffLimits {
  enforceLimits: boolean;
  collapseDiffs: boolean;
  collectAllPaths: boolean;
  maxFiles: number;
  maxLines: number;
  maxBytes: number;
  maxPatchBytes: number;
  /** Per extension (`.rb`) or, for names without extension, per file name. */
  maxPatchBytesForFileExtension: Record<string, number>;
  safeMaxFiles: number;
  safeMaxLines: number;
  safeMaxBytes: number;
}

/** What the limits decided for one file. */
export interface LimitedFile {
  /** The patch to send (possibly emptied). */
  patch: ByteString;
  collapsed: boolean;
  tooLarge: boolean;
  /** The overflow marker: without collect_all_paths, nothing else of the file is sent. */
  overflow: boolean;
  /** False when the file is only an overflow marker (paths, ids and modes cleared). */
  keepMetadata: boolean;
}

/** Gitaly's upper bound of any patch size limit (its parser caps requested limits). */
export const MAX_PATCH_BYTES_UPPER_BOUND = 512000;

const UPPER = {
  maxFiles: 5000,
  maxLines: 250000,
  maxBytes: 5000 * 5120,
  safeMaxFiles: 500,
  safeMaxLines: 25000,
  safeMaxBytes: 500 * 5120,
  maxPatchBytes: MAX_PATCH_BYTES_UPPER_BOUND,
};

/** Lines and bytes of a patch as Gitaly counts them (hunk headers excluded). */
export function patchWeight(patch: ByteString): { lines: number; bytes: number } {
  let lines = 0;
  let bytes = 0;
  let pos = 0;
  while (pos < patch.length) {
    const nl = patch.indexOf("\n", pos);
    const end = nl < 0 ? patch.length : nl + 1;
    if (!patch.startsWith("@@", pos)) {
      lines++;
      bytes += end - pos;
    }
    pos = end;
  }
  return { lines, bytes };
}

/** Go's filepath.Ext of the base name, or the base name itself when it has none. */
function extensionKey(path: ByteString): string {
  const base = path.slice(path.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  return dot >= 0 ? base.slice(dot) : base;
}

/** Applies the limits to the files of one diff, in order. */
export class DiffLimiter {
  readonly #l: DiffLimits;
  #files = 0;
  #lines = 0;
  #bytes = 0;
  #stopPatches = false;
  /** True once the diff stopped at an overflow marker. */
  finished = false;

  /** @param limits the request's limits (capped here by Gitaly's upper bounds). */
  constructor(limits: DiffLimits) {
    const l = { ...limits };
    for (const [k, v] of Object.entries(UPPER) as [keyof typeof UPPER, number][]) {
      l[k] = Math.min(l[k], v);
    }
    this.#l = l;
  }

  #maxPatchBytes(toPath: ByteString): number {
    const perExt = this.#l.maxPatchBytesForFileExtension;
    const v = Object.keys(perExt).length > 0 ? perExt[extensionKey(toPath)] : undefined;
    return v ?? this.#l.maxPatchBytes;
  }

  /** Decides what to send for the next file (`toPath`, full `patch`). */
  next(toPath: ByteString, fullPatch: ByteString): LimitedFile {
    const l = this.#l;
    this.#files++;
    const w = patchWeight(fullPatch);
    let patch = this.#stopPatches ? "" : fullPatch;
    this.#lines += w.lines;
    this.#bytes += w.bytes;
    const out: LimitedFile = {
      patch,
      collapsed: false,
      tooLarge: false,
      overflow: false,
      keepMetadata: true,
    };
    const prune = () => {
      this.#lines -= w.lines;
      this.#bytes -= patch.length;
      patch = "";
    };
    if (
      l.collapseDiffs && w.lines > 0 &&
      (this.#files > l.safeMaxFiles || this.#lines > l.safeMaxLines ||
        this.#bytes > l.safeMaxBytes)
    ) {
      prune();
      out.collapsed = true;
    }
    if (l.enforceLimits) {
      if (patch.length >= this.#maxPatchBytes(toPath)) {
        prune();
        out.tooLarge = true;
      }
      if (this.#lines >= l.maxLines || this.#bytes >= l.maxBytes || this.#files > l.maxFiles) {
        patch = "";
        out.overflow = true;
        if (l.collectAllPaths) this.#stopPatches = true;
        else {
          this.finished = true;
          out.keepMetadata = false;
          out.collapsed = out.tooLarge = false;
        }
      }
    }
    out.patch = patch;
    return out;
  }
}
