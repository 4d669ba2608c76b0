/**
 * Ancestry of a file revision across copies and renames: filelog parents, plus the copy
 * source recorded in the metadata of a revision with no first parent (what `hg log -f FILE`
 * follows).
 */
import type { ByteString } from "./byte-string.ts";
import type { Filelog } from "./filelog.ts";
import { NULL_REV } from "./node.ts";
import type { Repository } from "./repository.ts";

/** One file revision of the ancestry. */
export interface FileRevision {
  /** Tracked path. */
  path: ByteString;
  /** Hex file node. */
  node: string;
  /** Changeset that first introduced this file revision (may be hidden or elsewhere). */
  linkrev: number;
}

/** A file revision met by walkFileAncestry. */
export interface FileAncestor {
  /** Tracked path. */
  path: ByteString;
  /** Revision in the path's filelog. */
  rev: number;
  /** The path's filelog. */
  filelog: Filelog;
}

/**
 * The file revision `node` of `path`, then its ancestors through filelog parents and copy
 * sources, each once, breadth first (nearest first: first parent, second parent, copy source).
 */
export function* walkFileAncestry(
  repo: Repository,
  path: ByteString,
  node: string,
): Generator<FileAncestor> {
  const seen = new Set<string>();
  const queue: [ByteString, number][] = [];
  const push = (p: ByteString, rev: number | undefined) => {
    if (rev === undefined || rev === NULL_REV) return;
    const key = `${rev}\0${p}`;
    if (seen.has(key)) return;
    seen.add(key);
    queue.push([p, rev]);
  };
  push(path, repo.filelog(path).rev(node));
  for (let i = 0; i < queue.length; i++) {
    const [p, rev] = queue[i];
    const filelog = repo.filelog(p);
    yield { path: p, rev, filelog };
    const [p1, p2] = filelog.parents(rev);
    push(p, p1);
    push(p, p2);
    const copy = filelog.copySource(rev);
    if (copy !== undefined) push(copy.path, repo.filelog(copy.path).rev(copy.node));
  }
}

/** The file revision `node` of `path` and all its ancestors (copies followed). */
export function fileAncestry(repo: Repository, path: ByteString, node: string): FileRevision[] {
  return Array.from(walkFileAncestry(repo, path, node), ({ path, rev, filelog }) => ({
    path,
    node: filelog.node(rev),
    linkrev: filelog.linkrev(rev),
  }));
}
