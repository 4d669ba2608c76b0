/**
 * RefService RPCs about GitLab branches: FindDefaultBranchName, FindLocalBranches,
 * FindAllBranches, FindBranch and FindAllRemoteBranches (Mercurial has no remote branches).
 */
import {
  type FindAllBranchesResponseSchema,
  FindLocalBranchesRequest_SortBy,
  type RefService,
} from "../../gen/gitaly/ref_pb.ts";
import type { ByteString } from "../../hg/byte-string.ts";
import { repoGraph } from "../../hg/repo-state.ts";
import { LruCache } from "../../hg/lru-cache.ts";
import type { Repository } from "../../hg/repository.ts";
import type { RevlogIndex } from "../../hg/revlog-index.ts";
import { ancestorsMask } from "../../gitlab/ancestry.ts";
import { defaultBranchTarget } from "../../gitlab/gitlab-refs.ts";
import { gitBranch } from "../../gitlab/ref-messages.ts";
import { BRANCH_REF_PREFIX } from "../../gitlab/ref-names.ts";
import { refMatcher } from "../../gitlab/ref-patterns.ts";
import { openGitLabRepository } from "../gitlab-access.ts";
import { openRequestRepository } from "../repository-access.ts";
import type { EncodedMessage } from "../encoded-message.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { findAllBranchesMessages } from "./encoded-refs.ts";
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

type AllBranchesMessages = EncodedMessage<typeof FindAllBranchesResponseSchema>[];

interface AllBranchesEntry {
  branches: ReadonlyMap<ByteString, string>;
  index: RevlogIndex;
  messages: AllBranchesMessages;
}

/** Memory budget (bytes) of the cached FindAllBranches answers. */
const ALL_BRANCHES_BUDGET = 64 * 1024 * 1024;

/**
 * Encoded FindAllBranches answers by repository, with the branches map and changelog snapshot
 * they were built from. The maps are shared, immutable and replaced whenever the branches
 * change (see gitlab-refs.ts), and commits are content-addressed: an answer is reused while
 * the map and the changelog index are the same objects, i.e. until a state file, the
 * repository state or the changelog changes.
 */
const allBranchesCache = new LruCache<string, AllBranchesEntry>(
  ALL_BRANCHES_BUDGET,
  (e) => e.messages.reduce((sum, m) => sum + m.bytes.length + 64, 256),
  ALL_BRANCHES_BUDGET / 8,
);

/** The FindAllBranches answer listing every branch of `branches`. */
function allBranchesMessages(
  repo: Repository,
  branches: ReadonlyMap<ByteString, string>,
): AllBranchesMessages {
  const index = repo.changelog.index;
  const hit = allBranchesCache.get(repo.hgDir);
  if (hit !== undefined && hit.branches === branches && hit.index === index) return hit.messages;
  const messages = findAllBranchesMessages(repo, sortedBranches(branches));
  allBranchesCache.set(repo.hgDir, { branches, index, messages });
  return messages;
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
      if (!req.mergedOnly) {
        yield* allBranchesMessages(repo, refs.branches);
        return;
      }
      const target = defaultBranchTarget(refs);
      const targetRev = target === undefined ? undefined : repo.changelog.rev(target);
      if (targetRev === undefined) return;
      const merged = ancestorsMask(repoGraph(repo), targetRev);
      const wanted = refMatcher(req.mergedBranches.map(bs));
      const branches = sortedBranches(refs.branches).filter(([name, node]) => {
        const rev = repo.changelog.rev(node);
        return wanted(name) && rev !== undefined && rev >= 0 && merged[rev] === 1;
      });
      yield* findAllBranchesMessages(repo, branches);
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
