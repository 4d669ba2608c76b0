/**
 * File revisions a changeset introduces: its manifest entries whose file node differs from the
 * same path's entry in each parent's manifest. Every file revision of a history is introduced
 * by at least one changeset, so walking changesets this way lists each distinct content once
 * per path (Git's reachable blobs) without reading whole manifests of ordinary changesets:
 * a non-merge changeset's candidates are its recorded touched files.
 */
import type { ByteString } from "./byte-string.ts";
import type { ManifestEntry } from "./manifest.ts";
import { NULL_NODE, NULL_REV } from "./node.ts";
import type { Repository } from "./repository.ts";

/** A file revision introduced by a changeset. */
export interface IntroducedFile extends ManifestEntry {
  /** Tracked path. */
  path: ByteString;
}

/** The file revisions changeset `rev` introduces, in path order. */
export function introducedFiles(repo: Repository, rev: number): IntroducedFile[] {
  const cs = repo.changelog.read(rev);
  const manifest = repo.manifest(cs.manifestNode);
  const manifestOf = (r: number) =>
    repo.manifest(r === NULL_REV ? NULL_NODE : repo.changelog.read(r).manifestNode);
  const p1 = manifestOf(cs.p1);
  const out: IntroducedFile[] = [];
  if (cs.p2 === NULL_REV) {
    for (const path of cs.files) {
      const entry = manifest.get(path);
      if (entry === undefined || p1.get(path)?.node === entry.node) continue;
      out.push({ path, ...entry });
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
  // Merges may carry changes of either side without recording them: compare everything.
  const p2 = manifestOf(cs.p2);
  for (let i = 0; i < manifest.size; i++) {
    const path = manifest.path(i);
    const entry = manifest.entry(i);
    if (p1.get(path)?.node === entry.node || p2.get(path)?.node === entry.node) continue;
    out.push({ path, ...entry });
  }
  return out;
}
