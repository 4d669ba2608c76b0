/**
 * The benchmark repository: generated once by generate-repo.py (Mercurial's own API, run with
 * the system Python) and cached under `.bench-cache/` keyed by the generator version and its
 * parameters. Copies are made: `bench.hg` (refs computed by the fallback mapping),
 * `bench-state.hg` (with Heptapod's `gitlab.branches` / `gitlab.tags` state files) and
 * `bench-notopic.hg`, whose caches hg wrote with the topic extension disabled (the topic
 * extension stores `branch:topic` entries in the branch cache, which hg without it would
 * misread), for timing hg without topic.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Bump when the generated repository changes shape (invalidates the cache). */
export const GENERATOR_VERSION = 1;

/** The system Python that has Mercurial and python3-hglib (the pyenv shim has neither). */
export const PYTHON = "/usr/bin/python3";

/** Generation parameters (part of the cache key). */
export interface GeneratorParams {
  /** Random seed. */
  readonly seed: number;
  /** Changesets of the public history (topics and amends come on top). */
  readonly mainCommits: number;
  /** Topics created (some get their head amended or pruned). */
  readonly topics: number;
  /** Tags created in `.hgtags` (one more is created and removed). */
  readonly tags: number;
  /** Files of the initial import (large files and symlinks come on top). */
  readonly files: number;
}

/** Default parameters: ≥20k changesets, ≥5k files, 200 tags, 500 topics. */
export const DEFAULT_PARAMS: GeneratorParams = {
  seed: 20240601,
  mainCommits: 19000,
  topics: 500,
  tags: 200,
  files: 5200,
};

/** What the generator reports about the repository it made (hg's own counts). */
export interface RepoSummary {
  /** Changesets in the changelog (hidden ones included). */
  changesets: number;
  /** Changesets of the visible view. */
  visible: number;
  /** Changesets hidden by obsolescence. */
  hidden: number;
  /** Obsolete changesets. */
  obsolete: number;
  /** Visible draft changesets. */
  drafts: number;
  /** Files in the tip manifest. */
  files: number;
  /** Files in the manifest of the default branch tip. */
  defaultTipFiles: number;
  /** Named branches (closed ones included). */
  branches: string[];
  /** Named branches whose every head is closed. */
  closedBranches: string[];
  /** Topic heads. */
  topics: number;
  /** Tag names (without `tip`). */
  tags: string[];
  /** Entries of `gitlab.branches` (open named branches and topics). */
  gitlabBranches: number;
  /** A few `topic/<branch>/<topic>` ref names. */
  sampleTopicRefs: string[];
  /** Random visible public changesets (hex), for reads. */
  sampleNodes: string[];
  /** Tip of the default branch (hex). */
  defaultTip: string;
  /** Bytes under `.hg/store`. */
  storeBytes: number;
  /** Generation time in seconds. */
  seconds: number;
}

/** The generated repositories. */
export interface BenchRepos {
  /** Directory holding both repositories (usable as a storage root). */
  readonly storageRoot: string;
  /** Repository without Heptapod state files (relative path `bench.hg`). */
  readonly plain: string;
  /** Copy with `gitlab.branches`, `gitlab.tags`, `default_gitlab_branch` (`bench-state.hg`). */
  readonly withState: string;
  /** Copy whose caches were written by hg without the topic extension (`bench-notopic.hg`). */
  readonly topicOff: string;
  /** hgrc enabling evolve and topic, for every hg run of the benchmark. */
  readonly hgrc: string;
  /** hg's counts and samples. */
  readonly summary: RepoSummary;
}

/** Root of the checkout (parent of bench/). */
export const PROJECT_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** The benchmark hgrc: evolve and topic, as Heptapod runs hg. */
export const HGRC = "[extensions]\nevolve =\ntopic =\n[experimental]\nevolution = all\n";

/** Environment for every hg process of the benchmark. */
export function hgEnv(hgrc: string): Record<string, string> {
  return {
    HGRCPATH: hgrc,
    HGPLAIN: "1",
    HGENCODING: "utf-8",
    HGUSER: "Bench <bench@example.org>",
    TZ: "UTC",
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
  };
}

function cacheKey(params: GeneratorParams): string {
  const p = params;
  return `repo-v${GENERATOR_VERSION}-s${p.seed}-c${p.mainCommits}-t${p.topics}-g${p.tags}-f${p.files}`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

async function generate(dir: string, params: GeneratorParams, hgrc: string): Promise<void> {
  const tmp = `${dir}.tmp-${Deno.pid}`;
  await Deno.remove(tmp, { recursive: true }).catch(() => {});
  await Deno.mkdir(join(tmp, "repos"), { recursive: true });
  const script = join(PROJECT_ROOT, "bench", "generate-repo.py");
  const config = JSON.stringify({ dir: join(tmp, "repos"), ...params });
  const out = await new Deno.Command(PYTHON, {
    args: [script, config],
    env: hgEnv(hgrc),
    clearEnv: true,
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error(`repository generator failed (exit ${out.code})`);
  await Deno.writeFile(join(tmp, "summary.json"), out.stdout);
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.rename(tmp, dir);
}

/** Configuration disabling the topic extension (evolve stays). */
export const TOPIC_OFF = ["extensions.topic=!"];

async function run(cmd: string, args: string[], cwd: string, hgrc: string): Promise<void> {
  const out = await new Deno.Command(cmd, {
    args,
    cwd,
    env: hgEnv(hgrc),
    clearEnv: true,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
}

/** Makes `target`, a copy of `source` whose branch caches hg without topic wrote. */
async function makeTopicOffCopy(source: string, target: string, hgrc: string): Promise<void> {
  const tmp = `${target}.tmp-${Deno.pid}`;
  await Deno.remove(tmp, { recursive: true }).catch(() => {});
  await run("cp", ["-a", source, tmp], dirname(source), hgrc);
  for await (const entry of Deno.readDir(join(tmp, ".hg", "cache"))) {
    if (entry.name.startsWith("branch2")) await Deno.remove(join(tmp, ".hg", "cache", entry.name));
  }
  const off = TOPIC_OFF.flatMap((c) => ["--config", c]);
  for (const args of [["debugupdatecaches"], ["branches"], ["tags"], ["heads"]]) {
    await run("hg", [...off, ...args], tmp, hgrc);
  }
  await Deno.rename(tmp, target);
}

/**
 * Returns the benchmark repositories, generating them first when they are not cached (or when
 * `regenerate` is set). Progress goes to stderr.
 */
export async function benchRepos(
  options: { regenerate?: boolean; params?: GeneratorParams } = {},
): Promise<BenchRepos> {
  const params = options.params ?? DEFAULT_PARAMS;
  const cache = join(PROJECT_ROOT, ".bench-cache");
  await Deno.mkdir(cache, { recursive: true });
  const hgrc = join(cache, "hgrc");
  await Deno.writeTextFile(hgrc, HGRC);
  const dir = join(cache, cacheKey(params));
  if (options.regenerate || !(await exists(join(dir, "summary.json")))) {
    console.error(`generating the benchmark repository in ${dir} (once; a few minutes)...`);
    await generate(dir, params, hgrc);
  }
  const summary: RepoSummary = JSON.parse(await Deno.readTextFile(join(dir, "summary.json")));
  const storageRoot = join(dir, "repos");
  const plain = join(storageRoot, "bench.hg");
  const topicOff = join(storageRoot, "bench-notopic.hg");
  if (!(await exists(topicOff))) await makeTopicOffCopy(plain, topicOff, hgrc);
  return {
    storageRoot,
    plain,
    withState: join(storageRoot, "bench-state.hg"),
    topicOff,
    hgrc,
    summary,
  };
}
