/**
 * Ancestry of a file revision across copies and renames: filelog parents, plus the copy
 * source recorded in the metadata of a revision with no first parent (what `hg log -f FILE`
 * follows).
 */
import type { ByteString } from "./byte-string.ts";
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

/** The file revision `node` of `path` and all its ancestors (copies followed). */
export function fileAncestry(repo: Repository, path: ByteString, node: string): FileRevision[] {
  const out: FileRevision[] = [];
  const seen = new Set<string>();
  const queue: [ByteString, number][] = [];
  const push = (p: ByteString, rev: number | undefined) => {
    if (rev === undefined || rev === NULL_REV) return;
    const key = `${p}\0${rev}`;
    if (seen.has(key)) return;
    seen.add(key);
    queue.push([p, rev]);
  };
  push(path, repo.filelog(path).rev(node));
  while (queue.length > 0) {
    const [p, rev] = queue.pop()!;
    const fl = repo.filelog(p);
    out.push({ path: p, node: fl.node(rev), linkrev: fl.linkrev(rev) });
    const [p1, p2] = fl.parents(rev);
    push(p, p1);
    push(p, p2);
    const copy = fl.copySource(rev);
    if (copy !== undefined) push(copy.path, repo.filelog(copy.path).rev(copy.node));
  }
  return out;
}
