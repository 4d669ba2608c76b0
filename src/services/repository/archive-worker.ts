/**
 * Worker entry point producing GetArchive streams: opens the repository snapshot, generates
 * the archive member by member and compresses it here, off the server's event loop, in
 * Gitaly-sized messages. The worker's own engine caches get small budgets: an archive reads
 * each file once, so caching buys little and memory stays flat whatever the tree size.
 */
import { archiveStream } from "../../gitlab/archive/archive-stream.ts";
import { rechunk } from "../../gitlab/archive/rechunk.ts";
import { CorruptionError } from "../../hg/errors.ts";
import { setManifestCacheBudget } from "../../hg/manifest.ts";
import { openRepository } from "../../hg/repository.ts";
import { setRevlogIndexCacheBudget } from "../../hg/revlog-index-cache.ts";
import { setRevlogTextCacheBudget } from "../../hg/revlog-text-cache.ts";
import { serveStreamTasks } from "../../workers/stream-worker-host.ts";
import { STREAM_CHUNK_SIZE } from "../data-chunks.ts";
import type { ArchiveTask } from "./archive-task.ts";

// No index kept: a cached index would also pin its last data block read (up to 1 MiB).
setRevlogIndexCacheBudget(0);
setRevlogTextCacheBudget(16 * 1024 * 1024);
setManifestCacheBudget(64 * 1024 * 1024);

serveStreamTasks<ArchiveTask>((task) => {
  const repo = openRepository(task.repositoryPath);
  const rev = repo.changelog.rev(task.node);
  if (rev === undefined || rev < 0) throw new CorruptionError(`unknown changeset ${task.node}`);
  const pieces = archiveStream(repo, rev, task.kind, task, { bzip2: task.bzip2 });
  return rechunk(pieces, STREAM_CHUNK_SIZE);
});
