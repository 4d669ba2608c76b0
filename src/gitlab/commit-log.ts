/**
 * `git log` over Mercurial history: a walk (revisions and exclusions, or every visible
 * changeset) with commit limiting (paths, optionally followed across renames, dates, author,
 * message patterns, merges), lazily, highest revision first.
 */
import type { ByteString } from "../hg/byte-string.ts";
import { NULL_REV } from "../hg/node.ts";
import { repoGraph, repoHidden } from "../hg/repo-state.ts";
import type { Repository } from "../hg/repository.ts";
import { ancestorsMask } from "./ancestry.ts";
import { commitFilter, type CommitFilterOptions } from "./commit-filters.ts";
import { allRevs, walkRevs, type WalkSpec } from "./commit-walk.ts";
import { followedRevsMask } from "./follow-history.ts";
import { normalizePath, touchedRevsMask } from "./path-history.ts";

/**
 * What to log: a walk, every visible changeset (`all`), or given revisions without their
 * ancestry (`only`, Git's `--no-walk`).
 */
export type LogSource = WalkSpec | "all" | { only: readonly number[] };

/** Options of a log on top of the commit filters. */
export interface LogOptions extends Omit<CommitFilterOptions, "touched" | "hidden"> {
  /** Only commits touching one of these paths (files or directories). */
  paths?: readonly ByteString[];
  /** Follow a single file path across renames (`--follow`). */
  follow?: boolean;
  /** Follow only first parents. */
  firstParent?: boolean;
}

function touchedMask(
  repo: Repository,
  source: LogSource,
  options: LogOptions,
): Uint8Array | undefined {
  const paths = options.paths ?? [];
  if (paths.length === 0) return undefined;
  if (options.follow && paths.length === 1 && source !== "all" && "include" in source) {
    const start = Math.max(NULL_REV, ...source.include);
    const path = normalizePath(paths[0]);
    const followed = path === "" || start === NULL_REV
      ? undefined
      : followedRevsMask(repo, start, path, ancestorsMask(repoGraph(repo), start));
    if (followed !== undefined) return followed;
  }
  return touchedRevsMask(repo, paths);
}

/** The selected revisions, highest first, computed lazily. */
export function commitLog(
  repo: Repository,
  source: LogSource,
  options: LogOptions = {},
): Iterable<number> {
  const graph = repoGraph(repo);
  const keep = commitFilter(graph, (rev) => repo.changelog.read(rev), {
    ...options,
    touched: touchedMask(repo, source, options),
    hidden: source === "all" ? repoHidden(repo) : undefined,
  });
  if (source === "all") return allRevs(repo.changelog.length, keep);
  if ("only" in source) {
    return [...new Set(source.only)].filter((rev) => rev >= 0 && keep(rev)).sort((a, b) => b - a);
  }
  return filter(walkRevs(graph, { ...source, firstParent: options.firstParent }), keep);
}

function* filter(revs: Iterable<number>, keep: (rev: number) => boolean): Generator<number> {
  for (const rev of revs) if (keep(rev)) yield rev;
}

/** Revisions sorted by changeset date, newest first (ties: highest revision first). */
export function byDateDescending(repo: Repository, revs: Iterable<number>): number[] {
  const dated = [...revs].map((rev) => ({ rev, time: repo.changelog.read(rev).time }));
  dated.sort((a, b) => b.time - a.time || b.rev - a.rev);
  return dated.map((d) => d.rev);
}
