/**
 * Reading file contents by manifest entry, and the copy source of a file revision, which
 * Mercurial records in filelog metadata (`copy`/`copyrev`) when a file is copied or renamed.
 */
import type { ByteString } from "./byte-string.ts";
import { CorruptionError } from "./errors.ts";
import type { CopySource } from "./filelog.ts";
import type { Repository } from "./repository.ts";

/** Content of `path` at hex file node `node` (metadata header stripped). */
export function fileContent(repo: Repository, path: ByteString, node: string): Uint8Array {
  const fl = repo.filelog(path);
  const rev = fl.rev(node);
  if (rev === undefined) {
    throw new CorruptionError(`unknown file node ${node} for ${JSON.stringify(path)}`);
  }
  return fl.content(rev);
}

/** Copy source recorded for `path` at file node `node`, if the revision is a copy. */
export function fileCopySource(
  repo: Repository,
  path: ByteString,
  node: string,
): CopySource | undefined {
  const fl = repo.filelog(path);
  const rev = fl.rev(node);
  return rev === undefined ? undefined : fl.copySource(rev);
}
