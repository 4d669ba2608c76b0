/**
 * The two changesets of a left/right diff request (CommitDiff, CommitDelta, RawDiff, RawPatch,
 * DiffStats): empty ids are INVALID_ARGUMENT (`empty LeftCommitId`), Git's empty tree id means
 * the null changeset, and an unresolvable id answers the RPC's own error (HGitaly mirrors the
 * exit status of the failed git command).
 */
import type { Repository } from "../../hg/repository.ts";
import { NULL_REV } from "../../hg/node.ts";
import { resolveRevision } from "../../gitlab/resolve-revision.ts";
import { openGitLabRepository, withGitLabState } from "../gitlab-access.ts";
import type { RepositoryRef } from "../repository-access.ts";
import { Code, RpcError } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";

/** Git's empty tree id, accepted as the null changeset on either side. */
export const EMPTY_TREE_OID = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

/** A left/right request. */
export interface LeftRightRequest {
  repository?: RepositoryRef;
  leftCommitId: string;
  rightCommitId: string;
}

/** The opened repository and the resolved sides. */
export interface DiffSides {
  repo: Repository;
  fromRev: number;
  toRev: number;
}

/** Validates, opens and resolves; `unresolved` is thrown when a side is unknown. */
export async function openDiffSides(
  env: ServiceEnv,
  req: LeftRightRequest,
  unresolved: () => RpcError,
): Promise<DiffSides> {
  if (req.repository) {
    if (req.leftCommitId === "") throw new RpcError(Code.INVALID_ARGUMENT, "empty LeftCommitId");
    if (req.rightCommitId === "") {
      throw new RpcError(Code.INVALID_ARGUMENT, "empty RightCommitId");
    }
  }
  const { repo, refs } = await openGitLabRepository(env, req.repository);
  const resolve = (id: string) =>
    id === EMPTY_TREE_OID ? NULL_REV : withGitLabState(() => resolveRevision(repo, id, refs));
  const fromRev = resolve(req.leftCommitId);
  const toRev = resolve(req.rightCommitId);
  if (fromRev === undefined || toRev === undefined) throw unresolved();
  return { repo, fromRev, toRev };
}
