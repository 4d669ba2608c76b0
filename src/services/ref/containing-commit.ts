/**
 * ListBranchNamesContainingCommit and ListTagNamesContainingCommit: GitLab branches or tags
 * whose target is the given commit or one of its descendants, short names in name order.
 */
import type { RefService } from "../../gen/gitaly/ref_pb.ts";
import type { ByteString } from "../../hg/byte-string.ts";
import { repoGraph } from "../../hg/repo-state.ts";
import type { Repository } from "../../hg/repository.ts";
import { descendantsMask } from "../../gitlab/ancestry.ts";
import { openGitLabRepository } from "../gitlab-access.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { bytes, chunked, compareBytes, NAMES_PER_MESSAGE } from "./ref-support.ts";

/** Names of `refs` whose target contains `commitId`, sorted, at most `limit` (0: all). */
function containing(
  repo: Repository,
  refs: ReadonlyMap<ByteString, string>,
  commitId: string,
  limit: number,
): ByteString[] {
  if (!/^[0-9a-fA-F]{40}$/.test(commitId)) {
    throw new RpcError(Code.INVALID_ARGUMENT, `invalid commit ID: ${JSON.stringify(commitId)}`);
  }
  const rev = repo.changelog.rev(commitId.toLowerCase());
  if (rev === undefined || rev >= repo.changelog.length) return [];
  const mask = descendantsMask(repoGraph(repo), rev);
  const names = [...refs]
    .filter(([, node]) => {
      const target = repo.changelog.rev(node);
      return target !== undefined && target >= 0 && mask[target] === 1;
    })
    .map(([name]) => name)
    .sort(compareBytes);
  return limit > 0 ? names.slice(0, limit) : names;
}

/** Handlers listing refs that contain a commit. */
export function containingCommitHandlers(env: ServiceEnv): ServiceImpl<typeof RefService> {
  return {
    async *listBranchNamesContainingCommit(req) {
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      const names = containing(repo, refs.branches, req.commitId, req.limit);
      for (const chunk of chunked(names, NAMES_PER_MESSAGE)) {
        yield { branchNames: chunk.map(bytes) };
      }
    },

    async *listTagNamesContainingCommit(req) {
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      const names = containing(repo, refs.tags, req.commitId, req.limit);
      for (const chunk of chunked(names, NAMES_PER_MESSAGE)) yield { tagNames: chunk.map(bytes) };
    },
  };
}
