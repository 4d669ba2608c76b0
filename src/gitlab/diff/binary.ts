/**
 * Git's binary heuristic: content is binary when a NUL byte occurs in its first 8000 bytes
 * (xdiff's `buffer_is_binary`, used by `git diff` when no attribute decides).
 */

/** How many leading bytes Git inspects for a NUL byte. */
export const BINARY_SNIFF_LENGTH = 8000;

/** True if Git would treat `content` as binary. */
export function isBinaryContent(content: Uint8Array): boolean {
  const end = Math.min(content.length, BINARY_SNIFF_LENGTH);
  for (let i = 0; i < end; i++) {
    if (content[i] === 0) return true;
  }
  return false;
}
