/**
 * CountCommits (a revision or range, or all visible changesets, with path, date, first-parent
 * and max-count limits) and CountDivergingCommits (commits on either side of `from...to`).
 * Unknown revisions count zero, as with Gitaly.
 */
import type { CommitService, CountCommitsRequest } from "../../gen/gitaly/commit_pb.ts";
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import { bytesToByteString } from "../../hg/byte-string.ts";
import { repoGraph, repoHidden } from "../../hg/repo-state.ts";
import type { Repository } from "../../hg/repository.ts";
import { commitFilter } from "../../gitlab/commit-filters.ts";
import { allRevs, walkRevs } from "../../gitlab/commit-walk.ts";
import type { GitLabRefs } from "../../gitlab/gitlab-refs.ts";
import { touchedRevsMask } from "../../gitlab/path-history.ts";
import { resolveRevision } from "../../gitlab/resolve-revision.ts";
import { expressionWalk, UnknownRevisionError } from "../../gitlab/rev-list.ts";
import { openGitLabRepository, withGitLabState } from "../gitlab-access.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { requireValidRevision } from "./history-errors.ts";

/** Unix seconds of an optional timestamp. */
export function unixTime(ts: Timestamp | undefined): number | undefined {
  return ts === undefined ? undefined : Number(ts.seconds);
}

/** The revisions CountCommits counts, or undefined when a revision is unknown. */
function countedRevs(
  repo: Repository,
  refs: GitLabRefs,
  req: CountCommitsRequest,
): Iterable<number> | undefined {
  const graph = repoGraph(repo);
  const keep = commitFilter(graph, (rev) => repo.changelog.read(rev), {
    after: unixTime(req.after),
    before: unixTime(req.before),
    touched: req.path.length > 0 ? touchedRevsMask(repo, [bytesToByteString(req.path)]) : undefined,
  });
  if (req.all) {
    const hidden = repoHidden(repo);
    return allRevs(repo.changelog.length, (rev) => !hidden.has(rev) && keep(rev));
  }
  try {
    const spec = expressionWalk(repo, refs, bytesToByteString(req.revision));
    return filtered(walkRevs(graph, { ...spec, firstParent: req.firstParent }), keep);
  } catch (err) {
    if (err instanceof UnknownRevisionError) return undefined;
    throw err;
  }
}

function* filtered(revs: Iterable<number>, keep: (rev: number) => boolean): Generator<number> {
  for (const rev of revs) if (keep(rev)) yield rev;
}

function count(revs: Iterable<number>, max: number): number {
  let n = 0;
  for (const _ of revs) if (++n === max) break;
  return n;
}

/** CountCommits and CountDivergingCommits handlers. */
export function countCommitsHandlers(env: ServiceEnv): ServiceImpl<typeof CommitService> {
  return {
    async countCommits(req) {
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      if (!req.all) {
        if (req.revision.length === 0) {
          throw new RpcError(Code.INVALID_ARGUMENT, "empty Revision and false All");
        }
        requireValidRevision(bytesToByteString(req.revision));
      }
      const revs = withGitLabState(() => countedRevs(repo, refs, req));
      return { count: revs === undefined ? 0 : count(revs, req.maxCount) };
    },

    async countDivergingCommits(req) {
      if (req.from.length === 0 || req.to.length === 0) {
        throw new RpcError(Code.INVALID_ARGUMENT, "from and to must be set");
      }
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      const [from, to] = withGitLabState(() => [
        resolveRevision(repo, bytesToByteString(req.from), refs),
        resolveRevision(repo, bytesToByteString(req.to), refs),
      ]);
      if (from === undefined || to === undefined) return { leftCount: 0, rightCount: 0 };
      const graph = repoGraph(repo);
      const left = walkRevs(graph, { include: [from], exclude: [to] });
      const right = walkRevs(graph, { include: [to], exclude: [from] });
      if (req.maxCount <= 0) return { leftCount: count(left, 0), rightCount: count(right, 0) };
      // Like `rev-list --left-right --max-count`: the first commits of the merged walk.
      let leftCount = 0, rightCount = 0;
      let l = left.next(), r = right.next();
      while (leftCount + rightCount < req.maxCount && !(l.done && r.done)) {
        if (r.done || (!l.done && l.value > r.value)) {
          leftCount++;
          l = left.next();
        } else {
          rightCount++;
          r = right.next();
        }
      }
      return { leftCount, rightCount };
    },
  };
}
