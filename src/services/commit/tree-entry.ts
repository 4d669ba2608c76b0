/**
 * CommitService.TreeEntry: the object at a path of a revision. A file streams its content
 * (metadata in the first message, then 128 KiB data chunks; big full-snapshot blobs as they
 * are decompressed, see ../blob-messages.ts); a directory answers one TREE message
 * whose size is that of the equivalent Git tree object. Unknown revision or path: NOT_FOUND
 * `tree entry not found`, as Gitaly.
 */
import {
  type CommitService,
  TreeEntryResponse_ObjectType,
  TreeEntryResponseSchema,
} from "../../gen/gitaly/commit_pb.ts";
import { bytesToByteString } from "../../hg/byte-string.ts";
import { changesetTree } from "../../gitlab/changeset-objects.ts";
import { lookupTreePath, treeObjectSize, trimTreePath } from "../../gitlab/manifest-tree.ts";
import { treeOid } from "../../gitlab/object-id.ts";
import { MODE_TREE } from "../../gitlab/object-mode.ts";
import { resolveRevision } from "../../gitlab/resolve-revision.ts";
import { blobMessages, closeBlob, limitedSize, openBlob } from "../blob-messages.ts";
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
      const blob = await openBlob(repo, tree.node, tree.manifest, found.index);
      if (req.maxSize > 0n && BigInt(blob.size) > req.maxSize) {
        await closeBlob(blob);
        throw new RpcError(
          Code.FAILED_PRECONDITION,
          `object size (${blob.size}) is bigger than the maximum allowed size (${req.maxSize})`,
        );
      }
      // limit 0 (unset) means everything; negative values too.
      const total = req.limit > 0n ? limitedSize(blob.size, req.limit) : blob.size;
      yield* blobMessages(blob, total, {
        schema: TreeEntryResponseSchema,
        dataField: 5,
        first: (data) => ({
          type: TreeEntryResponse_ObjectType.BLOB,
          oid: blob.oid,
          size: BigInt(blob.size),
          mode: blob.mode,
          data,
        }),
      });
    },
  };
}
