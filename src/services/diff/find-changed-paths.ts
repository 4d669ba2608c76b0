/**
 * FindChangedPaths: changed paths of commits (against their parents, or given parents) and of
 * tree pairs, one comparison after the other without merging results (as Gitaly's
 * `git diff-tree --stdin`). Merge commits are compared with each parent, except in
 * ALL_PARENTS mode (`-c`): only paths changed against every parent, one entry per parent.
 * A root commit is compared with the null changeset (HGitaly). Trees are Heptapod tree ids
 * (`<changeset>_<base64 dir>`) of the same directory, or revisions (their root tree).
 */
import {
  ChangedPaths_Status,
  type DiffService,
  FindChangedPathsRequest_MergeCommitDiffMode as MergeMode,
  type FindChangedPathsRequest_Request,
} from "../../gen/gitaly/diff_pb.ts";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { ChangedPathsSchema } from "../../gen/gitaly/diff_pb.ts";
import { byteStringToBytes } from "../../hg/byte-string.ts";
import { NULL_REV } from "../../hg/node.ts";
import type { Repository } from "../../hg/repository.ts";
import { type ChangedPath, changedPaths } from "../../gitlab/diff/changed-paths.ts";
import type { GitLabRefs } from "../../gitlab/gitlab-refs.ts";
import { decodeObjectId, ObjectIdError } from "../../gitlab/object-id.ts";
import { resolveRevision } from "../../gitlab/resolve-revision.ts";
import { openGitLabRepository, withGitLabState } from "../gitlab-access.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { EMPTY_TREE_OID } from "./diff-sides.ts";
import { TimeSlicer } from "./time-slicer.ts";

type PathInit = MessageInitShape<typeof ChangedPathsSchema>;

/** Paths per response message. */
const PATHS_PER_MESSAGE = 1000;

function message(c: ChangedPath): PathInit {
  return {
    path: byteStringToBytes(c.path),
    status: ChangedPaths_Status[c.status],
    oldMode: c.oldMode,
    newMode: c.newMode,
    oldBlobId: c.oldBlobId,
    newBlobId: c.newBlobId,
    oldPath: byteStringToBytes(c.oldPath),
  };
}

/** One planned comparison. */
interface Comparison {
  fromRevs: number[];
  toRev: number;
  basePath?: string;
}

function resolver(repo: Repository, refs: GitLabRefs) {
  return (revision: string, what: string): number => {
    if (revision === "") throw new RpcError(Code.INVALID_ARGUMENT, "revision cannot be empty");
    const rev = revision === EMPTY_TREE_OID
      ? NULL_REV
      : withGitLabState(() => resolveRevision(repo, revision, refs));
    if (rev === undefined) {
      throw new RpcError(
        Code.NOT_FOUND,
        `resolving ${what}: revision can not be found: ${JSON.stringify(revision)}`,
      );
    }
    return rev;
  };
}

/** A tree revision: a Heptapod tree id, or a revision standing for its root tree. */
function resolveTree(
  repo: Repository,
  resolve: ReturnType<typeof resolver>,
  revision: string,
  what: string,
): { rev: number; path: string } {
  if (revision.includes("_")) {
    try {
      const { node, path } = decodeObjectId(revision);
      const rev = repo.changelog.rev(node);
      if (rev !== undefined && rev < repo.changelog.length) {
        return { rev, path: (path ?? "").replace(/\/+$/, "") };
      }
    } catch (err) {
      if (!(err instanceof ObjectIdError)) throw err;
    }
  }
  return { rev: resolve(revision, what), path: "" };
}

function plan(
  repo: Repository,
  refs: GitLabRefs,
  requests: FindChangedPathsRequest_Request[],
): Comparison[] {
  const resolve = resolver(repo, refs);
  return requests.map((r): Comparison => {
    if (r.type.case === "treeRequest") {
      const left = resolveTree(repo, resolve, r.type.value.leftTreeRevision, "left tree");
      const right = resolveTree(repo, resolve, r.type.value.rightTreeRevision, "right tree");
      if (left.path !== right.path) {
        throw new RpcError(
          Code.UNIMPLEMENTED,
          "Cannot compare yet with different paths. " +
            `Got TreeRequest with left and right paths ${JSON.stringify(left.path)} ` +
            `and ${JSON.stringify(right.path)}`,
        );
      }
      return { fromRevs: [left.rev], toRev: right.rev, basePath: left.path };
    }
    if (r.type.case !== "commitRequest") {
      throw new RpcError(Code.INVALID_ARGUMENT, "unknown FindChangedPathsRequest type");
    }
    const toRev = resolve(r.type.value.commitRevision, "commit");
    const given = r.type.value.parentCommitRevisions;
    if (given.length > 0) {
      return { fromRevs: given.map((p) => resolve(p, "commit parent")), toRev };
    }
    const cs = repo.changelog.read(toRev);
    return { fromRevs: cs.p2 === NULL_REV ? [cs.p1] : [cs.p1, cs.p2], toRev };
  });
}

/** Paths changed against every parent, one entry per parent, in path order. */
function combined(perParent: ChangedPath[][]): ChangedPath[] {
  const maps = perParent.map((list) => new Map(list.map((c) => [c.path, c])));
  const out: ChangedPath[] = [];
  for (const c of perParent[0]) {
    if (maps.every((m) => m.has(c.path))) out.push(...maps.map((m) => m.get(c.path)!));
  }
  return out;
}

/** FindChangedPaths handler. */
export function findChangedPathsHandlers(env: ServiceEnv): ServiceImpl<typeof DiffService> {
  return {
    async *findChangedPaths(req) {
      if (req.repository && req.commits.length > 0 && req.requests.length > 0) {
        throw new RpcError(Code.INVALID_ARGUMENT, "cannot specify both commits and requests");
      }
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      const requests: FindChangedPathsRequest_Request[] = req.requests.length > 0
        ? req.requests
        : req.commits.map((commitRevision) => ({
          $typeName: "gitaly.FindChangedPathsRequest.Request",
          type: {
            case: "commitRequest",
            value: {
              $typeName: "gitaly.FindChangedPathsRequest.Request.CommitRequest",
              commitRevision,
              parentCommitRevisions: [],
            },
          },
        }));
      const comparisons = plan(repo, refs, requests);
      const slicer = new TimeSlicer();
      let batch: PathInit[] = [];
      for (const c of comparisons) {
        const opts = { findRenames: req.findRenames, basePath: c.basePath };
        const perParent = c.fromRevs.map((from) => changedPaths(repo, from, c.toRev, opts));
        const paths = perParent.length > 1 && req.mergeCommitDiffMode === MergeMode.ALL_PARENTS
          ? combined(perParent)
          : perParent.flat();
        for (const p of paths) {
          batch.push(message(p));
          if (batch.length === PATHS_PER_MESSAGE) {
            yield { paths: batch };
            batch = [];
          }
        }
        await slicer.maybePause();
      }
      if (batch.length > 0) yield { paths: batch };
    },
  };
}
