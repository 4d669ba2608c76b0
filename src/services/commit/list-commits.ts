/**
 * Commit listings: ListCommits (`git rev-list` arguments with `^`, `--not`, `--all`, `ALL`,
 * `--visible`; filters; orders NONE and TOPO are descending revision numbers, a topological
 * order, DATE sorts by changeset date; reverse; page token = last commit id), ListAllCommits
 * (every changeset, hidden ones included), FindAllCommits and CommitsByMessage.
 */
import {
  type CommitService,
  FindAllCommitsRequest_Order,
  ListCommitsRequest_Order,
} from "../../gen/gitaly/commit_pb.ts";
import { bytesToByteString } from "../../hg/byte-string.ts";
import { byDateDescending, commitLog, type LogSource } from "../../gitlab/commit-log.ts";
import { commitPage } from "../../gitlab/commit-pages.ts";
import { allRevs } from "../../gitlab/commit-walk.ts";
import { gitCommitOfRev } from "../../gitlab/git-commit.ts";
import { expressionWalk, revListWalk, UnknownRevisionError } from "../../gitlab/rev-list.ts";
import type { WalkSpec } from "../../gitlab/commit-walk.ts";
import type { Repository } from "../../hg/repository.ts";
import type { GitLabRefs } from "../../gitlab/gitlab-refs.ts";
import { openGitLabRepository, withGitLabState } from "../gitlab-access.ts";
import { openRequestRepository } from "../repository-access.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { commitBatches, window } from "./commit-batches.ts";
import { unixTime } from "./count-commits.ts";
import { requireValidRevision, withRevisionErrors } from "./history-errors.ts";

/** The walk of an optional revision (the default branch when empty), undefined if unknown. */
function optionalWalk(
  repo: Repository,
  refs: GitLabRefs,
  revision: string,
  fallback: string,
): WalkSpec | undefined {
  try {
    return expressionWalk(repo, refs, revision === "" ? fallback : revision);
  } catch (err) {
    if (err instanceof UnknownRevisionError) return undefined;
    throw err;
  }
}

/** The revisions given, without walking their ancestry (`--no-walk`). */
function noWalk(spec: WalkSpec): number[] {
  const excluded = new Set(spec.exclude ?? []);
  return spec.include.filter((r) => !excluded.has(r));
}

/** Listing handlers. */
export function listCommitsHandlers(env: ServiceEnv): ServiceImpl<typeof CommitService> {
  return {
    async *listCommits(req) {
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      if (req.revisions.length === 0) {
        throw new RpcError(Code.INVALID_ARGUMENT, "missing revisions");
      }
      const spec = withGitLabState(() =>
        withRevisionErrors(() => revListWalk(repo, refs, req.revisions))
      );
      const options = {
        firstParent: req.firstParent,
        maxParents: req.maxParents,
        after: unixTime(req.after),
        before: unixTime(req.before),
        author: req.author.length > 0 ? bytesToByteString(req.author) : undefined,
        messagePatterns: req.commitMessagePatterns.map((p) => bytesToByteString(p)),
        ignoreCase: req.ignoreCase,
      };
      let revs = commitLog(repo, req.disableWalk ? { only: noWalk(spec) } : spec, options);
      if (req.order === ListCommitsRequest_Order.DATE) revs = byDateDescending(repo, revs);
      if (req.reverse) revs = [...revs].reverse();
      const params = req.paginationParams;
      const page = commitPage(
        revs,
        (rev) => repo.changelog.node(rev),
        params?.pageToken ?? "",
        params?.limit ?? 0,
      );
      yield* commitBatches(page, (rev) => gitCommitOfRev(repo.changelog, rev));
    },

    async *listAllCommits(req) {
      const repo = await openRequestRepository(env, req.repository);
      const params = req.paginationParams;
      const page = commitPage(
        allRevs(repo.changelog.length, () => true),
        (rev) => repo.changelog.node(rev),
        params?.pageToken ?? "",
        params?.limit ?? 0,
      );
      yield* commitBatches(page, (rev) => gitCommitOfRev(repo.changelog, rev));
    },

    async *findAllCommits(req) {
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      const revision = bytesToByteString(req.revision);
      if (revision !== "") requireValidRevision(revision);
      const source: LogSource | undefined = revision === ""
        ? withGitLabState(() => revListWalk(repo, refs, ["--all"]))
        : withGitLabState(() => optionalWalk(repo, refs, revision, "HEAD"));
      if (source === undefined) return;
      let revs: Iterable<number> = commitLog(repo, source);
      if (req.order === FindAllCommitsRequest_Order.DATE) revs = byDateDescending(repo, revs);
      yield* commitBatches(
        window(revs, Math.max(0, req.skip), req.maxCount),
        (rev) => gitCommitOfRev(repo.changelog, rev),
      );
    },

    async *commitsByMessage(req) {
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      if (req.query === "") throw new RpcError(Code.INVALID_ARGUMENT, "empty Query");
      const revision = bytesToByteString(req.revision);
      if (revision !== "") requireValidRevision(revision);
      if (req.offset < 0) throw new RpcError(Code.INVALID_ARGUMENT, "offset negative");
      const source = withGitLabState(() => optionalWalk(repo, refs, revision, "HEAD"));
      if (source === undefined) return;
      const revs = commitLog(repo, source, {
        messagePatterns: [req.query],
        ignoreCase: true,
        paths: req.path.length > 0 ? [bytesToByteString(req.path)] : [],
      });
      yield* commitBatches(
        window(revs, req.offset, req.limit),
        (rev) => gitCommitOfRev(repo.changelog, rev),
      );
    },
  };
}
