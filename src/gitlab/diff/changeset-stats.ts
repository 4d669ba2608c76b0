/**
 * Line statistics of a changeset against its first parent (the null changeset for roots), as
 * Gitaly computes them with `git diff --numstat <commit>^ <commit>`: per changed file, added
 * and deleted lines; binary files (NUL in the first 8000 bytes of either side) count as
 * changed with no lines.
 *
 * Copies and renames come from Mercurial's filelog copy metadata, as in `hg diff --git`: a
 * file added with a copy source present in the parent is compared with that source, and a
 * source removed by the same changeset is a rename (one changed file, not two). A change
 * between symlink and regular file is a type change: all old lines deleted, all new added.
 */
import type { ByteString } from "../../hg/byte-string.ts";
import { fileContent, fileCopySource } from "../../hg/file-content.ts";
import type { ManifestEntry } from "../../hg/manifest.ts";
import { diffManifests, type ManifestChange } from "../../hg/manifest-diff.ts";
import type { Repository } from "../../hg/repository.ts";
import { isBinaryContent } from "./binary.ts";
import { lineCount } from "./line-ids.ts";
import { countChanges } from "./line-diff.ts";

/** Statistics of one changed file. */
export interface FileStat {
  /** Path in the changeset (the old path for removals). */
  path: ByteString;
  /** Copy or rename source, when the file was copied or renamed. */
  copyFrom?: ByteString;
  /** Added lines (0 for binary files). */
  additions: number;
  /** Deleted lines (0 for binary files). */
  deletions: number;
  /** True when either side is binary. */
  binary: boolean;
}

/** Totals of a changeset, as GitCommit.short_stats. */
export interface ShortStats {
  additions: number;
  deletions: number;
  changedFiles: number;
}

interface Side {
  path: ByteString;
  entry: ManifestEntry;
}

function fileStat(repo: Repository, path: ByteString, old?: Side, now?: Side): FileStat {
  const stat: FileStat = { path, additions: 0, deletions: 0, binary: false };
  if (old && now && old.path !== now.path) stat.copyFrom = old.path;
  if (old && now && old.entry.node === now.entry.node) return stat;
  const a = old ? fileContent(repo, old.path, old.entry.node) : new Uint8Array(0);
  const b = now ? fileContent(repo, now.path, now.entry.node) : new Uint8Array(0);
  if (isBinaryContent(a) || isBinaryContent(b)) {
    stat.binary = true;
    return stat;
  }
  const typeChange = old && now && (old.entry.flags === "l") !== (now.entry.flags === "l");
  if (typeChange) {
    stat.deletions = lineCount(a);
    stat.additions = lineCount(b);
  } else {
    const c = countChanges(a, b);
    stat.additions = c.additions;
    stat.deletions = c.deletions;
  }
  return stat;
}

/** Pairs added files with their copy source in the parent manifest, per filelog metadata. */
function copySources(
  repo: Repository,
  changes: ManifestChange[],
  hasInParent: (path: ByteString) => ManifestEntry | undefined,
): Map<ByteString, Side> {
  const sources = new Map<ByteString, Side>();
  for (const c of changes) {
    if (c.old || !c.new) continue;
    const src = fileCopySource(repo, c.path, c.new.node);
    const entry = src && hasInParent(src.path);
    if (src && entry) sources.set(c.path, { path: src.path, entry });
  }
  return sources;
}

/** Per-file statistics of changeset `rev` against its first parent, in path order. */
export function changesetFileStats(repo: Repository, rev: number): FileStat[] {
  const cs = repo.changelog.read(rev);
  const parent = repo.manifest(repo.changelog.read(cs.p1).manifestNode);
  const manifest = repo.manifest(cs.manifestNode);
  const changes = diffManifests(parent, manifest);
  const sources = copySources(repo, changes, (p) => parent.get(p));
  const renamed = new Set<ByteString>();
  for (const [, src] of sources) if (!manifest.has(src.path)) renamed.add(src.path);
  const out: FileStat[] = [];
  for (const c of changes) {
    if (!c.new && renamed.has(c.path)) continue;
    const old = c.old ? { path: c.path, entry: c.old } : sources.get(c.path);
    const now = c.new && { path: c.path, entry: c.new };
    out.push(fileStat(repo, c.path, old, now));
  }
  return out;
}

/** Totals of changeset `rev` against its first parent (GitCommit.short_stats). */
export function commitShortStats(repo: Repository, rev: number): ShortStats {
  const stats = changesetFileStats(repo, rev);
  let additions = 0;
  let deletions = 0;
  for (const s of stats) {
    additions += s.additions;
    deletions += s.deletions;
  }
  return { additions, deletions, changedFiles: stats.length };
}
