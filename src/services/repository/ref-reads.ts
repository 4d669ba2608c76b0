/** RepositoryService reads about GitLab refs and history: HasLocalBranches, FindMergeBase. */
import type { RepositoryService } from "../../gen/gitaly/repository_pb.ts";
import { bytesToByteString } from "../../hg/byte-string.ts";
import { repoGraph } from "../../hg/repo-state.ts";
import { mergeBase } from "../../gitlab/ancestry.ts";
import { resolveRevision } from "../../gitlab/resolve-revision.ts";
import { openGitLabRepository, withGitLabState } from "../gitlab-access.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";

/** HasLocalBranches and FindMergeBase. */
export function refReadHandlers(env: ServiceEnv): ServiceImpl<typeof RepositoryService> {
  return {
    async hasLocalBranches(req) {
      const { refs } = await openGitLabRepository(env, req.repository);
      return { value: refs.branches.size > 0 };
    },

    async findMergeBase(req) {
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      if (req.revisions.length < 2) {
        throw new RpcError(Code.INVALID_ARGUMENT, "at least 2 revisions are required");
      }
      const revs: number[] = [];
      for (const revision of req.revisions) {
        const rev = withGitLabState(() => resolveRevision(repo, bytesToByteString(revision), refs));
        // Like Gitaly: an unknown revision gives an empty answer, not an error.
        if (rev === undefined || rev < 0) return {};
        revs.push(rev);
      }
      const cl = repo.changelog;
      const base = mergeBase(repoGraph(repo), revs, (rev) => cl.node(rev));
      return base === undefined ? {} : { base: cl.node(base) };
    },
  };
}
