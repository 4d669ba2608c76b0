/**
 * LastCommitForPath (latest commit touching a file or directory, the commit itself for the
 * root) and ListLastCommitsForTree (the same for each entry of a directory, paginated).
 * Paths are taken literally (no Git pathspec magic). An unknown revision answers INTERNAL,
 * like Gitaly's failing `git log`.
 */
import type { CommitService } from "../../gen/gitaly/commit_pb.ts";
import { bytesToByteString, byteStringToBytes } from "../../hg/byte-string.ts";
import { NULL_REV } from "../../hg/node.ts";
import type { Repository } from "../../hg/repository.ts";
import { gitCommitOfRev } from "../../gitlab/git-commit.ts";
import type { GitLabRefs } from "../../gitlab/gitlab-refs.ts";
import { resolveRevision } from "../../gitlab/resolve-revision.ts";
import {
  directoryEntries,
  lastCommitForPath,
  lastCommitsForEntries,
} from "../../gitlab/tree-last-commits.ts";
import { openGitLabRepository, withGitLabState } from "../gitlab-access.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { batches } from "./commit-batches.ts";
import { requireValidRevision } from "./history-errors.ts";

function resolveStart(
  repo: Repository,
  refs: GitLabRefs,
  revision: string,
  message: string,
): number {
  const rev = withGitLabState(() => resolveRevision(repo, revision, refs));
  if (rev === undefined || rev === NULL_REV) throw new RpcError(Code.INTERNAL, message);
  return rev;
}

/** LastCommitForPath and ListLastCommitsForTree handlers. */
export function lastCommitHandlers(env: ServiceEnv): ServiceImpl<typeof CommitService> {
  return {
    async lastCommitForPath(req) {
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      const revision = bytesToByteString(req.revision);
      requireValidRevision(revision);
      const start = resolveStart(
        repo,
        refs,
        revision,
        "logging last commit for path: exit status 128",
      );
      const rev = lastCommitForPath(repo, start, bytesToByteString(req.path));
      return rev === undefined ? {} : { commit: gitCommitOfRev(repo.changelog, rev) };
    },

    async *listLastCommitsForTree(req) {
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      requireValidRevision(req.revision);
      if (req.offset < 0) throw new RpcError(Code.INVALID_ARGUMENT, "offset negative");
      if (req.limit < 0) throw new RpcError(Code.INVALID_ARGUMENT, "limit negative");
      const start = resolveStart(repo, refs, req.revision, "exit status 128");
      const entries = directoryEntries(repo, start, bytesToByteString(req.path))
        .slice(req.offset, req.offset + req.limit);
      const revs = lastCommitsForEntries(repo, start, entries);
      const found = entries.flatMap((e, i) => {
        const rev = revs[i];
        return rev === undefined ? [] : [{ path: e.path, rev }];
      });
      for (const batch of batches(found)) {
        yield {
          commits: batch.map(({ path, rev }) => ({
            commit: gitCommitOfRev(repo.changelog, rev),
            pathBytes: byteStringToBytes(path),
          })),
        };
      }
    },
  };
}
