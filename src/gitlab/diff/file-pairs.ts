/**
 * The changed files between two changesets, paired as `hg diff --git` pairs them: copies and
 * renames come from Mercurial's copy metadata (not from Git's similarity detection), a copy
 * whose source is removed by the comparison is a rename, and removed sources of renames are
 * not listed apart. When a removed source has several destinations, the last one in path
 * order is the rename and the others are copies, as Git decides (hg picks the first).
 *
 * With a pathspec, only matching paths are compared, and a copy whose source does not match
 * is a plain addition (as `git diff -- <paths>`, where rename detection only sees the
 * filtered files).
 */
import type { ByteString } from "../../hg/byte-string.ts";
import type { Manifest, ManifestEntry } from "../../hg/manifest.ts";
import { diffManifests } from "../../hg/manifest-diff.ts";
import { NULL_REV } from "../../hg/node.ts";
import { backwardRenames, forwardCopies } from "../../hg/path-copies.ts";
import { repoGraph } from "../../hg/repo-state.ts";
import type { Repository } from "../../hg/repository.ts";
import { mergeBase } from "../ancestry.ts";

/** One side of a pair: a path and its manifest entry. */
export interface FileSide {
  path: ByteString;
  entry: ManifestEntry;
}

/** How a file changed. */
export type PairStatus = "added" | "deleted" | "modified" | "renamed" | "copied";

/** One changed file; `old` is absent for additions, `new` for deletions. */
export interface FilePair {
  status: PairStatus;
  old?: FileSide;
  new?: FileSide;
}

/** Options of the pairing. */
export interface PairOptions {
  /** Git-like pathspec: exact paths or directories (without trailing slash). */
  paths?: readonly ByteString[];
  /** Copies (destination -> source) to use; default: forward copies `before` -> `after`. */
  copies?: ReadonlyMap<ByteString, ByteString>;
}

/** A predicate matching paths equal to, or below, one of `paths`; undefined when no filter. */
export function pathspecMatcher(
  paths: readonly ByteString[] | undefined,
): ((path: ByteString) => boolean) | undefined {
  if (!paths || paths.length === 0) return undefined;
  const specs = paths.map((p) => p.replace(/\/+$/, "")).filter((p) => p !== "");
  if (specs.length < paths.length) return () => true; // the root matches everything
  return (path) => specs.some((s) => path === s || path.startsWith(s + "/"));
}

/** True when the two entries are symlink and regular file (a Git type change). */
export function isTypeChange(old: ManifestEntry, now: ManifestEntry): boolean {
  return (old.flags === "l") !== (now.flags === "l");
}

/** Pairs the differences of manifest `before` -> `after`, in path order of destinations. */
export function manifestPairs(
  repo: Repository,
  before: Manifest,
  after: Manifest,
  opts: PairOptions = {},
): FilePair[] {
  const match = pathspecMatcher(opts.paths);
  const changes = diffManifests(before, after).filter((c) => !match || match(c.path));
  const removed = new Set<ByteString>();
  for (const c of changes) if (!c.new) removed.add(c.path);
  const copies = opts.copies ?? forwardCopies(repo, before, after, match);
  const sources = new Map<ByteString, ByteString>();
  for (const c of changes) {
    const src = !c.old && c.new ? copies.get(c.path) : undefined;
    if (src !== undefined && before.has(src) && (!match || match(src))) sources.set(c.path, src);
  }
  // Removed source -> the destination that renames it (the last one, as Git).
  const renamedTo = new Map<ByteString, ByteString>();
  for (const [dest, src] of sources) if (removed.has(src)) renamedTo.set(src, dest);
  const out: FilePair[] = [];
  for (const c of changes) {
    if (!c.new) {
      out.push({ status: "deleted", old: { path: c.path, entry: c.old! } });
      continue;
    }
    const now = { path: c.path, entry: c.new };
    if (c.old) {
      out.push({ status: "modified", old: { path: c.path, entry: c.old }, new: now });
      continue;
    }
    const src = sources.get(c.path);
    if (src === undefined) {
      out.push({ status: "added", new: now });
      continue;
    }
    const rename = renamedTo.get(src) === c.path;
    const old = { path: src, entry: before.get(src)! };
    out.push({ status: rename ? "renamed" : "copied", old, new: now });
  }
  return out.filter((p) => p.status !== "deleted" || !renamedTo.has(p.old!.path));
}

const manifestOf = (repo: Repository, rev: number) =>
  repo.manifest(repo.changelog.read(rev).manifestNode);

/**
 * Copies from changeset `fromRev` to `toRev` as Mercurial's `pathcopies`: forward copies when
 * `fromRev` is an ancestor, otherwise renames undone back to the merge base chained with the
 * copies from there (destination -> source, sources present in `fromRev`).
 */
export function changesetCopies(
  repo: Repository,
  fromRev: number,
  toRev: number,
): Map<ByteString, ByteString> {
  const x = manifestOf(repo, fromRev);
  const y = manifestOf(repo, toRev);
  const base = fromRev === NULL_REV || toRev === NULL_REV
    ? NULL_REV
    : mergeBase(repoGraph(repo), [fromRev, toRev], (r) => repo.changelog.node(r)) ?? NULL_REV;
  if (base === fromRev) return forwardCopies(repo, x, y);
  const baseManifest = manifestOf(repo, base);
  const back = backwardRenames(repo, x, baseManifest);
  const chained = new Map(back);
  for (const [dest, src] of forwardCopies(repo, baseManifest, y)) {
    chained.set(dest, back.get(src) ?? src);
  }
  const out = new Map<ByteString, ByteString>();
  for (const [dest, src] of chained) {
    if (dest !== src && x.has(src) && y.has(dest)) out.set(dest, src);
  }
  return out;
}

/** Pairs the differences between changesets `fromRev` and `toRev` (NULL_REV allowed). */
export function changesetPairs(
  repo: Repository,
  fromRev: number,
  toRev: number,
  opts: PairOptions = {},
): FilePair[] {
  const copies = opts.copies ?? changesetCopies(repo, fromRev, toRev);
  return manifestPairs(repo, manifestOf(repo, fromRev), manifestOf(repo, toRev), {
    ...opts,
    copies,
  });
}
