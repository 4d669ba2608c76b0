/**
 * Opening a request's repository together with its GitLab refs, with the error mapping of
 * GitLab state problems: a malformed state file answers INTERNAL `GitLab state file error`.
 */
import type { Repository } from "../hg/repository.ts";
import { type GitLabRefs, loadGitLabRefs } from "../gitlab/gitlab-refs.ts";
import { GitLabStateError } from "../gitlab/state-file-error.ts";
import { openRequestRepository, type RepositoryRef } from "./repository-access.ts";
import { Code, RpcError } from "./rpc.ts";
import type { ServiceEnv } from "./service-env.ts";

/** A repository snapshot and the refs GitLab sees in it. */
export interface GitLabRepository {
  /** The repository snapshot. */
  readonly repo: Repository;
  /** Its GitLab refs. */
  readonly refs: GitLabRefs;
}

/** Runs `f`, turning a GitLabStateError into INTERNAL `GitLab state file error: ...`. */
export function withGitLabState<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof GitLabStateError) {
      throw new RpcError(Code.INTERNAL, `GitLab state file error: ${err.message}`);
    }
    throw err;
  }
}

/** Opens the request's repository and loads its GitLab refs. */
export async function openGitLabRepository(
  env: ServiceEnv,
  repository: RepositoryRef | undefined,
): Promise<GitLabRepository> {
  const repo = await openRequestRepository(env, repository);
  return { repo, refs: withGitLabState(() => loadGitLabRefs(repo)) };
}
