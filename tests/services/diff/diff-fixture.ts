/**
 * The DiffService fixture, built with real hg: edits near and far apart (merged and separate
 * hunks, function context), executable bit changes, final newline added and removed, binary
 * files, a non-ASCII and a spaced path, a symlink retargeted, a file turned into a symlink,
 * deletions, empty files, renames and copies (edited, exact, two copies of one removed
 * source), whitespace-only changes, and a merge. `exportTrees` snapshots changesets as Git
 * trees, for differential tests against `git diff`.
 */
import { build, commitStep, makeHgHome, numberedLines, type Step } from "../../hg/hg-fixture.ts";

/** Where the fixture lives. */
export interface DiffFixture {
  /** Storage root. */
  root: string;
  /** Repository path (relative path `repo` in the storage). */
  repo: string;
  hgrc: string;
  /** Temp dir for exports. */
  dir: string;
}

const numbered = numberedLines;

const C_SOURCE = [
  "#include <stdio.h>",
  "",
  "static int helper(int x)",
  "{",
  "    int y = x * 2;",
  "    y += 1;",
  "    y += 2;",
  "    y += 3;",
  "    y += 4;",
  "    return y;",
  "}",
  "",
  "int main(void)",
  "{",
  "    int a = helper(1);",
  "    int b = helper(2);",
  "    int c = helper(3);",
  "    int d = helper(4);",
  '    printf("%d\\n", a + b + c + d);',
  "    return 0;",
  "}",
  "",
].join("\n");

/** `é` in UTF-8, as a ByteString. */
export const E_ACUTE = "\xc3\xa9";

/** Builds the fixture as `<temp>/repos/repo`. Revisions: see the steps' comments. */
export async function buildDiffFixture(): Promise<DiffFixture> {
  const { dir, hgrc } = await makeHgHome();
  const root = `${dir}/repos`;
  await Deno.mkdir(root);
  const ci = commitStep;
  const a0 = numbered("alpha", 40);
  const steps: Step[] = [
    ["hg", "init", "repos/repo"],
    ["cd", "repos/repo"],
    ["write", "a.txt", a0],
    ["write", "b.txt", numbered("bravo", 20)],
    ["write", "c.txt", numbered("charlie", 10)],
    ["write", "bin.dat", "bin\0ary\ncontent\n"],
    ["write", "tool.sh", "#!/bin/sh\necho hi\n"],
    ["write", "noeol.txt", "one\ntwo"],
    ["write", `caf${E_ACUTE}.txt`, "caf\xc3\xa9\n"],
    ["write", "sp ace.txt", "space\n"],
    ["write", "typechg", "regular\n"],
    ["write", "del.txt", numbered("delta", 5)],
    ["write", "ws.txt", "a b\nc  d\ne\n"],
    ["write", "src/main.c", C_SOURCE],
    ["symlink", "link", "a.txt"],
    ci("initial", 1_600_000_000),
    // 1: edits and most kinds of changes
    [
      "write",
      "a.txt",
      a0.replace("alpha 2\n", "ALPHA 2\n").replace("alpha 4\n", "")
        .replace("alpha 30\n", "alpha 30\nnew 30b\n") + "alpha 41\n",
    ],
    [
      "write",
      "src/main.c",
      C_SOURCE.replace("y += 3;", "y += 33;").replace("c = helper(3)", "c = 3"),
    ],
    ["write", "tool.sh", "#!/bin/sh\necho hi\n", "755"],
    ["write", "noeol.txt", "one\ntwo\n"],
    ["write", "bin.dat", "bin\0ary\ncontent changed\n"],
    ["write", `caf${E_ACUTE}.txt`, "caf\xc3\xa9 cr\xc3\xa8me\n"],
    ["write", "sp ace.txt", "space\nmore\n"],
    ["rm", "del.txt"],
    ["rm", "typechg"],
    ["symlink", "typechg", "a.txt"],
    ["write", "new.txt", "brand\nnew\n"],
    ["write", "empty.txt", ""],
    ["hg", "mv", "-q", "b.txt", "moved/b.txt"],
    ["write", "moved/b.txt", numbered("bravo", 20).replace("bravo 10\n", "BRAVO 10\n")],
    ["hg", "cp", "-q", "a.txt", "a-copy.txt"],
    ["write", "ws.txt", "a  b\nc d \ne\n"],
    ["write", "newbin.dat", "\0\x01\x02"],
    ci("many changes", 1_600_000_100, "Bob <bob@example.org>"),
    // 2: exact rename, rename with mode change, symlink retarget, binary removal,
    //    one removed source copied twice, final newline removed
    ["hg", "mv", "-q", "noeol.txt", "n2.txt"],
    ["hg", "mv", "-q", "tool.sh", "bin/tool"],
    ["write", "bin/tool", "#!/bin/sh\necho hi\n", "644"],
    ["rm", "link"],
    ["symlink", "link", "c.txt"],
    ["hg", "rm", "-q", "bin.dat"],
    ["hg", "cp", "-q", "c.txt", "c1.txt"],
    ["hg", "mv", "-q", "c.txt", "c2.txt"],
    ["write", "c2.txt", numbered("charlie", 10) + "charlie 11\n"],
    ["write", "new.txt", "brand\nnew"],
    ci("renames", 1_600_000_200),
    // 3: a second branch from 1
    ["hg", "update", "-q", "1"],
    ["hg", "branch", "-q", "other"],
    ["write", "c.txt", numbered("charlie", 10).replace("charlie 3\n", "other 3\n")],
    ci("other side", 1_600_000_300, "Dave <dave@example.org>"),
    // 4: merge of 3 into 2, with an edit during the merge
    ["hg", "update", "-q", "2"],
    ["hg", "merge", "-q", "other"],
    ["write", "sp ace.txt", "space\nmore\nmerged\n"],
    ci("merge other", 1_600_000_400),
  ];
  await build(dir, steps, hgrc);
  return { root, repo: `${root}/repo`, hgrc, dir };
}

async function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const out = await new Deno.Command(cmd, { args, cwd, env, stdout: "piped", stderr: "piped" })
    .output();
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
  return out.stdout;
}

/** Exports already made, per fixture and revision list. */
const exports = new Map<string, Promise<{ gitDir: string; trees: Map<number, string> }>>();

/**
 * Exports changesets `revs` (revision numbers) to a Git repository as trees (once per
 * fixture; archives made by one hg process); returns the git dir and each revision's tree.
 */
export function exportTrees(
  f: DiffFixture,
  revs: number[] = [0, 1, 2, 3, 4],
): Promise<{ gitDir: string; trees: Map<number, string> }> {
  const key = `${f.dir}\0${revs.join(",")}`;
  let done = exports.get(key);
  if (!done) {
    done = doExport(f, revs, `${f.dir}/export-${exports.size}`);
    exports.set(key, done);
  }
  return done;
}

async function doExport(f: DiffFixture, revs: number[], base: string) {
  const gitDir = `${base}.git`;
  await run("git", ["init", "-q", "--bare", gitDir], f.dir);
  await build(
    f.repo,
    revs.map((rev): Step => [
      "hg",
      "archive",
      "-q",
      "--config",
      "ui.archivemeta=false",
      "-r",
      String(rev),
      `${base}-${rev}`,
    ]),
    f.hgrc,
  );
  const trees = new Map<number, string>();
  for (const rev of revs) {
    const work = `${base}-${rev}`;
    const env = { GIT_DIR: gitDir, GIT_WORK_TREE: work, GIT_INDEX_FILE: `${work}.index` };
    await run("git", ["add", "-A", "."], work, env);
    const tree = new TextDecoder().decode(await run("git", ["write-tree"], work, env)).trim();
    trees.set(rev, tree);
  }
  return { gitDir, trees };
}

/** Runs git with `args` in the bare export repository; stdout as a ByteString. */
export async function gitOutput(gitDir: string, args: string[]): Promise<string> {
  const out = await run("git", ["-c", "core.quotePath=true", ...args], gitDir, {
    GIT_DIR: gitDir,
  });
  let s = "";
  for (const byte of out) s += String.fromCharCode(byte);
  return s;
}
