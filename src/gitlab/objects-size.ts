/**
 * ObjectsSize in Mercurial terms. Gitaly answers `git rev-list --disk-usage --objects`, the
 * on-disk size of the objects reachable from the revisions. Here the objects are revlog
 * entries: the changelog entries of the selected changesets, their manifest entries and the
 * filelog entries of the file revisions they reach (each counted once), measured as stored
 * (compressed, possibly as deltas, like objects in a Git pack). Trees are synthesised from
 * manifests and have no size of their own.
 */
import type { Repository } from "../hg/repository.ts";
import { reachableBlobs } from "./reachable-blobs.ts";

/** On-disk size of the revlog entries reachable from the selection (see selectRevisions). */
export function reachableObjectsSize(repo: Repository, selection: Uint8Array): number {
  const cl = repo.changelog;
  const manifests = new Set<number>();
  let size = 0;
  for (let rev = 0; rev < selection.length; rev++) {
    if (selection[rev] === 0) continue;
    size += cl.index.compressedLength(rev);
    const mrev = repo.manifestLog.rev(cl.read(rev).manifestNode);
    if (mrev !== undefined && mrev >= 0 && !manifests.has(mrev)) {
      manifests.add(mrev);
      size += repo.manifestLog.index.compressedLength(mrev);
    }
  }
  for (const blob of reachableBlobs(repo, selection)) {
    const fl = repo.filelog(blob.path);
    const rev = fl.rev(blob.fileNode);
    if (rev !== undefined && rev >= 0) size += fl.index.compressedLength(rev);
  }
  return size;
}
