/**
 * Git's post-processing of a line diff (xdiff's change compaction with the indent heuristic,
 * on by default since Git 2.14; word diffs compact without it). A run of changed lines that
 * can slide (its first line equals the line after it, or its last line the line before it)
 * is merged with neighbouring runs, aligned with a change of the other side when one can be
 * reached, and otherwise placed where the split between changed and unchanged lines scores
 * best: blank lines and indentation decide, so that e.g. an added function ends at its own
 * closing brace.
 *
 * Changes stay the same in number; only their positions move, exactly as Git moves them.
 */

/** One side of the diff: line ids, change marks, and line texts for indentation. */
export interface CompactSide {
  /** Line ids (equal lines, equal ids). */
  ids: Int32Array;
  /** Change marks, modified in place. */
  marks: Uint8Array;
  /** The text, and its line boundaries (line i is `[starts[i], starts[i+1])`). */
  text: Uint8Array;
  starts: Uint32Array;
}

const MAX_INDENT = 200;
const MAX_BLANKS = 20;
const INDENT_HEURISTIC_MAX_SLIDING = 100;
const START_OF_FILE_PENALTY = 1;
const END_OF_FILE_PENALTY = 21;
const TOTAL_BLANK_WEIGHT = -30;
const POST_BLANK_WEIGHT = 6;
const RELATIVE_INDENT_PENALTY = -4;
const RELATIVE_INDENT_WITH_BLANK_PENALTY = 10;
const RELATIVE_OUTDENT_PENALTY = 24;
const RELATIVE_OUTDENT_WITH_BLANK_PENALTY = 17;
const RELATIVE_DEDENT_PENALTY = 23;
const RELATIVE_DEDENT_WITH_BLANK_PENALTY = 17;
const INDENT_WEIGHT = 60;

/** A run `[start, end)` of changed lines (possibly empty) on one side. */
interface Group {
  start: number;
  end: number;
}

class Side {
  readonly n: number;
  constructor(readonly s: CompactSide) {
    this.n = s.ids.length;
  }
  changed(i: number): boolean {
    return i >= 0 && i < this.n && this.s.marks[i] === 1;
  }
  first(): Group {
    let end = 0;
    while (this.changed(end)) end++;
    return { start: 0, end };
  }
  /** Moves to the next group; false at the end. */
  next(g: Group): boolean {
    if (g.end === this.n) return false;
    g.start = g.end + 1;
    for (g.end = g.start; this.changed(g.end); g.end++);
    return true;
  }
  /** Moves to the previous group; false at the start. */
  previous(g: Group): boolean {
    if (g.start === 0) return false;
    g.end = g.start - 1;
    for (g.start = g.end; this.changed(g.start - 1); g.start--);
    return true;
  }
  slideDown(g: Group): boolean {
    const { ids, marks } = this.s;
    if (g.end < this.n && ids[g.start] === ids[g.end]) {
      marks[g.start++] = 0;
      marks[g.end++] = 1;
      while (this.changed(g.end)) g.end++;
      return true;
    }
    return false;
  }
  slideUp(g: Group): boolean {
    const { ids, marks } = this.s;
    if (g.start > 0 && ids[g.start - 1] === ids[g.end - 1]) {
      marks[--g.start] = 1;
      marks[--g.end] = 0;
      while (this.changed(g.start - 1)) g.start--;
      return true;
    }
    return false;
  }
  /** Indentation of line i (tabs to multiples of 8), -1 for a whitespace-only line. */
  indent(i: number): number {
    const { text, starts } = this.s;
    let ret = 0;
    for (let p = starts[i]; p < starts[i + 1]; p++) {
      const c = text[p];
      if (!(c === 0x20 || (c >= 0x09 && c <= 0x0d))) return ret;
      if (c === 0x20) ret += 1;
      else if (c === 0x09) ret += 8 - (ret % 8);
      if (ret >= MAX_INDENT) return MAX_INDENT;
    }
    return -1;
  }
}

interface Score {
  effectiveIndent: number;
  penalty: number;
}

/** Adds the score of a split before line `split` to `s`. */
function scoreSplit(side: Side, split: number, s: Score): void {
  const endOfFile = split >= side.n;
  const indent0 = endOfFile ? -1 : side.indent(split);
  let preBlank = 0;
  let preIndent = -1;
  for (let i = split - 1; i >= 0; i--) {
    preIndent = side.indent(i);
    if (preIndent !== -1) break;
    if (++preBlank === MAX_BLANKS) {
      preIndent = 0;
      break;
    }
  }
  let postBlankAfter = 0;
  let postIndent = -1;
  for (let i = split + 1; i < side.n; i++) {
    postIndent = side.indent(i);
    if (postIndent !== -1) break;
    if (++postBlankAfter === MAX_BLANKS) {
      postIndent = 0;
      break;
    }
  }
  if (preIndent === -1 && preBlank === 0) s.penalty += START_OF_FILE_PENALTY;
  if (endOfFile) s.penalty += END_OF_FILE_PENALTY;
  const postBlank = indent0 === -1 ? 1 + postBlankAfter : 0;
  const totalBlank = preBlank + postBlank;
  s.penalty += TOTAL_BLANK_WEIGHT * totalBlank + POST_BLANK_WEIGHT * postBlank;
  const indent = indent0 !== -1 ? indent0 : postIndent;
  const anyBlanks = totalBlank !== 0;
  s.effectiveIndent += indent;
  if (indent === -1 || preIndent === -1 || indent === preIndent) return;
  if (indent > preIndent) {
    s.penalty += anyBlanks ? RELATIVE_INDENT_WITH_BLANK_PENALTY : RELATIVE_INDENT_PENALTY;
  } else if (postIndent !== -1 && postIndent > indent) {
    s.penalty += anyBlanks ? RELATIVE_OUTDENT_WITH_BLANK_PENALTY : RELATIVE_OUTDENT_PENALTY;
  } else {
    s.penalty += anyBlanks ? RELATIVE_DEDENT_WITH_BLANK_PENALTY : RELATIVE_DEDENT_PENALTY;
  }
}

function scoreCmp(a: Score, b: Score): number {
  const indents = Number(a.effectiveIndent > b.effectiveIndent) -
    Number(a.effectiveIndent < b.effectiveIndent);
  return INDENT_WEIGHT * indents + (a.penalty - b.penalty);
}

/** Compacts the changes of `side` against `other` (xdiff's xdl_change_compact). */
function compactSide(side: Side, other: Side, indentHeuristic: boolean): void {
  const g = side.first();
  const go = other.first();
  for (;;) {
    if (g.end !== g.start) {
      let groupSize: number;
      let earliestEnd: number;
      let endMatchingOther: number;
      do {
        groupSize = g.end - g.start;
        endMatchingOther = -1;
        while (side.slideUp(g)) other.previous(go);
        earliestEnd = g.end;
        if (go.end > go.start) endMatchingOther = g.end;
        while (side.slideDown(g)) {
          other.next(go);
          if (go.end > go.start) endMatchingOther = g.end;
        }
      } while (groupSize !== g.end - g.start);
      if (g.end === earliestEnd) {
        // no sliding possible
      } else if (endMatchingOther !== -1) {
        while (go.end === go.start) {
          side.slideUp(g);
          other.previous(go);
        }
      } else if (indentHeuristic) {
        let shift = Math.max(
          earliestEnd,
          g.end - groupSize - 1,
          g.end - INDENT_HEURISTIC_MAX_SLIDING,
        );
        let bestShift = -1;
        let best: Score = { effectiveIndent: 0, penalty: 0 };
        for (; shift <= g.end; shift++) {
          const score: Score = { effectiveIndent: 0, penalty: 0 };
          scoreSplit(side, shift, score);
          scoreSplit(side, shift - groupSize, score);
          if (bestShift === -1 || scoreCmp(score, best) <= 0) {
            best = score;
            bestShift = shift;
          }
        }
        while (g.end > bestShift) {
          side.slideUp(g);
          other.previous(go);
        }
      }
    }
    if (!side.next(g)) break;
    other.next(go);
  }
}

/**
 * Applies Git's change compaction to both sides, old then new. Without the indent heuristic
 * (Git's word diff), a group that cannot align with the other side stays slid down as far as
 * it goes, and the texts are not read.
 */
export function compactChanges(
  a: CompactSide,
  b: CompactSide,
  opts: { indentHeuristic?: boolean } = {},
): void {
  const heuristic = opts.indentHeuristic ?? true;
  const sa = new Side(a);
  const sb = new Side(b);
  compactSide(sa, sb, heuristic);
  compactSide(sb, sa, heuristic);
}
