/**
 * Mercurial's bdiff matching blocks (`bdiff.blocks`), which `hg annotate` uses to carry line
 * attributions from a file revision to the next. Unlike Myers, bdiff is not minimal: it takes
 * the longest run of equal lines (preferring runs near the middle), recurses on both sides,
 * then shifts equal lines at block boundaries towards the end. Annotations only match
 * Mercurial's when the same blocks are found, hence this faithful restatement:
 *
 * - lines end after LF (a last line without LF is a line); equal bytes = equal lines;
 * - lines of `a` whose class occurs in `b` more than a popularity threshold never start a
 *   match (they can extend one);
 * - a search region of `a` longer than 30000 lines is narrowed to its last 30000 lines.
 */
import { bytesToByteString } from "./byte-string.ts";

/** A run of equal lines: `a[a1..a2)` equals `b[b1..b2)`. */
export interface MatchingBlock {
  a1: number;
  a2: number;
  b1: number;
  b2: number;
}

/** Splits a text into lines (LF kept; a trailing line without LF counts). */
export function splitLines(text: Uint8Array): string[] {
  const s = bytesToByteString(text);
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) === 0x0a) {
      out.push(s.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < s.length) out.push(s.slice(start));
  return out;
}

const WINDOW = 30000;

/** State of one bdiff run on line classes. */
interface Bdiff {
  /** Class of each line of a (-1 when absent from b). */
  ae: Int32Array;
  /** First candidate in b for each line of a (highest index), -1 if none or too popular. */
  an: Int32Array;
  /** Class of each line of b. */
  be: Int32Array;
  /** Next lower index in b of the same class, -1 at the end. */
  bn: Int32Array;
  /** Per line j of b: the a line of the latest match ending at j and its length. */
  posI: Int32Array;
  posLen: Int32Array;
}

function longestMatch(
  d: Bdiff,
  a1In: number,
  a2: number,
  b1: number,
  b2: number,
): [number, number, number] {
  const { ae, an, be, bn, posI, posLen } = d;
  const a1 = a2 - a1In > WINDOW ? a2 - WINDOW : a1In;
  let mi = a1, mj = b1, mk = 0;
  const half = Math.trunc((a1 + a2 - 1) / 2);
  const bhalf = Math.trunc((b1 + b2 - 1) / 2);
  for (let i = a1; i < a2; i++) {
    let j = an[i];
    while (j >= b2) j = bn[j];
    for (; j >= b1; j = bn[j]) {
      let k = 1;
      for (; j - k >= b1 && i - k >= a1; k++) {
        if (posI[j - k] === i - k) {
          k += posLen[j - k];
          break;
        }
        if (ae[i - k] !== be[j - k]) break;
      }
      posI[j] = i;
      posLen[j] = k;
      if (k > mk) {
        mi = i, mj = j, mk = k;
      } else if (k === mk) {
        if (i > mi && i <= half && j > b1) {
          mi = i, mj = j;
        } else if (i === mi && (mj > bhalf || i === a1)) {
          mj = j;
        }
      }
    }
  }
  if (mk) {
    mi = mi - mk + 1;
    mj = mj - mk + 1;
  }
  // Extend over following lines (popular ones included).
  while (mi + mk < a2 && mj + mk < b2 && ae[mi + mk] === be[mj + mk]) mk++;
  return [mi, mj, mk];
}

/** Matching blocks between two lists of lines, in order, ending with `(n, n, m, m)`. */
export function bdiffBlocksOfLines(a: string[], b: string[]): MatchingBlock[] {
  const classes = new Map<string, number>();
  const be = new Int32Array(b.length);
  const bn = new Int32Array(b.length);
  const heads: number[] = [];
  const counts: number[] = [];
  for (let j = 0; j < b.length; j++) {
    let c = classes.get(b[j]);
    if (c === undefined) {
      c = heads.length;
      classes.set(b[j], c);
      heads.push(-1);
      counts.push(0);
    }
    be[j] = c;
    bn[j] = heads[c];
    heads[c] = j;
    counts[c]++;
  }
  const threshold = b.length >= 31000
    ? Math.trunc(b.length / 1000)
    : Math.trunc(1000000 / (b.length + 1));
  const ae = new Int32Array(a.length);
  const an = new Int32Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const c = classes.get(a[i]);
    ae[i] = c ?? -1;
    an[i] = c !== undefined && counts[c] <= threshold ? heads[c] : -1;
  }
  const d: Bdiff = {
    ae,
    an,
    be,
    bn,
    // Zero-initialised and shared by all searches, like the original's calloc'ed array.
    posI: new Int32Array(b.length),
    posLen: new Int32Array(b.length),
  };

  const blocks: MatchingBlock[] = [];
  // recurse(a1, a2, b1, b2): left part first, then the match, then the right part (a loop in
  // the original, a stack here: entries are ranges to search or blocks to emit).
  type Task = { kind: "range"; a1: number; a2: number; b1: number; b2: number } | {
    kind: "block";
    block: MatchingBlock;
  };
  const stack: Task[] = [{ kind: "range", a1: 0, a2: a.length, b1: 0, b2: b.length }];
  while (stack.length) {
    const t = stack.pop()!;
    if (t.kind === "block") {
      blocks.push(t.block);
      continue;
    }
    const [i, j, k] = longestMatch(d, t.a1, t.a2, t.b1, t.b2);
    if (!k) continue;
    stack.push({ kind: "range", a1: i + k, a2: t.a2, b1: j + k, b2: t.b2 });
    stack.push({ kind: "block", block: { a1: i, a2: i + k, b1: j, b2: j + k } });
    stack.push({ kind: "range", a1: t.a1, a2: i, b1: t.b1, b2: j });
  }
  blocks.push({ a1: a.length, a2: a.length, b1: b.length, b2: b.length });

  // Push each block's end over equal lines taken from the start of the next block.
  for (let x = 0; x + 1 < blocks.length; x++) {
    const cur = blocks[x];
    const next = blocks[x + 1];
    if (cur.a2 === next.a1 || cur.b2 === next.b1) {
      while (
        cur.a2 < a.length && cur.b2 < b.length && next.a1 < next.a2 && next.b1 < next.b2 &&
        a[cur.a2] === b[cur.b2]
      ) {
        cur.a2++, next.a1++, cur.b2++, next.b1++;
      }
    }
  }
  return blocks;
}

/** Matching blocks of two texts, as Mercurial's `bdiff.blocks`. */
export function bdiffBlocks(a: Uint8Array, b: Uint8Array): MatchingBlock[] {
  return bdiffBlocksOfLines(splitLines(a), splitLines(b));
}
