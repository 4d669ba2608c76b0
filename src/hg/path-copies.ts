/**
 * Copy tracing between two manifests, as Mercurial's forward `pathcopies`: a path present in
 * the new manifest but not in the old one is a copy of `src` when walking the history of its
 * file revision (filelog parents, and copy metadata across renames) reaches a revision that
 * the old manifest holds at `src`. Paths copied onto themselves do not count.
 *
 * Only forward tracing is done (the old side being an ancestor of the new one, the case of
 * commit and merge request diffs); the walk is bounded so pathological histories stay cheap.
 */
import type { ByteString } from "./byte-string.ts";
import { walkFileAncestry } from "./file-ancestry.ts";
import type { Manifest } from "./manifest.ts";
import type { Repository } from "./repository.ts";

/** How many file revisions one trace may visit before giving up. */
const TRACE_LIMIT = 2000;

/** The path of `old` that the file revision `node` of `path` was copied from, if any. */
export function traceCopySource(
  repo: Repository,
  old: Manifest,
  path: ByteString,
  node: string,
): ByteString | undefined {
  // Breadth first: the nearest matching ancestor wins, as Mercurial's newest-first walk.
  let visited = 0;
  for (const { path: p, rev, filelog } of walkFileAncestry(repo, path, node)) {
    if (visited++ === TRACE_LIMIT) break;
    if (old.get(p)?.node === filelog.node(rev)) return p === path ? undefined : p;
  }
  return undefined;
}

/**
 * Forward copies from manifest `before` to `after` (Mercurial's `_forwardcopies`): for each
 * path of `after` missing from `before` (and accepted by `match`), its traced source.
 * Returns destination -> source.
 */
export function forwardCopies(
  repo: Repository,
  before: Manifest,
  after: Manifest,
  match?: (path: ByteString) => boolean,
): Map<ByteString, ByteString> {
  const out = new Map<ByteString, ByteString>();
  for (let i = 0; i < after.size; i++) {
    const path = after.path(i);
    if (before.has(path) || (match && !match(path))) continue;
    const src = traceCopySource(repo, before, path, after.entry(i).node);
    if (src !== undefined) out.set(path, src);
  }
  return out;
}

/**
 * Renames undone when going from `x` back to its ancestor manifest `base` (Mercurial's
 * `_backwardrenames`): the forward copies base -> x whose source is gone from `x`, reversed.
 * Returns path in `base` -> path in `x` (one arbitrary destination per source).
 */
export function backwardRenames(
  repo: Repository,
  x: Manifest,
  base: Manifest,
): Map<ByteString, ByteString> {
  const out = new Map<ByteString, ByteString>();
  const forward = [...forwardCopies(repo, base, x)].sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [dest, src] of forward) if (!x.has(src)) out.set(src, dest);
  return out;
}
