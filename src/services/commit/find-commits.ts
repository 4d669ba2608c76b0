/**
 * FindCommits: `git log` of a revision (or range, or every visible changeset with `all`;
 * the default branch when empty) with paths (followed across renames for a single path with
 * `follow`), dates, author, merges, first-parent, offset and limit; commits optionally carry
 * trailers, referencing refs and short statistics (never for merges). An unknown revision
 * answers NOT_FOUND with FindCommitsError.bad_object.
 */
import type { CommitService, FindCommitsRequest } from "../../gen/gitaly/commit_pb.ts";
import { FindCommitsErrorSchema } from "../../gen/gitaly/commit_pb.ts";
import { bytesToByteString } from "../../hg/byte-string.ts";
import type { Repository } from "../../hg/repository.ts";
import { commitLog, type LogSource } from "../../gitlab/commit-log.ts";
import { decoratedCommit } from "../../gitlab/decorated-commit.ts";
import { commitShortStats } from "../../gitlab/diff/changeset-stats.ts";
import type { GitLabRefs } from "../../gitlab/gitlab-refs.ts";
import { referencingRefs } from "../../gitlab/referenced-by.ts";
import { expressionWalk, UnknownRevisionError } from "../../gitlab/rev-list.ts";
import { openGitLabRepository, withGitLabState } from "../gitlab-access.ts";
import { Code, detail, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { commitBatches, window } from "./commit-batches.ts";
import { unixTime } from "./count-commits.ts";
import { requireValidRevision, withRevisionErrors } from "./history-errors.ts";

function notFound(revision: string): never {
  throw new RpcError(Code.NOT_FOUND, "commits not found", [
    detail(FindCommitsErrorSchema, {
      error: { case: "badObject", value: { badOid: new TextEncoder().encode(revision) } },
    }),
  ]);
}

/** The walk of the request, undefined when an empty revision meets a missing default. */
function logSource(
  repo: Repository,
  refs: GitLabRefs,
  req: FindCommitsRequest,
): LogSource | undefined {
  if (req.all) return "all";
  if (req.revision.length === 0) {
    try {
      return expressionWalk(repo, refs, "HEAD");
    } catch (err) {
      if (err instanceof UnknownRevisionError) return undefined;
      throw err;
    }
  }
  return withRevisionErrors(
    () => expressionWalk(repo, refs, bytesToByteString(req.revision)),
    (err) => notFound(err.revision),
  );
}

/** FindCommits handler. */
export function findCommitsHandlers(env: ServiceEnv): ServiceImpl<typeof CommitService> {
  return {
    async *findCommits(req) {
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      if (req.revision.length > 0) requireValidRevision(bytesToByteString(req.revision));
      if (req.offset < 0) throw new RpcError(Code.INVALID_ARGUMENT, "offset negative");
      const source: LogSource | undefined = withGitLabState(() => logSource(repo, refs, req));
      if (source === undefined) return;
      const revs = commitLog(repo, source, {
        paths: req.paths.map((p) => bytesToByteString(p)),
        follow: req.follow,
        skipMerges: req.skipMerges,
        after: unixTime(req.after),
        before: unixTime(req.before),
        author: req.author.length > 0 ? bytesToByteString(req.author) : undefined,
        firstParent: req.firstParent,
      });
      const referencedBy = referencingRefs(
        refs,
        req.includeReferencedBy.map((p) => bytesToByteString(p)),
      );
      const cl = repo.changelog;
      yield* commitBatches(window(revs, req.offset, req.limit), (rev) => {
        const cs = cl.read(rev);
        return decoratedCommit(cl, cs, {
          trailers: req.trailers,
          referencedBy,
          shortStats: req.includeShortstat && cs.p2 < 0 ? commitShortStats(repo, rev) : undefined,
        });
      });
    },
  };
}
