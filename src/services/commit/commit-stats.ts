/**
 * CommitStats: added and deleted lines of a commit against its first parent (merges too),
 * binary files not counted. An unknown revision answers INTERNAL `object not found`, as
 * HGitaly does.
 */
import type { CommitService } from "../../gen/gitaly/commit_pb.ts";
import { bytesToByteString } from "../../hg/byte-string.ts";
import { NULL_REV } from "../../hg/node.ts";
import { commitShortStats } from "../../gitlab/diff/changeset-stats.ts";
import { resolveRevision } from "../../gitlab/resolve-revision.ts";
import { openGitLabRepository, withGitLabState } from "../gitlab-access.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { validateRevision } from "./history-errors.ts";

/** CommitStats handler. */
export function commitStatsHandlers(env: ServiceEnv): ServiceImpl<typeof CommitService> {
  return {
    async commitStats(req) {
      const revision = bytesToByteString(req.revision);
      if (req.repository) validateRevision(revision);
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      const rev = withGitLabState(() => resolveRevision(repo, revision, refs));
      if (rev === undefined || rev === NULL_REV) {
        throw new RpcError(Code.INTERNAL, "failed to get commit stats: object not found.");
      }
      const stats = commitShortStats(repo, rev);
      return {
        oid: repo.changelog.node(rev),
        additions: stats.additions,
        deletions: stats.deletions,
      };
    },
  };
}
