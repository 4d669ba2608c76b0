/**
 * CommitService.ListFiles: every file path of a revision (the default branch when empty),
 * streamed in messages of about 128 KiB of paths. An unknown revision answers nothing, as
 * HGitaly.
 */
import type { CommitService } from "../../gen/gitaly/commit_pb.ts";
import { bytesToByteString, byteStringToBytes } from "../../hg/byte-string.ts";
import { changesetTree } from "../../gitlab/changeset-objects.ts";
import { resolveRevision } from "../../gitlab/resolve-revision.ts";
import { STREAM_CHUNK_SIZE } from "../data-chunks.ts";
import { openGitLabRepository, withGitLabState } from "../gitlab-access.ts";
import type { ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";

/** ListFiles handler. */
export function listFilesHandlers(env: ServiceEnv): ServiceImpl<typeof CommitService> {
  return {
    async *listFiles(req) {
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      const revision = req.revision.length === 0 ? "HEAD" : bytesToByteString(req.revision);
      const rev = withGitLabState(() => resolveRevision(repo, revision, refs));
      const tree = rev === undefined ? undefined : changesetTree(repo, rev);
      if (tree === undefined) return;
      const { manifest } = tree;
      let paths: Uint8Array[] = [];
      let bytes = 0;
      for (let i = 0; i < manifest.size; i++) {
        const path = byteStringToBytes(manifest.path(i));
        paths.push(path);
        bytes += path.length;
        if (bytes >= STREAM_CHUNK_SIZE) {
          yield { paths };
          paths = [];
          bytes = 0;
        }
      }
      if (paths.length > 0) yield { paths };
    },
  };
}
