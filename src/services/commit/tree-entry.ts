/**
 * CommitService.TreeEntry: the object at a path of a revision. A file streams its content
 * (metadata in the first message, then data chunks); a directory answers one TREE message
 * whose size is that of the equivalent Git tree object. Unknown revision or path: NOT_FOUND
 * `tree entry not found`, as Gitaly.
 */
import type { CommitService } from "../../gen/gitaly/commit_pb.ts";
import { TreeEntryResponse_ObjectType } from "../../gen/gitaly/commit_pb.ts";
import { bytesToByteString } from "../../hg/byte-string.ts";
import { changesetTree, readBlob } from "../../gitlab/changeset-objects.ts";
import { lookupTreePath, treeObjectSize, trimTreePath } from "../../gitlab/manifest-tree.ts";
import { treeOid } from "../../gitlab/object-id.ts";
import { MODE_TREE } from "../../gitlab/object-mode.ts";
import { resolveRevision } from "../../gitlab/resolve-revision.ts";
import { dataChunks, truncateData } from "../data-chunks.ts";
import { openGitLabRepository, withGitLabState } from "../gitlab-access.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";

const notFound = () => new RpcError(Code.NOT_FOUND, "tree entry not found");

/** TreeEntry handler. */
export function treeEntryHandlers(env: ServiceEnv): ServiceImpl<typeof CommitService> {
  return {
    async *treeEntry(req) {
      if (req.revision.length === 0) throw new RpcError(Code.INVALID_ARGUMENT, "empty revision");
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      const rev = withGitLabState(() =>
        resolveRevision(repo, bytesToByteString(req.revision), refs)
      );
      const tree = rev === undefined ? undefined : changesetTree(repo, rev);
      if (tree === undefined) throw notFound();
      const path = trimTreePath(bytesToByteString(req.path));
      const found = lookupTreePath(tree.manifest, path);
      if (found === undefined) throw notFound();
      if (found.kind === "tree") {
        // max_size does not apply to trees (Gitaly).
        yield {
          type: TreeEntryResponse_ObjectType.TREE,
          oid: treeOid(tree.node, path),
          mode: MODE_TREE,
          size: BigInt(treeObjectSize(tree.manifest, path)),
        };
        return;
      }
      const blob = readBlob(repo, tree.node, tree.manifest, found.index);
      const size = blob.data.length;
      if (req.maxSize > 0n && BigInt(size) > req.maxSize) {
        throw new RpcError(
          Code.FAILED_PRECONDITION,
          `object size (${size}) is bigger than the maximum allowed size (${req.maxSize})`,
        );
      }
      // limit 0 (unset) means everything; negative values too.
      const data = req.limit > 0n ? truncateData(blob.data, req.limit) : blob.data;
      let first = true;
      for (const chunk of dataChunks(data)) {
        yield first
          ? {
            type: TreeEntryResponse_ObjectType.BLOB,
            oid: blob.oid,
            size: BigInt(size),
            mode: blob.mode,
            data: chunk,
          }
          : { data: chunk };
        first = false;
      }
    },
  };
}
