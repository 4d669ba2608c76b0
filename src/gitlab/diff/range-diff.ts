/**
 * `git range-diff` of two commit series: pairs in Git's order, each with its status and, for
 * changed pairs, the diff between the two commits' range-diff texts, then the text Git prints
 * for them (`--no-color`, full commit ids as Gitaly asks with `--abbrev`).
 *
 * Order: the new series leads; an old commit without partner is shown as soon as every old
 * commit before it was shown, new commits without partner as they come, and a pair when its
 * new commit comes.
 *
 * Pair lines: `<i>:  <old id> <s> <j>:  <new id> <subject>` where `s` is `=` (same texts),
 * `!` (texts differ, followed by the diff of the texts indented by 4), `<` (old commit only)
 * or `>` (new commit only); a missing side shows `-` and dashes. Numbers are right-aligned to
 * the width of (larger series length + 1); the subject is the old commit's when there is one.
 * The diff of texts has 3 lines of context, and hunk headers without line numbers that name
 * the section (`## ... ##`) or inner hunk they start in.
 */
import { type ByteString, byteStringToBytes } from "../../hg/byte-string.ts";
import { diffLines } from "./line-diff.ts";
import type { RangeMatching } from "./range-diff-match.ts";
import type { RangeDiffPatch } from "./range-diff-patch.ts";
import { type FuncNameMatcher, unifiedHunks } from "./unified-hunks.ts";

/** How the two sides of a pair compare. */
export type RangeDiffStatus = "=" | "!" | "<" | ">";

/** One side of a pair: 0-based position in its series and commit id. */
export interface RangeDiffSide {
  index: number;
  node: string;
}

/** One output entry of a range-diff. */
export interface RangeDiffPair {
  status: RangeDiffStatus;
  old?: RangeDiffSide;
  new?: RangeDiffSide;
  /** Subject of the old commit (of the new one when there is no old one). */
  title: ByteString;
  /** For `!`: the diff of the two texts, unindented, headers as Git shows them; else empty. */
  patch: ByteString;
}

const FUNC_LEN = 80;
const SECTION = /^ ## (.*) ##$/s;
const INNER_HUNK = /^.?@@ (.*)$/s;

/** Range-diff's function context: the section title or the inner hunk header text. */
const sectionHeader: FuncNameMatcher = (line) => {
  const m = SECTION.exec(line) ?? INNER_HUNK.exec(line);
  if (!m) return undefined;
  return m[1].slice(0, FUNC_LEN).replace(/[ \t\n\v\f\r]+$/, "");
};

/** The diff between two range-diff texts, hunk headers reduced to `@@ <context>`. */
export function patchesDiff(a: ByteString, b: ByteString): ByteString {
  if (a === b) return "";
  const x = byteStringToBytes(a);
  const y = byteStringToBytes(b);
  const text = unifiedHunks(x, y, diffLines(x, y), undefined, sectionHeader).text;
  return text.replace(/^@@ -[0-9,]+ \+[0-9,]+ @@/gm, "@@");
}

/**
 * The pairs of the range-diff of `olds` and `news` in Git's output order, given their
 * matching (see range-diff-match.ts).
 */
export function* rangeDiffPairs(
  olds: readonly RangeDiffPatch[],
  news: readonly RangeDiffPatch[],
  { oldMatch, newMatch }: RangeMatching,
): Generator<RangeDiffPair> {
  const shown = new Uint8Array(olds.length);
  const side = (list: readonly RangeDiffPatch[], index: number) => ({
    index,
    node: list[index].node,
  });
  let i = 0;
  let j = 0;
  while (i < olds.length || j < news.length) {
    while (i < olds.length && shown[i]) i++;
    if (i < olds.length && oldMatch[i] < 0) {
      yield { status: "<", old: side(olds, i), title: olds[i].title, patch: "" };
      i++;
      continue;
    }
    while (j < news.length && newMatch[j] < 0) {
      yield { status: ">", new: side(news, j), title: news[j].title, patch: "" };
      j++;
    }
    if (j < news.length) {
      const k = newMatch[j];
      const a = olds[k];
      const b = news[j];
      const same = a.text === b.text;
      yield {
        status: same ? "=" : "!",
        old: side(olds, k),
        new: side(news, j),
        title: a.title,
        patch: same ? "" : patchesDiff(a.text, b.text),
      };
      shown[k] = 1;
      j++;
    }
  }
}

/** Width of pair numbers for series of these lengths (Git's decimal width of max + 1). */
export function pairNumberWidth(oldCount: number, newCount: number): number {
  return String(1 + Math.max(oldCount, newCount)).length;
}

/** The pair line Git prints, ids shown in full (`idLength` dashes for a missing side). */
export function pairLine(pair: RangeDiffPair, width: number, idLength = 40): ByteString {
  const show = (s: RangeDiffSide | undefined) =>
    s
      ? `${String(s.index + 1).padStart(width)}:  ${s.node}`
      : `${"-".padStart(width)}:  ${"-".repeat(idLength)}`;
  return `${show(pair.old)} ${pair.status} ${show(pair.new)} ${pair.title}\n`;
}

/** Indents each line of `text` (LF-terminated lines) by 4 spaces. */
function indent(text: ByteString): ByteString {
  return text.split("\n").slice(0, -1).map((l) => `    ${l}\n`).join("");
}

/** Yields the `git range-diff --no-color` text of the pairs, piece by piece. */
export function* rangeDiffText(
  pairs: Iterable<RangeDiffPair>,
  width: number,
): Generator<ByteString> {
  for (const pair of pairs) {
    yield pairLine(pair, width);
    if (pair.patch !== "") yield indent(pair.patch);
  }
}
