/**
 * A fixture for word diffs and blob diffs: changeset 0 holds the old side of each pair,
 * changeset 1 the new side (a `null` side is a file missing there). Pairs cover edits inside
 * lines, added and removed lines, whitespace changes, missing final newlines, emptied and
 * filled files, additions, deletions, several hunks, a binary file and a patch big enough to
 * span several messages.
 */
import { build, commitStep, makeHgHome, numberedLines } from "../../hg/hg-fixture.ts";
import type { Step } from "../../hg/hg-fixture.ts";

/** Old and new content per path (`null`: no such file on that side). */
export const WORD_PAIRS: Record<string, [string | null, string | null]> = {
  "inline.txt": [
    "a b c\nthe cat sat on the mat\n",
    "a x c\nthe dog sat on a mat by the door\n",
  ],
  "lines.txt": [
    numberedLines("line", 8),
    numberedLines("line", 8).replace("line 2\n", "").replace("line 6\n", "line 6\nline 6b\n"),
  ],
  "ws.txt": ["f(a, b);\ng(c);\nx  y\nz\n", "f(a,  b);\ng(c, d);\nx y\nz \n"],
  "noeol.txt": ["one\ntwo", "one\ntwo\nthree"],
  "eol-added.txt": ["one\ntwo", "one\ntwo\n"],
  "emptied.txt": ["some words\nhere\n", ""],
  "filled.txt": ["", "new words\n"],
  "hunks.txt": [
    numberedLines("line", 30),
    numberedLines("line", 30).replace("line 3\n", "line three\n")
      .replace("line 25\n", "line 25 more\n"),
  ],
  "added.txt": [null, "brand new\nfile\n"],
  "deleted.txt": ["gone\nfile\n", null],
  "bin.dat": ["bin\0a\n", "bin\0b\n"],
  "big.txt": [
    Array.from({ length: 400 }, (_, i) => `word ${i} alpha beta\n`).join(""),
    Array.from({ length: 400 }, (_, i) => `word ${i} ALPHA beta\n`).join(""),
  ],
};

/** Where the fixture lives. */
export interface WordFixture {
  /** Storage root. */
  root: string;
  /** Repository path (relative path `repo` in the storage). */
  repo: string;
  hgrc: string;
}

/** Builds the fixture as `<temp>/repos/repo`. */
export async function buildWordFixture(): Promise<WordFixture> {
  const { dir, hgrc } = await makeHgHome();
  const steps: Step[] = [["hg", "init", "repos/repo"], ["cd", "repos/repo"]];
  for (const [path, [old]] of Object.entries(WORD_PAIRS)) {
    if (old !== null) steps.push(["write", path, old]);
  }
  steps.push(commitStep("old side", 1_600_000_000));
  for (const [path, [, now]] of Object.entries(WORD_PAIRS)) {
    steps.push(now === null ? ["hg", "rm", "-q", path] : ["write", path, now]);
  }
  steps.push(commitStep("new side", 1_600_000_100));
  await build(dir, steps, hgrc);
  return { root: `${dir}/repos`, repo: `${dir}/repos/repo`, hgrc };
}
