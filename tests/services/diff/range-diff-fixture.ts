/**
 * A patch series and its rewrite, built with real hg, and the same history replayed in Git
 * (same trees, messages, authors and dates, commit by commit), for differential tests of
 * RangeDiff and RawRangeDiff against `git range-diff`.
 *
 * Revisions: 0 base; old series 1 one (f line 5), 2 two (adds h, message with a body),
 * 3 three (c.c), 4 four (g), 5 six (adds k only), 6 big (f lines
 * 100-499); new series, rebuilt on 0 with graft and amend: 7 two (grafted, identical), 8 one
 * (line 5 changed differently), 9 three (grafted, hidden by 10), 10 three amended with a new
 * message (tabs, trailing blanks), 11 six (k differs, copies h, makes g executable), 12 big (half of the lines changed
 * differently), 13 seven (adds m). Four is dropped. The old series is then pruned (hidden).
 */
import { build, commitStep, makeHgHome, numberedLines, type Step } from "../../hg/hg-fixture.ts";

/** The built fixture. */
export interface RangeDiffFixture {
  /** Storage root and repository path (relative path `repo`). */
  root: string;
  repo: string;
  /** Git repository replaying every changeset, and the Git commit of each revision. */
  gitDir: string;
  gitCommits: Map<number, string>;
}

const C_SOURCE = [
  "#include <stdio.h>",
  "",
  "static int helper(int x)",
  "{",
  "    int y = x * 2;",
  "    y += 1;",
  "    y += 2;",
  "    y += 3;",
  "    return y;",
  "}",
  "",
  "int main(void)",
  "{",
  "    return helper(1);",
  "}",
  "",
].join("\n");

const f0 = numberedLines("f", 20) +
  Array.from({ length: 600 }, (_, i) => `line number ${i + 1} of the big file\n`).join("");

/** f with lines [from, to) (1-based) replaced by `tag` lines, later edits winning. */
function fWith(edits: [number, number, string][]): string {
  const lines = f0.split("\n").slice(0, -1).map((l) => l + "\n");
  for (const [from, to, tag] of edits) {
    for (let i = from; i < to; i++) lines[i - 1] = `${tag} ${i} replaced in the series\n`;
  }
  return lines.join("");
}

const withLine5 = (s: string, x: string) => s.replace("f 5\n", `${x}\n`);

async function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const out = await new Deno.Command(cmd, { args, cwd, env, stdout: "piped", stderr: "piped" })
    .output();
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
  return new TextDecoder().decode(out.stdout);
}

/** Builds the hg repository and its Git replay. */
export async function buildRangeDiffFixture(): Promise<RangeDiffFixture> {
  const { dir, hgrc } = await makeHgHome();
  const root = `${dir}/repos`;
  await Deno.mkdir(root);
  const repo = `${root}/repo`;
  const ci = commitStep;
  const fOne = withLine5(f0, "five");
  const fBig = fWith([[120, 520, "X"]]);
  const steps: Step[] = [
    ["hg", "init", "repos/repo"],
    ["cd", "repos/repo"],
    ["write", "f", f0],
    ["write", "c.c", C_SOURCE],
    ["write", "g", numberedLines("g", 5)],
    ci("base", 1_600_000_000),
    // Old series.
    ["write", "f", fOne],
    ci("one: tweak f", 1_600_000_100),
    ["write", "h", numberedLines("h", 10)],
    ci("two: add h\n\nWith a body line,\n\tand\ta tab.", 1_600_000_200),
    ["write", "c.c", C_SOURCE.replace("y += 2;", "y += 20;")],
    ci("three: helper", 1_600_000_300),
    ["write", "g", numberedLines("g", 6)],
    ci("four: edit g", 1_600_000_400),
    ["write", "k", numberedLines("k", 30)],
    ci("six: add k, copy h, g executable", 1_600_000_450),
    ["write", "f", withLine5(fBig, "five")],
    ci("big: rewrite f", 1_600_000_500),
    // New series on the base.
    ["hg", "update", "-q", "0"],
    ["hg", "graft", "-q", "-r", "2"],
    ["write", "f", withLine5(f0, "FIVE")],
    ci("one: tweak f", 1_600_000_600),
    ["hg", "graft", "-q", "-r", "3"],
    [
      "hg",
      "commit",
      "--amend",
      "-q",
      "-m",
      "three: helper, reworded\n\n\tA tabbed  \nbody.  \n\n\n",
      "-d",
      "1600000700 -3600",
    ],
    ["write", "k", numberedLines("k", 31)],
    ["hg", "copy", "-q", "h", "h2"],
    ["write", "g", numberedLines("g", 5), "755"],
    ci("six: add k, copy h, g executable", 1_600_000_800),
    [
      "write",
      "f",
      withLine5(
        fWith([[120, 520, "X"], [120, 320, "Y"]]),
        "FIVE",
      ),
    ],
    ci("big: rewrite f", 1_600_000_900),
    ["write", "m", "m\n"],
    ci("seven: add m", 1_600_001_000),
    ["hg", "prune", "-q", "-r", "1::6"],
  ];
  await build(dir, steps, hgrc);
  const { gitDir, gitCommits } = await replayInGit(dir, repo, hgrc);
  return { root, repo, gitDir, gitCommits };
}

/**
 * A ten-commit series (each editing its own part of f) rebased with `hg rebase` onto a new
 * base commit that changes a context line of the last one. Revisions: 0 base, 1-10 the
 * series (hidden after the rebase), 11 the new base, 12-21 the rebased series.
 */
export async function buildLongSeriesFixture(): Promise<RangeDiffFixture> {
  const { dir, hgrc } = await makeHgHome();
  const root = `${dir}/repos`;
  await Deno.mkdir(root);
  const repo = `${root}/repo`;
  const lines = numberedLines("f", 200).split("\n").slice(0, -1);
  const text = () => lines.map((l) => l + "\n").join("");
  const steps: Step[] = [["hg", "init", "repos/repo"], ["cd", "repos/repo"], [
    "write",
    "f",
    text(),
  ]];
  steps.push(commitStep("base", 1_600_000_000));
  for (let i = 0; i < 10; i++) {
    for (let l = 10 + 15 * i; l < 13 + 15 * i; l++) lines[l] = `step ${i} line ${l}`;
    steps.push(["write", "f", text()], commitStep(`step ${i}`, 1_600_000_100 + i));
  }
  const base = numberedLines("f", 200).replace("f 151\n", "new base\n");
  steps.push(
    ["hg", "update", "-q", "0"],
    ["write", "f", base],
    commitStep("new base", 1_600_001_000),
    ["hg", "--config", "extensions.rebase=", "rebase", "-q", "-s", "1", "-d", "11"],
  );
  await build(dir, steps, hgrc);
  const { gitDir, gitCommits } = await replayInGit(dir, repo, hgrc);
  return { root, repo, gitDir, gitCommits };
}

interface LogEntry {
  rev: number;
  p1: number;
  user: string;
  time: number;
  desc: string;
}

/** Replays every changeset (hidden ones included) as a Git commit with the same tree. */
async function replayInGit(dir: string, repo: string, hgrc: string) {
  const gitDir = `${dir}/replay.git`;
  await run("git", ["init", "-q", "--bare", gitDir], dir);
  const log: {
    rev: number;
    node: string;
    user: string;
    date: [number, number];
    desc: string;
    parents: string[];
  }[] = JSON.parse(
    await run("hg", ["log", "--hidden", "-r", "all()", "-T", "json"], repo, {
      HGRCPATH: hgrc,
      HGPLAIN: "1",
      HGENCODING: "utf-8",
    }),
  );
  const revOf = new Map(log.map((e) => [e.node, e.rev]));
  const entries: LogEntry[] = log.map((e) => ({
    rev: e.rev,
    p1: e.parents.length ? revOf.get(e.parents[0]) ?? -1 : -1,
    user: e.user,
    time: e.date[0],
    desc: e.desc,
  }));
  await build(
    repo,
    entries.map((e): Step => [
      "hg",
      "archive",
      "--hidden",
      "-q",
      "--config",
      "ui.archivemeta=false",
      "-r",
      String(e.rev),
      `${dir}/tree-${e.rev}`,
    ]),
    hgrc,
  );
  const gitCommits = new Map<number, string>();
  for (const e of entries) {
    const work = `${dir}/tree-${e.rev}`;
    const env = { GIT_DIR: gitDir, GIT_WORK_TREE: work, GIT_INDEX_FILE: `${work}.index` };
    await run("git", ["add", "-A", "."], work, env);
    const tree = (await run("git", ["write-tree"], work, env)).trim();
    const [, name, email] = /^(.*) <(.*)>$/.exec(e.user)!;
    const date = `${e.time} +0100`;
    const args = ["commit-tree", tree, "-m", e.desc];
    if (e.p1 >= 0) args.push("-p", gitCommits.get(e.p1)!);
    const commit = (await run("git", args, dir, {
      GIT_DIR: gitDir,
      GIT_AUTHOR_NAME: name,
      GIT_AUTHOR_EMAIL: email,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: name,
      GIT_COMMITTER_EMAIL: email,
      GIT_COMMITTER_DATE: date,
    })).trim();
    gitCommits.set(e.rev, commit);
  }
  return { gitDir, gitCommits };
}

/** `git range-diff --no-color` with full ids (what Gitaly runs), in the replay repository. */
export function gitRangeDiff(f: RangeDiffFixture, args: string[]): Promise<string> {
  return run(
    "git",
    ["-c", "core.abbrev=40", "range-diff", "--no-color", ...args],
    f.gitDir,
    { GIT_DIR: f.gitDir },
  );
}
