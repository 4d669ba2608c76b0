/**
 * Git's `--word-diff=porcelain`, derived from the line hunks as Git derives it: hunk headers
 * and context lines stay (a context line is followed by `~`), and each run of removed and
 * added lines is diffed word by word, words being runs of bytes other than space, tab, LF and
 * CR. The result is written one segment per line: ` ` common text (taken from the new side,
 * so whitespace between words is the new one), `-` removed, `+` added, and `~` wherever the
 * text has a newline. Lines lacking a final LF are diffed as if they had one (Git feeds the
 * `\ No newline at end of file` marker's LF to the word diff), so the marker disappears.
 *
 * A run with removed lines only is shown whole, with `-`; otherwise words are compared as
 * xdiff compares lines (see sequence-diff.ts), then compacted without indent heuristic.
 */
import type { ByteString } from "../../hg/byte-string.ts";
import { compactChanges } from "./compact-changes.ts";
import { sequenceDiff } from "./sequence-diff.ts";

/** Word boundaries of a text: word i is `[begin[i], end[i])`. */
interface Words {
  ids: Int32Array;
  begin: number[];
  end: number[];
}

function isWordSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Splits `text` into words, interning them in `table`. */
function splitWords(text: ByteString, table: Map<string, number>): Words {
  const begin: number[] = [];
  const end: number[] = [];
  const ids: number[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isWordSpace(text.charCodeAt(i))) i++;
    if (i >= text.length) break;
    const start = i;
    while (i < text.length && !isWordSpace(text.charCodeAt(i))) i++;
    const word = text.slice(start, i);
    let id = table.get(word);
    if (id === undefined) {
      id = table.size;
      table.set(word, id);
    }
    begin.push(start);
    end.push(i);
    ids.push(id);
  }
  return { ids: Int32Array.from(ids), begin, end };
}

/**
 * Writes `text[from..to)` with `prefix`: one output line per line of the text, and `~` for
 * each of its newlines.
 */
function writeSegments(
  out: string[],
  prefix: string,
  text: ByteString,
  from: number,
  to: number,
): void {
  let pos = from;
  while (pos < to) {
    const nl = text.indexOf("\n", pos);
    const stop = nl < 0 || nl >= to ? to : nl;
    if (stop > pos) out.push(prefix, text.slice(pos, stop), "\n");
    if (stop === to) return;
    out.push("~\n");
    pos = stop + 1;
  }
}

/** Change marks of the words of `minus` -> `plus`, compacted as Git does for words. */
function wordMarks(minus: Words, plus: Words) {
  const marks = sequenceDiff(minus.ids, plus.ids);
  // Without the indent heuristic, compaction reads only ids and marks.
  const none = { text: new Uint8Array(0), starts: new Uint32Array(0) };
  compactChanges(
    { ids: minus.ids, marks: marks.a, ...none },
    { ids: plus.ids, marks: marks.b, ...none },
    { indentHeuristic: false },
  );
  return marks;
}

/** Writes the word diff of one run of removed (`minus`) and added (`plus`) lines. */
function writeRun(out: string[], minus: ByteString, plus: ByteString): void {
  if (plus === "") {
    writeSegments(out, "-", minus, 0, minus.length);
    return;
  }
  const table = new Map<string, number>();
  const mw = splitWords(minus, table);
  const pw = splitWords(plus, table);
  const marks = wordMarks(mw, pw);
  const n = mw.ids.length;
  const m = pw.ids.length;
  let current = 0;
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && !marks.a[i] && !marks.b[j]) {
      i++, j++;
      continue;
    }
    const i0 = i;
    const j0 = j;
    while (i < n && marks.a[i]) i++;
    while (j < m && marks.b[j]) j++;
    // An empty side is placed at the end of the word before it.
    const minusBegin = i > i0 ? mw.begin[i0] : i0 > 0 ? mw.end[i0 - 1] : 0;
    const minusEnd = i > i0 ? mw.end[i - 1] : minusBegin;
    const plusBegin = j > j0 ? pw.begin[j0] : j0 > 0 ? pw.end[j0 - 1] : 0;
    const plusEnd = j > j0 ? pw.end[j - 1] : plusBegin;
    writeSegments(out, " ", plus, current, plusBegin);
    writeSegments(out, "-", minus, minusBegin, minusEnd);
    writeSegments(out, "+", plus, plusBegin, plusEnd);
    current = plusEnd;
  }
  writeSegments(out, " ", plus, current, plus.length);
}

/**
 * Converts unified hunks (as unified-hunks.ts writes them, or a `Binary files` line, which
 * is returned as is) to Git's word-diff porcelain.
 */
export function wordDiffHunks(hunks: ByteString): ByteString {
  if (!hunks.startsWith("@@")) return hunks;
  const out: string[] = [];
  let minus = "";
  let plus = "";
  const flush = () => {
    if (minus !== "" || plus !== "") writeRun(out, minus, plus);
    minus = plus = "";
  };
  let pos = 0;
  while (pos < hunks.length) {
    const nl = hunks.indexOf("\n", pos);
    const end = nl < 0 ? hunks.length : nl + 1;
    const mark = hunks[pos];
    if (mark === "-") minus += hunks.slice(pos + 1, end);
    else if (mark === "+") plus += hunks.slice(pos + 1, end);
    else if (mark !== "\\") {
      flush();
      out.push(hunks.slice(pos, end));
      if (mark === " ") out.push("~\n");
    }
    pos = end;
  }
  flush();
  return out.join("");
}
