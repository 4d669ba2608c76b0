/**
 * Commits of a file's history across renames (`git log --follow`), from Mercurial's copy
 * metadata: the changesets introducing each file revision of the ancestry of the file as of
 * the starting changeset.
 *
 * A filelog linkrev names the first changeset that introduced a file revision; after an
 * amend or rebase that changeset is hidden or off the walked history, so the introducing
 * changeset is searched among the walked ancestors instead (Mercurial's linkrev adjustment).
 */
import type { ByteString } from "../hg/byte-string.ts";
import { fileAncestry } from "../hg/file-ancestry.ts";
import type { Repository } from "../hg/repository.ts";
import { repoChangedFiles } from "./path-history.ts";

/**
 * Flags (1) of the changesets in `ancestors` (flags of the walked history) introducing a
 * revision of `path` as of changeset `start`, or of its copy sources. Undefined when `path`
 * is not a file of `start`.
 */
export function followedRevsMask(
  repo: Repository,
  start: number,
  path: ByteString,
  ancestors: Uint8Array,
): Uint8Array | undefined {
  const cl = repo.changelog;
  const entry = repo.manifest(cl.read(start).manifestNode).get(path);
  if (entry === undefined) return undefined;
  const mask = new Uint8Array(cl.length);
  const index = repoChangedFiles(repo);
  for (const fr of fileAncestry(repo, path, entry.node)) {
    if (fr.linkrev < cl.length && ancestors[fr.linkrev] === 1) {
      mask[fr.linkrev] = 1;
      continue;
    }
    const id = index.pathId(fr.path);
    const revs = id === undefined ? [] : index.revsOf(id);
    for (let i = revs.length - 1; i >= 0; i--) {
      const rev = revs[i];
      if (rev <= fr.linkrev) break;
      if (rev >= cl.length || ancestors[rev] !== 1) continue;
      if (repo.manifest(cl.read(rev).manifestNode).get(fr.path)?.node === fr.node) {
        mask[rev] = 1;
        break;
      }
    }
  }
  return mask;
}
