/**
 * Reading file contents for a walk over a whole tree (archives): each filelog is opened for
 * the read only, not kept by the repository object, and the text read is not put in the text
 * cache (each file is read once), so memory stays flat whatever the number of files walked.
 */
import { type ByteString, byteStringToUtf8 } from "./byte-string.ts";
import { CorruptionError } from "./errors.ts";
import { Filelog } from "./filelog.ts";
import type { Repository } from "./repository.ts";
import { filelogStorePaths } from "./store-path.ts";

/** Content of `path` at hex file node `node` (metadata stripped), via a transient filelog. */
export function streamedFileContent(
  repo: Repository,
  path: ByteString,
  node: string,
): Uint8Array {
  const rel = filelogStorePaths(path, repo.storeEncoding);
  const fl = new Filelog(
    path,
    `${repo.storeDir}/${byteStringToUtf8(rel.index)}`,
    `${repo.storeDir}/${byteStringToUtf8(rel.data)}`,
  );
  const rev = fl.rev(node);
  if (rev === undefined) {
    throw new CorruptionError(`unknown file node ${node} for ${JSON.stringify(path)}`);
  }
  return fl.content(rev, { cache: false });
}
