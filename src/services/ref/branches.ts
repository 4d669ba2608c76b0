/**
 * RefService RPCs about GitLab branches: FindDefaultBranchName, FindLocalBranches,
 * FindAllBranches, FindBranch and FindAllRemoteBranches (Mercurial has no remote branches).
 */
import { FindLocalBranchesRequest_SortBy, type RefService } from "../../gen/gitaly/ref_pb.ts";
import type { ByteString } from "../../hg/byte-string.ts";
import { repoGraph } from "../../hg/repo-state.ts";
import { ancestorsMask } from "../../gitlab/ancestry.ts";
import { defaultBranchTarget } from "../../gitlab/gitlab-refs.ts";
import { gitBranch } from "../../gitlab/ref-messages.ts";
import { BRANCH_REF_PREFIX } from "../../gitlab/ref-names.ts";
import { refMatcher } from "../../gitlab/ref-patterns.ts";
import { openGitLabRepository } from "../gitlab-access.ts";
import { openRequestRepository } from "../repository-access.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import {
  bs,
  bytes,
  chunked,
  commitMemo,
  COMMITS_PER_MESSAGE,
  commitTime,
  compareBytes,
  paginate,
} from "./ref-support.ts";

/** Branches as [full ref name, hex node], sorted by name. */
function sortedBranches(branches: ReadonlyMap<ByteString, string>): [ByteString, string][] {
  return [...branches]
    .map(([name, node]): [ByteString, string] => [BRANCH_REF_PREFIX + name, node])
    .sort(([a], [b]) => compareBytes(a, b));
}

/** Branch RPC handlers. */
export function branchHandlers(env: ServiceEnv): ServiceImpl<typeof RefService> {
  return {
    async findDefaultBranchName(req) {
      const { refs } = await openGitLabRepository(env, req.repository);
      const name = refs.defaultBranch;
      if (name === undefined) return {};
      // head_only: what HEAD names, whether or not the branch exists.
      if (!req.headOnly && defaultBranchTarget(refs) === undefined) return {};
      return { name: bytes(BRANCH_REF_PREFIX + name) };
    },

    async *findLocalBranches(req) {
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      let branches = sortedBranches(refs.branches);
      if (req.sortBy !== FindLocalBranchesRequest_SortBy.NAME) {
        const times = new Map(branches.map(([, node]) => [node, commitTime(repo, node)]));
        const sign = req.sortBy === FindLocalBranchesRequest_SortBy.UPDATED_DESC ? -1 : 1;
        // Stable: equal dates keep name order, as with git's multi-key sort.
        branches.sort(([, a], [, b]) => sign * (times.get(a)! - times.get(b)!));
      }
      branches = paginate(
        branches,
        req.paginationParams,
        ([name], token) => name === token || name === BRANCH_REF_PREFIX + token,
      );
      const commit = commitMemo(repo);
      for (const chunk of chunked(branches, COMMITS_PER_MESSAGE)) {
        yield { localBranches: chunk.map(([name, node]) => gitBranch(name, commit(node))) };
      }
    },

    async *findAllBranches(req) {
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      let branches = sortedBranches(refs.branches);
      if (req.mergedOnly) {
        const target = defaultBranchTarget(refs);
        const targetRev = target === undefined ? undefined : repo.changelog.rev(target);
        if (targetRev === undefined) return;
        const merged = ancestorsMask(repoGraph(repo), targetRev);
        const wanted = refMatcher(req.mergedBranches.map(bs));
        branches = branches.filter(([name, node]) => {
          const rev = repo.changelog.rev(node);
          return wanted(name) && rev !== undefined && rev >= 0 && merged[rev] === 1;
        });
      }
      const commit = commitMemo(repo);
      for (const chunk of chunked(branches, COMMITS_PER_MESSAGE)) {
        yield {
          branches: chunk.map(([name, node]) => ({ name: bytes(name), target: commit(node) })),
        };
      }
    },

    async findBranch(req) {
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      let name = bs(req.name);
      if (name === "") throw new RpcError(Code.INVALID_ARGUMENT, "Branch name cannot be empty");
      if (name.startsWith(BRANCH_REF_PREFIX)) name = name.slice(BRANCH_REF_PREFIX.length);
      const node = refs.branches.get(name);
      if (node === undefined) return {};
      return { branch: gitBranch(name, commitMemo(repo)(node)) };
    },

    // deno-lint-ignore require-yield
    async *findAllRemoteBranches(req) {
      await openRequestRepository(env, req.repository);
      if (req.remoteName === "") throw new RpcError(Code.INVALID_ARGUMENT, "empty RemoteName");
      // No remote branches in Mercurial: nothing to stream.
    },
  };
}
