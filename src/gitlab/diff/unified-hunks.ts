/**
 * Unified diff hunks exactly as Git's xdiff writes them: 3 lines of context, changes closer
 * than twice the context merged into one hunk, `@@ -a,b +c,d @@` headers (`,1` omitted, an
 * empty side starting at the line before), context lines taken from the new text, and
 * `\ No newline at end of file` after a last line lacking its LF.
 *
 * Headers carry Git's default function context: the last line before the hunk, in the old
 * text, that starts with an ASCII letter, `_` or `$`, cut to 80 bytes and right-trimmed.
 */
import { bytesToByteString, type ByteString } from "../../hg/byte-string.ts";
import type { EditHunk, LineDiff } from "./line-diff.ts";

/** Git's default number of context lines. */
export const DEFAULT_CONTEXT = 3;

/** Formatted hunks and their line counts. */
export interface UnifiedHunks {
  /** All hunks, headers included (empty when the texts compare equal). */
  text: ByteString;
  /** Number of `+` lines. */
  additions: number;
  /** Number of `-` lines. */
  deletions: number;
}

const NO_EOL = "\\ No newline at end of file\n";
const FUNC_LEN = 80;

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** Git's default funcname of a line, or undefined when the line does not qualify. */
function funcName(text: Uint8Array, start: number, end: number): ByteString | undefined {
  if (end <= start) return undefined;
  const c = text[start];
  const alpha = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  if (!alpha && c !== 0x5f && c !== 0x24) return undefined;
  let e = Math.min(end, start + FUNC_LEN);
  while (e > start && isSpace(text[e - 1])) e--;
  return bytesToByteString(text, start, e);
}

function range(start: number, count: number): string {
  const first = count === 0 ? start : start + 1;
  return count === 1 ? `${first}` : `${first},${count}`;
}

/** Groups edit hunks whose gaps are at most twice the context. */
function groups(hunks: EditHunk[], context: number): EditHunk[][] {
  const out: EditHunk[][] = [];
  for (const h of hunks) {
    const last = out.at(-1)?.at(-1);
    if (last && h.oldStart - (last.oldStart + last.oldCount) <= 2 * context) {
      out[out.length - 1].push(h);
    } else {
      out.push([h]);
    }
  }
  return out;
}

/**
 * A function-context matcher: given an old line (bytes without its LF), the text to show
 * after the hunk header, or undefined when the line is no function line.
 */
export type FuncNameMatcher = (line: ByteString) => ByteString | undefined;

/**
 * Formats `diff` (of `a` -> `b`) as Git's unified hunks; `matchFunc` replaces Git's default
 * function context (a userdiff driver's pattern).
 */
export function unifiedHunks(
  a: Uint8Array,
  b: Uint8Array,
  diff: LineDiff,
  context: number = DEFAULT_CONTEXT,
  matchFunc?: FuncNameMatcher,
): UnifiedHunks {
  const { oldStarts, newStarts } = diff;
  const n = oldStarts.length - 1;
  const parts: string[] = [];
  let additions = 0;
  let deletions = 0;
  const line = (text: Uint8Array, starts: Uint32Array, i: number, mark: string) => {
    const s = bytesToByteString(text, starts[i], starts[i + 1]);
    parts.push(mark, s, s.endsWith("\n") ? "" : "\n" + NO_EOL);
  };
  let func: ByteString | undefined;
  let funcLimit = -1;
  for (const group of groups(diff.hunks, context)) {
    const first = group[0];
    const last = group[group.length - 1];
    const pre = Math.min(context, first.oldStart, first.newStart);
    const s1 = first.oldStart - pre;
    const s2 = first.newStart - pre;
    const post = Math.min(context, n - (last.oldStart + last.oldCount));
    const e1 = last.oldStart + last.oldCount + post;
    const e2 = last.newStart + last.newCount + post;
    // Search back to where the previous search started; earlier finds carry over.
    for (let l = s1 - 1; l > funcLimit; l--) {
      const f = matchFunc
        ? matchFunc(bytesToByteString(a, oldStarts[l], oldStarts[l + 1]).replace(/\r?\n$/, ""))
        : funcName(a, oldStarts[l], oldStarts[l + 1]);
      if (f !== undefined) {
        func = f;
        break;
      }
    }
    funcLimit = s1 - 1;
    parts.push(`@@ -${range(s1, e1 - s1)} +${range(s2, e2 - s2)} @@`);
    parts.push(func ? ` ${func}\n` : "\n");
    let j = s2;
    for (const h of group) {
      for (; j < h.newStart; j++) line(b, newStarts, j, " ");
      for (let i = h.oldStart; i < h.oldStart + h.oldCount; i++) line(a, oldStarts, i, "-");
      for (; j < h.newStart + h.newCount; j++) line(b, newStarts, j, "+");
      deletions += h.oldCount;
      additions += h.newCount;
    }
    for (; j < e2; j++) line(b, newStarts, j, " ");
  }
  return { text: parts.join(""), additions, deletions };
}
