/**
 * The fixture repository of the SearchFiles tests, built with real hg: nested directories with
 * look-alike names (`a-b`, `a/b`, `a/bc`), a binary file, a symlink, a file without final
 * newline, CRLF lines, non-ASCII text and matches whose context windows overlap, touch or not.
 */
import { build, hgPython, makeHgHome, type Step } from "../../hg/hg-fixture.ts";
import { utf8ToByteString } from "../../../src/hg/byte-string.ts";

/** Where the fixture lives. */
export interface SearchFixture {
  root: string;
  repo: string;
  hgrc: string;
}

const lines = (n: number, f: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => f(i + 1) + "\n").join("");

/** Builds the fixture as `<temp>/repos/repo` (removed when the test module ends). */
export async function buildSearchFixture(): Promise<SearchFixture> {
  const { dir, hgrc } = await makeHgHome();
  await Deno.mkdir(`${dir}/repos`);
  const steps: Step[] = [
    ["hg", "init", "repos/repo"],
    ["cd", "repos/repo"],
    ["write", "README.md", "# Project\nSome Needle here\n"],
    ["write", "a-b", "needle at top\n"],
    ["write", "a/b/f.txt", "x\nneedle\ny\n"],
    ["write", "a/bc/g.py", "print('NEEDLE')\n"],
    ["write", "a.txt", "nothing\n"],
    ["write", "bin.dat", "needle\0binary\n"],
    ["write", "noeol", "ends with needle"],
    ["write", "crlf.txt", "needle\r\nother\r\n"],
    [
      "write",
      "windows.txt",
      lines(30, (i) => [1, 6, 12, 20, 21, 30].includes(i) ? `line ${i} needle` : `line ${i}`),
    ],
    ["write", "unicode.txt", utf8ToByteString("café\nÉCOLE needle\nend\n")],
    ["symlink", "link", "a-b"],
    ["hg", "commit", "-A", "-q", "-m", "initial", "-u", "t <t@e.org>", "-d", "0 0"],
    ["write", "a/b/f.txt", "x\nchanged\ny\n"],
    ["write", "docs/new.md", "needle in docs\n"],
    ["hg", "commit", "-A", "-q", "-m", "second", "-u", "t <t@e.org>", "-d", "10 0"],
  ];
  await build(dir, steps, hgrc);
  return { root: `${dir}/repos`, repo: `${dir}/repos/repo`, hgrc };
}

/**
 * What `hg files -r <rev> <patterns>` lists (`rev` a revision number) for each pattern list (an empty list: every file),
 * computed by Mercurial's own matcher in one Python process.
 */
export async function hgFiles(
  f: SearchFixture,
  rev: string,
  patternLists: string[][] = [[]],
): Promise<string[][]> {
  const script = `
import json, sys
from mercurial import hg, ui as uimod
repo = hg.repository(uimod.ui.load(), b'.')
ctx = repo[int(sys.argv[1])]
out = []
for pats in json.loads(sys.argv[2]):
    m = ctx.match([p.encode() for p in pats])
    out.append([p.decode('latin1') for p in sorted(ctx.matches(m))])
print(json.dumps(out))
`;
  const args = [rev, JSON.stringify(patternLists)];
  return JSON.parse(await hgPython(script, f.repo, f.hgrc, { args })); // json.dumps: ASCII
}
