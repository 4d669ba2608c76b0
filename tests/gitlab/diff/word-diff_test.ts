import assert from "node:assert/strict";
import { diffLines } from "../../../src/gitlab/diff/line-diff.ts";
import { unifiedHunks } from "../../../src/gitlab/diff/unified-hunks.ts";
import { whitespaceKey, type WhitespaceMode } from "../../../src/gitlab/diff/whitespace.ts";
import { wordDiffHunks } from "../../../src/gitlab/diff/word-diff.ts";
import { byteStringToBytes } from "../../../src/hg/byte-string.ts";
import { gitWordDiffs, randomWordPair } from "./word-diff-support.ts";

const enc = (s: string) => byteStringToBytes(s);

/** Our word-diff porcelain hunks of `a` -> `b`. */
function ours(a: string, b: string, ws: WhitespaceMode = "none"): string {
  const [x, y] = [enc(a), enc(b)];
  return wordDiffHunks(unifiedHunks(x, y, diffLines(x, y, whitespaceKey(ws))).text);
}

async function assertSameAsGit(pairs: [string, string][], ws: WhitespaceMode = "none") {
  const expected = await gitWordDiffs(pairs, ws);
  for (const [i, [a, b]] of pairs.entries()) {
    assert.equal(ours(a, b, ws), expected[i], `pair ${i}: ${JSON.stringify([a, b])}`);
  }
}

const numbered = (p: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${p} ${i + 1}\n`).join("");

/** Hand-picked pairs: the cases the porcelain format distinguishes. */
const CASES: [string, string][] = [
  ["a b c\n", "a x c\n"], // edit inside a line
  ["a b c\n", "a b c d e\n"], // words appended
  ["a b c\n", "b c\n"], // first word removed
  ["one\ntwo\n", "one\ntwo\nthree\n"], // line added
  ["one\ntwo\nthree\n", "one\nthree\n"], // line removed (only removal)
  ["a b c\nd\n", "q\n"], // many words into one
  ["a b\n", "\n"], // words removed, blank line stays
  ["\n", "a b\n"], // words into a blank line
  ["x\n\n  foo bar\n", "x\n  \n  foo baz\n\n"], // blank and indented lines
  ["same\nx y\n", "same\nx  y\nnew line\n"], // whitespace only inside a line
  ["a\tb\r\nc\n", "a  b\r\nc d\n"], // tabs and CR are spaces between words
  ["a\vb c\fd e\n", "a\vX c\fd E\n"], // VT and FF belong to words
  ["one\ntwo", "one\ntwo\nthree"], // no final newline on both sides
  ["one\ntwo", "one\ntwo\n"], // final newline added
  ["one\ntwo\n", "one\ntwo"], // final newline removed
  ["three", "three"], // equal (no hunk)
  ["", "new file\nwith words\n"], // empty old side
  ["old file\n", ""], // empty new side
  ["", "\n\n"], // only blank lines added
  [
    numbered("line", 30),
    numbered("line", 30).replace("line 3\n", "line three\n")
      .replace("line 25\n", "line 25 more\n"),
  ], // two hunks
  [
    numbered("line", 12),
    numbered("line", 12).replace("line 4\n", "LINE 4\n").replace("line 9\n", "line nine\n"),
  ], // changes merged into one hunk with context
  ["int main(void)\n{\n  return 0;\n}\n", "int main(void)\n{\n  return 1;\n}\n"],
  ["a a a a a x b\n", "a a a a a y b\n"], // repeated words
  ["x a b c d e f g h i j y\n", "p a q a r a s a t a u a v\n"], // many equals among new words
  ["the cat sat on the mat\n", "the dog sat on a mat by the door\n"],
  ["f(a, b);\ng(c);\n", "f(a,  b);\ng(c, d);\n"],
];

Deno.test("word diff: hand-picked cases equal git --word-diff=porcelain", async () => {
  await assertSameAsGit(CASES);
});

Deno.test("word diff: whitespace options as git's", async () => {
  const pairs: [string, string][] = [
    ["a b\nc  d\ne\n", "a  b\nc d \ne\n"],
    ["a b\nc\n", "a  b x\nc\n"],
    ["if (x) {\n  y();\n}\n", "if (x)  {\n\ty( );\n}\n"],
  ];
  await assertSameAsGit(pairs, "change");
  await assertSameAsGit(pairs, "all");
});

Deno.test("word diff: git's own line hunks of 600 random edits convert to git's word diff", async () => {
  // Fed with git's line hunks, the conversion is checked on its own, whatever our line diff
  // chooses among equally short scripts.
  const pairs = Array.from({ length: 600 }, (_, i) => randomWordPair(i + 1));
  const lines = await gitWordDiffs(pairs, "none", "line");
  const words = await gitWordDiffs(pairs, "none", "word");
  let changed = 0;
  for (const [i, pair] of pairs.entries()) {
    assert.equal(wordDiffHunks(lines[i]), words[i], `pair ${i}: ${JSON.stringify(pair)}`);
    if (words[i] !== "") changed++;
  }
  assert.ok(changed > 500, `${changed} pairs differ`);
});
