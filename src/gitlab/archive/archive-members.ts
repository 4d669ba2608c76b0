/**
 * The members of a changeset's archive, as Mercurial's archiver lists them for GitLab's
 * GetArchive: `.hg_archival.txt` first (whole-tree archives only), then the files of the
 * manifest in path order, restricted to `path` (a file or directory), minus `exclude`d files
 * and directories. Names are the prefix followed by the file path, relative to `path` when
 * `elidePath` is set (Gitaly's `git archive <commit>:<path>`).
 */
import { type ByteString, byteStringToBytes } from "../../hg/byte-string.ts";
import type { Repository } from "../../hg/repository.ts";
import { streamedFileContent } from "../../hg/streamed-file-content.ts";
import { directoryRange, lookupTreePath } from "../manifest-tree.ts";
import type { ArchiveMember } from "./archive-member.ts";
import { ARCHIVAL_METADATA_NAME, archivalMetadata } from "./archival-metadata.ts";

/** Which part of the tree goes into the archive. */
export interface ArchiveSelection {
  /** Member name prefix, already tidied (`""` or ending with `/`). */
  prefix: ByteString;
  /** File or directory to archive, without trailing slash; `""` for the whole tree. */
  path: ByteString;
  /** Files or directories left out (paths from the root). */
  exclude: readonly ByteString[];
  /** Name members relative to `path` instead of the root. */
  elidePath: boolean;
}

function excluded(path: ByteString, exclude: readonly ByteString[]): boolean {
  return exclude.some((e) => path === e || (path.startsWith(e) && path[e.length] === "/"));
}

/** Members of the archive of changeset `rev` for `selection`. */
export function* archiveMembers(
  repo: Repository,
  rev: number,
  selection: ArchiveSelection,
): Generator<ArchiveMember> {
  const { prefix, path, exclude, elidePath } = selection;
  const cs = repo.changelog.read(rev);
  const manifest = repo.manifest(cs.manifestNode);
  if (path === "") {
    const text = archivalMetadata(repo, rev);
    yield {
      name: byteStringToBytes(prefix + ARCHIVAL_METADATA_NAME),
      mode: 0o644,
      isLink: false,
      data: () => byteStringToBytes(text),
    };
  }
  const node = lookupTreePath(manifest, path);
  if (node === undefined) return;
  const [start, end] = node.kind === "blob"
    ? [node.index, node.index + 1]
    : directoryRange(manifest, path);
  // With elide_path, a directory's members are named relative to it, a file by its name.
  const cut = !elidePath || path === ""
    ? 0
    : node.kind === "tree"
    ? path.length + 1
    : path.lastIndexOf("/") + 1;
  for (let i = start; i < end; i++) {
    const file = manifest.path(i);
    if (excluded(file, exclude)) continue;
    const { node: fileNode, flags } = manifest.entry(i);
    yield {
      name: byteStringToBytes(prefix + file.slice(cut)),
      mode: flags === "x" ? 0o755 : 0o644,
      isLink: flags === "l",
      data: () => streamedFileContent(repo, file, fileNode),
    };
  }
}
