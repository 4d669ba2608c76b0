/**
 * Changed paths between two changesets as FindChangedPaths reports them (HGitaly's rules on
 * Mercurial copy metadata), in path order:
 *
 * - a rename is RENAMED (new path, `old_path` the source) with `find_renames`, otherwise a
 *   DELETED source and an ADDED destination;
 * - a copy whose source stays is COPIED (old mode and blob of the source) in both cases; a
 *   further copy of a renamed source is COPIED with `find_renames`, ADDED without;
 * - a change between symlink and regular file is TYPE_CHANGE (HGitaly says MODIFIED, Git
 *   says T);
 * - missing sides have mode 0 and ZERO_SHA as blob id; blob ids are Heptapod's.
 *
 * With a base directory (tree comparisons), only paths below it are compared and reported
 * relative to it.
 */
import type { ByteString } from "../../hg/byte-string.ts";
import { NULL_NODE } from "../../hg/node.ts";
import type { Repository } from "../../hg/repository.ts";
import { blobOid } from "../object-id.ts";
import { modeOfFlags } from "../object-mode.ts";
import { changesetPairs, type FileSide, isTypeChange } from "./file-pairs.ts";

/** Kinds of change (names of ChangedPaths.Status). */
export type ChangeStatus =
  | "ADDED"
  | "MODIFIED"
  | "DELETED"
  | "TYPE_CHANGE"
  | "COPIED"
  | "RENAMED";

/** One changed path. */
export interface ChangedPath {
  path: ByteString;
  status: ChangeStatus;
  oldMode: number;
  newMode: number;
  oldBlobId: string;
  newBlobId: string;
  /** Source of a rename or copy, else empty. */
  oldPath: ByteString;
}

/** Options of changedPaths. */
export interface ChangedPathsOptions {
  findRenames: boolean;
  /** Directory the comparison is restricted to (tree requests); "" or absent: root. */
  basePath?: ByteString;
}

/** Lists the paths changed from `fromRev` to `toRev`. */
export function changedPaths(
  repo: Repository,
  fromRev: number,
  toRev: number,
  opts: ChangedPathsOptions,
): ChangedPath[] {
  const base = opts.basePath ?? "";
  const trim = base === "" ? 0 : base.length + 1;
  const fromNode = repo.changelog.node(fromRev);
  const toNode = repo.changelog.node(toRev);
  const toManifest = repo.manifest(repo.changelog.read(toRev).manifestNode);
  const rel = (p: ByteString) => p.slice(trim);
  const side = (s: FileSide | undefined, node: string) =>
    s
      ? { mode: modeOfFlags(s.entry.flags), id: blobOid(node, s.path) }
      : { mode: 0, id: NULL_NODE };
  const entry = (
    status: ChangeStatus,
    old: FileSide | undefined,
    now: FileSide | undefined,
  ): ChangedPath => {
    const o = side(old, fromNode);
    const n = side(now, toNode);
    const copied = status === "RENAMED" || status === "COPIED";
    return {
      path: rel((now ?? old)!.path),
      status,
      oldMode: o.mode,
      newMode: n.mode,
      oldBlobId: o.id,
      newBlobId: n.id,
      oldPath: copied ? rel(old!.path) : "",
    };
  };
  const out: ChangedPath[] = [];
  const pairs = changesetPairs(repo, fromRev, toRev, {
    paths: base === "" ? undefined : [base],
  });
  for (const p of pairs) {
    switch (p.status) {
      case "added":
        out.push(entry("ADDED", undefined, p.new));
        break;
      case "deleted":
        out.push(entry("DELETED", p.old, undefined));
        break;
      case "modified":
        out.push(
          entry(
            isTypeChange(p.old!.entry, p.new!.entry) ? "TYPE_CHANGE" : "MODIFIED",
            p.old,
            p.new,
          ),
        );
        break;
      case "renamed":
        if (opts.findRenames) out.push(entry("RENAMED", p.old, p.new));
        else out.push(entry("DELETED", p.old, undefined), entry("ADDED", undefined, p.new));
        break;
      case "copied": {
        const sourceGone = !toManifest.has(p.old!.path);
        if (sourceGone && !opts.findRenames) out.push(entry("ADDED", undefined, p.new));
        else out.push(entry("COPIED", p.old, p.new));
        break;
      }
    }
  }
  return out.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}
