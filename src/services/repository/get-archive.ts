/**
 * RepositoryService.GetArchive: the tree of a changeset as zip, tar, tar.gz or tar.bz2, with
 * the contents `hg archive` gives (HGitaly uses Mercurial's archiver), streamed in 128 KiB
 * messages produced by an archive worker (archive-worker.ts).
 *
 * Validation as Gitaly: empty `commit_id` or unknown format, or a `path`/`exclude` escaping the
 * root -> INVALID_ARGUMENT; `path` or an `exclude` absent from the tree -> INVALID_ARGUMENT
 * (`path doesn't exist`, `exclude[i] doesn't exist`); with `elide_path` every exclude must be
 * below `path`. The commit id is resolved like other revisions (full hex ids reach hidden
 * changesets); an unknown one -> NOT_FOUND. `include_lfs_blobs` is moot (no LFS in Mercurial).
 */
import {
  GetArchiveRequest_Format,
  type RepositoryService,
} from "../../gen/gitaly/repository_pb.ts";
import { ArchivePrefixError, tidyArchivePrefix } from "../../gitlab/archive/archive-prefix.ts";
import type { ArchiveKind } from "../../gitlab/archive/archive-stream.ts";
import { changesetTree } from "../../gitlab/changeset-objects.ts";
import { lookupTreePath } from "../../gitlab/manifest-tree.ts";
import { resolveRevision } from "../../gitlab/resolve-revision.ts";
import { bytesToByteString, type ByteString } from "../../hg/byte-string.ts";
import { openGitLabRepository, withGitLabState } from "../gitlab-access.ts";
import { existingRepository } from "../repository-access.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { archivePool } from "./archive-pool.ts";
import type { ArchiveTask } from "./archive-task.ts";

const KINDS: Record<number, ArchiveKind> = {
  [GetArchiveRequest_Format.ZIP]: "zip",
  [GetArchiveRequest_Format.TAR]: "tar",
  [GetArchiveRequest_Format.TAR_GZ]: "tgz",
  [GetArchiveRequest_Format.TAR_BZ2]: "tbz2",
};

/** The configured `bzip2` executable ([hgitaly] bzip2-executable, else found in PATH). */
function bzip2Executable(env: ServiceEnv): string {
  if (env.bzip2Executable === undefined) {
    throw new RpcError(Code.FAILED_PRECONDITION, "bzip2 executable not found: cannot make TAR_BZ2");
  }
  return env.bzip2Executable;
}

/**
 * A tree path cleaned like Gitaly's relative path validation (`.`, empty segments and `..`
 * folded, leading and trailing slashes dropped; `""` is the root); undefined if it escapes.
 */
export function cleanTreePath(raw: ByteString): ByteString | undefined {
  const out: string[] = [];
  for (const part of raw.split("/")) {
    if (part === "" || part === ".") continue;
    if (part !== "..") out.push(part);
    else if (out.pop() === undefined) return undefined;
  }
  return out.join("/");
}

function validPath(raw: Uint8Array, what: string): ByteString {
  const path = cleanTreePath(bytesToByteString(raw));
  if (path === undefined) {
    throw new RpcError(
      Code.INVALID_ARGUMENT,
      `invalid ${what}: relative path escapes root directory`,
    );
  }
  return path;
}

/** GetArchive handler. */
export function getArchiveHandlers(env: ServiceEnv): ServiceImpl<typeof RepositoryService> {
  return {
    async *getArchive(req, ctx) {
      const repositoryPath = await existingRepository(env, req.repository);
      if (req.commitId === "") {
        throw new RpcError(Code.INVALID_ARGUMENT, "invalid commitId: empty revision");
      }
      const kind = KINDS[req.format];
      if (kind === undefined) throw new RpcError(Code.INVALID_ARGUMENT, "invalid format");
      let prefix: ByteString;
      try {
        prefix = tidyArchivePrefix(req.prefix);
      } catch (err) {
        if (err instanceof ArchivePrefixError) {
          throw new RpcError(Code.INVALID_ARGUMENT, `invalid prefix: ${err.message}`);
        }
        throw err;
      }
      const path = validPath(req.path, "path");
      const exclude = req.exclude.map((e) => validPath(e, "exclude"));

      const { repo, refs } = await openGitLabRepository(env, req.repository);
      const rev = withGitLabState(() => resolveRevision(repo, req.commitId, refs));
      const tree = rev === undefined ? undefined : changesetTree(repo, rev);
      if (tree === undefined) {
        throw new RpcError(Code.NOT_FOUND, `commit not found: ${JSON.stringify(req.commitId)}`);
      }
      if (path !== "" && lookupTreePath(tree.manifest, path) === undefined) {
        throw new RpcError(Code.INVALID_ARGUMENT, "path doesn't exist");
      }
      exclude.forEach((e, i) => {
        if (e === "" || lookupTreePath(tree.manifest, e) === undefined) {
          throw new RpcError(Code.INVALID_ARGUMENT, `exclude[${i}] doesn't exist`);
        }
        if (req.elidePath && path !== "" && !e.startsWith(`${path}/`)) {
          throw new RpcError(
            Code.INVALID_ARGUMENT,
            `invalid exclude: ${JSON.stringify(e)} is not a subdirectory of ${
              JSON.stringify(path)
            }`,
          );
        }
      });
      const task: ArchiveTask = {
        repositoryPath,
        node: tree.node,
        kind,
        prefix,
        path,
        exclude,
        elidePath: req.elidePath,
        bzip2: kind === "tbz2" ? bzip2Executable(env) : "",
      };
      for await (const data of archivePool().stream(task, ctx.signal)) yield { data };
    },
  };
}
