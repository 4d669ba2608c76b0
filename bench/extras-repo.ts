/**
 * Inputs of the CommitService/BlobService/DiffService/RepositoryService rows, made once and
 * cached next to the benchmark repository (its generator is left unchanged):
 * - `bench-big.hg` and `bench-big-notopic.hg`: copies of `bench.hg` and `bench-notopic.hg`
 *   with two public changesets on a `bench-big` branch from the default tip
 *   (bench/big-changesets.py): a 20 MiB file, then a changeset touching 1,000 files;
 * - `export-v<N>.git`: the same history in Git (bench/git-export.py: every ancestor of the
 *   default tip and of `bench-big`), repacked, with a commit-graph (`--reachable
 *   --changed-paths`, as Gitaly writes it);
 * - the chosen paths and word, and the Git ids of the nodes used.
 */
import { dirname, join } from "node:path";
import { type BenchRepos, hgEnv, PROJECT_ROOT, PYTHON, TOPIC_OFF } from "./generate-repo.ts";

/** Bump when the extras change shape (invalidates their cache). */
export const EXTRAS_VERSION = 1;

/** Files the wide changeset touches. */
const WIDE_FILES = 1000;

/** What the extras hold, as cached in `extras-v<N>.json`. */
export interface Extras {
  /** Storage-relative path (GitLab form) of the copy with the big changesets. */
  readonly relativePath: string;
  /** Absolute paths of the copy (topic on) and of its topic-off twin. */
  readonly hgRepo: string;
  readonly hgRepoTopicOff: string;
  /** The Git export (bare repository). */
  readonly gitDir: string;
  /** Commits exported to Git. */
  readonly exportedCommits: number;
  /** Default branch tip (hex) and its Git commit. */
  readonly defaultTip: string;
  readonly defaultTipGit: string;
  /** Changeset adding the 20 MiB file, and the changeset touching many files (hex, Git). */
  readonly bigNode: string;
  readonly bigNodeGit: string;
  readonly wideNode: string;
  readonly wideNodeGit: string;
  /** Files the wide changeset touches. */
  readonly wideFiles: number;
  /** The 20 MiB file: path, size, Git blob. */
  readonly bigPath: string;
  readonly bigBytes: number;
  readonly bigBlobGit: string;
  /** File of the default tip closest to 3 KiB: path, size, Git blob. */
  readonly blob3k: string;
  readonly blob3kBytes: number;
  readonly blob3kGit: string;
  /** Most modified file of the default history, the number of its changes, its directory. */
  readonly hotFile: string;
  readonly hotFileChanges: number;
  readonly hotDir: string;
  /** A word present in many files of the default tip. */
  readonly word: string;
  /** Seconds the extras took to make. */
  readonly seconds: number;
}

async function run(
  cmd: string,
  args: string[],
  options: { cwd?: string; hgrc: string; configs?: readonly string[] },
): Promise<string> {
  const out = await new Deno.Command(cmd, {
    args,
    cwd: options.cwd,
    env: hgEnv(options.hgrc),
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
  return new TextDecoder().decode(out.stdout).trim();
}

/** Copies `source` to `target` with the big changesets; returns the script's answer. */
async function makeBigCopy(
  source: string,
  target: string,
  base: string,
  hgrc: string,
  configs: readonly string[],
): Promise<
  { bigNode: string; wideNode: string; wideFiles: number; bigPath: string; bigBytes: number }
> {
  const tmp = `${target}.tmp-${Deno.pid}`;
  await Deno.remove(tmp, { recursive: true }).catch(() => {});
  await run("cp", ["-a", source, tmp], { hgrc });
  const script = join(PROJECT_ROOT, "bench", "big-changesets.py");
  const answer = JSON.parse(
    await run(PYTHON, [script, JSON.stringify({ repo: tmp, base, wide: WIDE_FILES })], { hgrc }),
  );
  const opts = configs.flatMap((c) => ["--config", c]);
  for (const args of [["debugupdatecaches"], ["branches"], ["tags"], ["heads"]]) {
    await run("hg", [...opts, ...args], { cwd: tmp, hgrc });
  }
  await Deno.remove(target, { recursive: true }).catch(() => {});
  await Deno.rename(tmp, target);
  return answer;
}

async function make(repos: BenchRepos, path: string): Promise<Extras> {
  const started = performance.now();
  const { hgrc } = repos;
  const root = repos.storageRoot;
  const hgRepo = join(root, "bench-big.hg");
  const hgRepoTopicOff = join(root, "bench-big-notopic.hg");
  const base = repos.summary.defaultTip;
  console.error("making the big changesets (copies of bench.hg and bench-notopic.hg)...");
  const big = await makeBigCopy(repos.plain, hgRepo, base, hgrc, []);
  const twin = await makeBigCopy(repos.topicOff, hgRepoTopicOff, base, hgrc, TOPIC_OFF);
  if (twin.wideNode !== big.wideNode) throw new Error("the big changesets differ between copies");

  console.error("exporting the history to Git (once)...");
  const gitDir = join(dirname(root), `export-v${EXTRAS_VERSION}.git`);
  await Deno.remove(gitDir, { recursive: true }).catch(() => {});
  const exported = JSON.parse(
    await run(PYTHON, [
      join(PROJECT_ROOT, "bench", "git-export.py"),
      JSON.stringify({
        repo: hgRepo,
        git: gitDir,
        heads: { "branch/default": base, "branch/bench-big": big.wideNode },
        head: base,
        headRef: "branch/default",
      }),
    ], { hgrc }),
  );
  const git = (...args: string[]) => run("git", ["--git-dir", gitDir, ...args], { hgrc });
  await git("repack", "-a", "-d", "-q");
  await git("commit-graph", "write", "--reachable", "--changed-paths");
  const nodes: Record<string, string> = JSON.parse(
    await Deno.readTextFile(join(gitDir, "hg-nodes.json")),
  );
  const extras: Extras = {
    relativePath: "bench-big.git",
    hgRepo,
    hgRepoTopicOff,
    gitDir,
    exportedCommits: exported.count,
    defaultTip: base,
    defaultTipGit: nodes[base],
    bigNode: big.bigNode,
    bigNodeGit: nodes[big.bigNode],
    wideNode: big.wideNode,
    wideNodeGit: nodes[big.wideNode],
    wideFiles: big.wideFiles,
    bigPath: big.bigPath,
    bigBytes: big.bigBytes,
    bigBlobGit: await git("rev-parse", `${nodes[big.bigNode]}:${big.bigPath}`),
    blob3k: exported.blob3k,
    blob3kBytes: exported.blob3kBytes,
    blob3kGit: await git("rev-parse", `${nodes[base]}:${exported.blob3k}`),
    hotFile: exported.hotFile,
    hotFileChanges: exported.hotFileChanges,
    hotDir: exported.hotDir,
    word: exported.word,
    seconds: (performance.now() - started) / 1000,
  };
  await Deno.writeTextFile(path, JSON.stringify(extras, null, 1));
  return extras;
}

/** The extras of `repos`, made first when not cached. Progress goes to stderr. */
export async function benchExtras(repos: BenchRepos): Promise<Extras> {
  const path = join(dirname(repos.storageRoot), `extras-v${EXTRAS_VERSION}.json`);
  try {
    return JSON.parse(await Deno.readTextFile(path));
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return await make(repos, path);
}

/** Hex node -> Git commit id of every exported changeset. */
export async function exportedCommits(extras: Extras): Promise<Map<string, string>> {
  const nodes: Record<string, string> = JSON.parse(
    await Deno.readTextFile(join(extras.gitDir, "hg-nodes.json")),
  );
  return new Map(Object.entries(nodes));
}

if (import.meta.main) {
  const { benchRepos } = await import("./generate-repo.ts");
  console.log(JSON.stringify(await benchExtras(await benchRepos()), null, 1));
}
