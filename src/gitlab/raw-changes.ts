/**
 * GetRawChanges in Mercurial terms: `git diff --raw <from> <to>` between two changesets'
 * manifests, with Git's default rename detection replaced by Mercurial's copy records: a file
 * added in `to` whose filelog history starts as a copy of a file of `from` that `to` no longer
 * has is a rename (copies of files that remain are plain additions, as Git reports them
 * without `-C`); symmetrically, when `to` is the older side, a removed file copied from a
 * file that reappears is a rename. A change between symlink and regular file is a type change; an executable
 * bit change is a modification. Changes come in path order (renames at their new path).
 *
 * The similarity score of a rename (`R<score>`) is estimated from lines rather than Git's
 * byte chunks: the share of the larger side's lines left unchanged.
 */
import type { ByteString } from "../hg/byte-string.ts";
import { fileContent } from "../hg/file-content.ts";
import type { Manifest, ManifestEntry } from "../hg/manifest.ts";
import { diffManifests, type ManifestChange } from "../hg/manifest-diff.ts";
import { NULL_REV } from "../hg/node.ts";
import type { Repository } from "../hg/repository.ts";
import { countChanges } from "./diff/line-diff.ts";
import { lineCount } from "./diff/line-ids.ts";
import { blobOid } from "./object-id.ts";
import { modeOfFlags } from "./object-mode.ts";

/** Kind of change, as Gitaly's RawChange.Operation numbers them. */
export type RawOperation = "ADDED" | "DELETED" | "MODIFIED" | "RENAMED" | "TYPE_CHANGED";

/** One changed file. */
export interface RawChange {
  operation: RawOperation;
  /** Git's status letter, with the score for renames (e.g. `R086`). */
  rawOperation: string;
  /** Oid of the new blob, or the old one for a deletion. */
  blobId: string;
  /** Size of that blob. */
  size: number;
  oldMode: number;
  newMode: number;
  /** Absent for deletions. */
  newPath?: ByteString;
  /** Absent for additions. */
  oldPath?: ByteString;
}

/** A side of the comparison: a changeset node and its manifest. */
export interface RawChangesSide {
  node: string;
  manifest: Manifest;
}

function fileSize(repo: Repository, path: ByteString, entry: ManifestEntry): number {
  const fl = repo.filelog(path);
  const rev = fl.rev(entry.node);
  return rev === undefined ? 0 : fl.size(rev);
}

/**
 * The path of `before` that `path` at file node `node` descends from through copies (each hop
 * is the copy that started a file's history), if any within a few hops.
 */
function copyOrigin(
  repo: Repository,
  before: Manifest,
  path: ByteString,
  node: string,
): ByteString | undefined {
  let current = { path, node };
  for (let hop = 0; hop < 16; hop++) {
    const fl = repo.filelog(current.path);
    let rev = fl.rev(current.node);
    if (rev === undefined) return undefined;
    for (let p = fl.parents(rev)[0]; p !== NULL_REV; p = fl.parents(rev)[0]) rev = p;
    const src = fl.copySource(rev);
    if (src === undefined) return undefined;
    if (before.has(src.path)) return src.path;
    current = src;
  }
  return undefined;
}

function renameScore(
  repo: Repository,
  from: ByteString,
  a: ManifestEntry,
  to: ByteString,
  b: ManifestEntry,
): string {
  if (a.node === b.node) return "100";
  const oldText = fileContent(repo, from, a.node);
  const newText = fileContent(repo, to, b.node);
  const total = Math.max(lineCount(oldText), lineCount(newText));
  if (total === 0) return "100";
  const kept = lineCount(oldText) - countChanges(oldText, newText).deletions;
  return String(Math.floor((kept * 100) / total)).padStart(3, "0");
}

/** The raw changes from `from` (undefined: the empty tree) to `to`. */
export function rawChanges(
  repo: Repository,
  from: RawChangesSide | undefined,
  to: RawChangesSide,
): RawChange[] {
  const before = from?.manifest;
  const list: ManifestChange[] = before
    ? diffManifests(before, to.manifest)
    : [...to.manifest.entries()].map(([path, entry]) => ({ path, new: entry }));
  // Renames: added paths whose history starts as a copy of a path removed meanwhile.
  const renamedFrom = new Map<ByteString, ByteString>();
  const renamedSources = new Set<ByteString>();
  if (before) {
    const added = new Set(list.filter((c) => c.new && !c.old).map((c) => c.path));
    const pair = (src: ByteString, dst: ByteString) => {
      if (renamedSources.has(src) || renamedFrom.has(dst)) return;
      renamedFrom.set(dst, src);
      renamedSources.add(src);
    };
    for (const c of list) {
      if (c.new && !c.old) {
        // Forward: the new file was copied from one that is gone.
        const src = copyOrigin(repo, before, c.path, c.new.node);
        if (src !== undefined && !to.manifest.has(src)) pair(src, c.path);
      } else if (c.old && !c.new) {
        // Backward (`to` is older): the removed file was copied from one that reappears.
        const dst = copyOrigin(repo, to.manifest, c.path, c.old.node);
        if (dst !== undefined && added.has(dst)) pair(c.path, dst);
      }
    }
  }
  const out: RawChange[] = [];
  for (const c of list) {
    if (c.old && !c.new && renamedSources.has(c.path)) continue;
    const src = renamedFrom.get(c.path);
    if (c.new && src !== undefined && before) {
      const old = before.get(src)!;
      const score = renameScore(repo, src, old, c.path, c.new);
      out.push({
        operation: "RENAMED",
        rawOperation: `R${score}`,
        blobId: blobOid(to.node, c.path),
        size: fileSize(repo, c.path, c.new),
        oldMode: modeOfFlags(old.flags),
        newMode: modeOfFlags(c.new.flags),
        newPath: c.path,
        oldPath: src,
      });
    } else if (c.new && !c.old) {
      out.push({
        operation: "ADDED",
        rawOperation: "A",
        blobId: blobOid(to.node, c.path),
        size: fileSize(repo, c.path, c.new),
        oldMode: 0,
        newMode: modeOfFlags(c.new.flags),
        newPath: c.path,
      });
    } else if (c.old && !c.new) {
      out.push({
        operation: "DELETED",
        rawOperation: "D",
        blobId: blobOid(from!.node, c.path),
        size: fileSize(repo, c.path, c.old),
        oldMode: modeOfFlags(c.old.flags),
        newMode: 0,
        oldPath: c.path,
      });
    } else if (c.old && c.new) {
      const typeChange = (c.old.flags === "l") !== (c.new.flags === "l");
      out.push({
        operation: typeChange ? "TYPE_CHANGED" : "MODIFIED",
        rawOperation: typeChange ? "T" : "M",
        blobId: blobOid(to.node, c.path),
        size: fileSize(repo, c.path, c.new),
        oldMode: modeOfFlags(c.old.flags),
        newMode: modeOfFlags(c.new.flags),
        newPath: c.path,
        oldPath: c.path,
      });
    }
  }
  return out;
}
