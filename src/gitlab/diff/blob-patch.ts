/**
 * The patch of two blobs as Gitaly's DiffBlobs reports it (`git diff <left> <right>` seen
 * through its diff parser): the hunks alone, in line or word-diff porcelain form, or Git's
 * `Binary files a/<left> and b/<right> differ` line, where the names are what Git prints for
 * the blob arguments (see the service). Equal contents give an empty patch.
 */
import type { ByteString } from "../../hg/byte-string.ts";
import { quoteGitPath } from "../git-path-quote.ts";
import { isBinaryContent } from "./binary.ts";
import { diffLines } from "./line-diff.ts";
import { type UnifiedHunks, unifiedHunks } from "./unified-hunks.ts";
import { whitespaceKey, type WhitespaceMode } from "./whitespace.ts";
import { wordDiffHunks } from "./word-diff.ts";

/** A blob pair's patch. */
export interface BlobPatch {
  /** Hunks or the `Binary files` line; empty when the contents do not differ. */
  patch: ByteString;
  /** True when either side is binary (and the contents differ). */
  binary: boolean;
}

/** Options of a blob pair diff. */
export interface BlobPatchOptions {
  /** Whitespace changes to ignore (default none). */
  whitespace?: WhitespaceMode;
  /** Git's word-diff porcelain instead of line hunks. */
  words?: boolean;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether the pair's patch needs a line diff (contents differ, neither side binary). */
export function blobPairNeedsLineDiff(a: Uint8Array, b: Uint8Array): boolean {
  return !sameBytes(a, b) && !isBinaryContent(a) && !isBinaryContent(b);
}

/**
 * The patch of `a` (old) -> `b` (new); `names` are Git's names of the two blobs, `hunks` the
 * line hunks when already computed (a worker's, with the same whitespace mode).
 */
export function formatBlobPatch(
  a: Uint8Array,
  b: Uint8Array,
  names: { left: ByteString; right: ByteString },
  opts: BlobPatchOptions = {},
  hunks?: UnifiedHunks,
): BlobPatch {
  if (sameBytes(a, b)) return { patch: "", binary: false };
  if (isBinaryContent(a) || isBinaryContent(b)) {
    const left = quoteGitPath(`a/${names.left}`);
    const right = quoteGitPath(`b/${names.right}`);
    return { patch: `Binary files ${left} and ${right} differ\n`, binary: true };
  }
  hunks ??= unifiedHunks(a, b, diffLines(a, b, whitespaceKey(opts.whitespace ?? "none")));
  return { patch: opts.words ? wordDiffHunks(hunks.text) : hunks.text, binary: false };
}
