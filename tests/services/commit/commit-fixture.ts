/**
 * The fixture repository of the CommitStats, RawBlame and CommitLanguages tests, built with
 * real hg: edits, a binary file, an executable bit change, a file losing its final newline,
 * a rename and a copy (both edited), a symlink, two branches merged with edits on both sides
 * and during the merge, and files of several languages.
 */
import { build, commitStep, makeHgHome, numberedLines, type Step } from "../../hg/hg-fixture.ts";

/** Where the fixture lives: storage root, repository path and hgrc for hg commands. */
export interface CommitFixture {
  root: string;
  repo: string;
  hgrc: string;
}

const numbered = numberedLines;

/** Builds the fixture as `<temp>/repos/repo` (removed when the test module ends). */
export async function buildCommitFixture(): Promise<CommitFixture> {
  const { dir, hgrc } = await makeHgHome();
  const root = `${dir}/repos`;
  await Deno.mkdir(root);
  const ci = commitStep;
  // Successive versions of a.txt and of b.txt (renamed c.txt then sub/e.txt).
  const a0 = numbered("alpha", 12);
  const a1 = a0.replace("alpha 3\n", "ALPHA 3\n").replace("alpha 7\n", "") + "alpha 13\n";
  const aOther = "zero\n" + a1.replace("alpha 10\n", "other 10\n");
  const b0 = numbered("bravo", 8);
  const c2 = b0.replace("bravo 5\n", "charlie 5\n");
  const c3 = c2.replace("bravo 1\n", "c 1\n");
  const steps: Step[] = [
    ["hg", "init", "repos/repo"],
    ["cd", "repos/repo"],
    ["write", "a.txt", a0],
    ["write", "b.txt", b0],
    ["write", "bin.dat", "bin\0ary\ncontent\n"],
    ["write", "tool.sh", "#!/bin/sh\necho hi\n"],
    ["write", "noeol.txt", "one\ntwo"],
    ["write", "src/main.py", "print('hello')\n".repeat(10)],
    ["write", "src/lib.js", "console.log(1);\n".repeat(4)],
    ["write", "docs/guide.md", "# Guide\n"],
    ["write", "vendor/dep.js", "var x = 1;\n".repeat(50)],
    ["write", "Makefile", "all:\n\techo ok\n"],
    ci("initial", 1_600_000_000),
    // 1: edits, exec bit, final newline added
    ["write", "a.txt", a1],
    ["write", "tool.sh", "#!/bin/sh\necho hi\n", "755"],
    ["write", "noeol.txt", "one\ntwo\n"],
    ["write", "bin.dat", "bin\0ary\ncontent changed\n"],
    ci("edits", 1_600_000_100, "Bob <bob@example.org>"),
    // 2: rename with edit, copy with edit, symlink
    ["hg", "mv", "-q", "b.txt", "c.txt"],
    ["write", "c.txt", c2],
    ["hg", "cp", "-q", "a.txt", "d.txt"],
    ["write", "d.txt", "delta 0\n" + a1],
    ["symlink", "link", "a.txt"],
    ci("rename and copy", 1_600_000_200),
    // 3: removal of a binary, more edits
    ["rm", "bin.dat"],
    ["write", "c.txt", c3],
    ci("remove binary", 1_600_000_300, "Carol <carol@example.org>"),
    // 4: another branch from 2, editing a.txt elsewhere
    ["hg", "update", "-q", "2"],
    ["hg", "branch", "-q", "other"],
    ["write", "a.txt", aOther],
    ci("other side", 1_600_000_400, "Dave <dave@example.org>"),
    // 5: merge into default (from 3), with an edit during the merge
    ["hg", "update", "-q", "3"],
    ["hg", "merge", "-q", "other"],
    ["write", "a.txt", aOther.replace("alpha 12\n", "merged 12\n")],
    ci("merge other", 1_600_000_500),
    // 6: rename of the renamed file (two hops) with an edit
    ["hg", "mv", "-q", "c.txt", "sub/e.txt"],
    ["write", "sub/e.txt", c3 + "echo 9\n"],
    ci("second rename", 1_600_000_600),
  ];
  await build(dir, steps, hgrc);
  return { root, repo: `${root}/repo`, hgrc };
}
