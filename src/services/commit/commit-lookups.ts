/**
 * Commit lookups by id or name: ListCommitsByOid (unknown, ambiguous and non-hex oids are
 * skipped silently: clients probe with prefixes), ListCommitsByRefName (unresolved names are
 * skipped) and CommitIsAncestor (false when either side is unknown).
 */
import type { CommitService } from "../../gen/gitaly/commit_pb.ts";
import type { GitCommit } from "../../gen/gitaly/shared_pb.ts";
import { bytesToByteString, type ByteString } from "../../hg/byte-string.ts";
import { NULL_REV } from "../../hg/node.ts";
import { repoGraph } from "../../hg/repo-state.ts";
import type { Repository } from "../../hg/repository.ts";
import { walkRevs } from "../../gitlab/commit-walk.ts";
import { gitCommitOfRev } from "../../gitlab/git-commit.ts";
import { resolveRevision } from "../../gitlab/resolve-revision.ts";
import { openGitLabRepository, withGitLabState } from "../gitlab-access.ts";
import { openRequestRepository } from "../repository-access.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { batches } from "./commit-batches.ts";

const HEX = /^[0-9a-fA-F]{1,40}$/;

/** Revision of a full or abbreviated hex id, undefined if unknown, ambiguous or not hex. */
function oidRev(repo: Repository, oid: string): number | undefined {
  if (!HEX.test(oid)) return undefined;
  const hex = oid.toLowerCase();
  if (hex.length === 40) {
    const rev = repo.changelog.rev(hex);
    return rev !== undefined && rev < repo.changelog.length ? rev : undefined;
  }
  const rev = repo.changelog.lookupPrefix(hex);
  return typeof rev === "number" ? rev : undefined;
}

/** Whether `ancestor` is `child` or one of its ancestors (stops below `ancestor`). */
function isAncestor(repo: Repository, ancestor: number, child: number): boolean {
  if (ancestor === NULL_REV || ancestor === child) return true;
  if (child === NULL_REV || ancestor > child) return false;
  for (const rev of walkRevs(repoGraph(repo), { include: [child] })) {
    if (rev === ancestor) return true;
    if (rev < ancestor) return false;
  }
  return false;
}

/** ListCommitsByOid, ListCommitsByRefName and CommitIsAncestor handlers. */
export function commitLookupHandlers(env: ServiceEnv): ServiceImpl<typeof CommitService> {
  return {
    async *listCommitsByOid(req) {
      const repo = await openRequestRepository(env, req.repository);
      const revs = req.oid.map((oid) => oidRev(repo, oid)).filter((r) =>
        r !== undefined && r !== NULL_REV
      ) as number[];
      for (const batch of batches(revs)) {
        yield { commits: batch.map((rev) => gitCommitOfRev(repo.changelog, rev)) };
      }
    },

    async *listCommitsByRefName(req) {
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      const found: { refName: Uint8Array; commit: GitCommit }[] = [];
      for (const name of req.refNames) {
        const revision: ByteString = bytesToByteString(name);
        const rev = withGitLabState(() => resolveRevision(repo, revision, refs));
        if (rev === undefined || rev === NULL_REV) continue;
        found.push({ refName: name, commit: gitCommitOfRev(repo.changelog, rev) });
      }
      for (const batch of batches(found)) yield { commitRefs: batch };
    },

    async commitIsAncestor(req) {
      if (req.ancestorId === "") {
        throw new RpcError(Code.INVALID_ARGUMENT, "Bad Request (empty ancestor sha)");
      }
      if (req.childId === "") {
        throw new RpcError(Code.INVALID_ARGUMENT, "Bad Request (empty child sha)");
      }
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      const [ancestor, child] = withGitLabState(() => [
        resolveRevision(repo, req.ancestorId, refs),
        resolveRevision(repo, req.childId, refs),
      ]);
      if (ancestor === undefined || child === undefined) return { value: false };
      return { value: isAncestor(repo, ancestor, child) };
    },
  };
}
