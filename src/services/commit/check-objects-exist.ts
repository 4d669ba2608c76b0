/**
 * CheckObjectsExist: whether each revision names an object. Revisions resolve like any
 * GitLab revision (changesets, hidden ones by full id); blob and tree oids
 * (`<changeset>_<base64 path>`) exist when the changeset has that file or directory. The
 * repository comes in the first request message only.
 */
import type { CommitService } from "../../gen/gitaly/commit_pb.ts";
import { bytesToByteString, type ByteString } from "../../hg/byte-string.ts";
import { NULL_REV } from "../../hg/node.ts";
import type { Repository } from "../../hg/repository.ts";
import type { GitLabRefs } from "../../gitlab/gitlab-refs.ts";
import { lookupTreePath, trimTreePath } from "../../gitlab/manifest-tree.ts";
import { decodeObjectId, ObjectIdError } from "../../gitlab/object-id.ts";
import { resolveRevision } from "../../gitlab/resolve-revision.ts";
import { revisionSyntaxError } from "../../gitlab/revision-syntax.ts";
import { openGitLabRepository, withGitLabState } from "../gitlab-access.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";

/** Whether a blob or tree oid names an existing path of an existing changeset. */
function pathObjectExists(repo: Repository, revision: ByteString): boolean {
  try {
    const { node, path } = decodeObjectId(revision);
    const rev = repo.changelog.rev(node);
    if (path === undefined || rev === undefined || rev === NULL_REV) return false;
    if (rev >= repo.changelog.length) return false;
    const manifest = repo.manifest(repo.changelog.read(rev).manifestNode);
    return lookupTreePath(manifest, trimTreePath(path)) !== undefined;
  } catch (err) {
    if (err instanceof ObjectIdError) return false;
    throw err;
  }
}

function exists(repo: Repository, refs: GitLabRefs, revision: ByteString): boolean {
  const rev = withGitLabState(() => resolveRevision(repo, revision, refs));
  if (rev !== undefined) return rev !== NULL_REV;
  return revision.includes("_") && pathObjectExists(repo, revision);
}

/** CheckObjectsExist handler. */
export function checkObjectsExistHandlers(env: ServiceEnv): ServiceImpl<typeof CommitService> {
  return {
    async *checkObjectsExist(reqs) {
      let opened: { repo: Repository; refs: GitLabRefs } | undefined;
      for await (const req of reqs) {
        opened ??= await openGitLabRepository(env, req.repository);
        const revisions = req.revisions.map((r) => {
          const revision = bytesToByteString(r);
          const reason = revisionSyntaxError(revision);
          if (reason !== undefined) {
            throw new RpcError(Code.INVALID_ARGUMENT, `invalid revision: ${reason}`);
          }
          return { name: r, exists: exists(opened!.repo, opened!.refs, revision) };
        });
        yield { revisions };
      }
    },
  };
}
