/**
 * CommitService.GetTreeEntries: entries of a directory (or all below it with `recursive`), in
 * Git order or trees first, with flat paths unless skipped or recursive, paginated by the oid
 * of the last entry returned. Errors as RHGitaly: unknown revision INVALID_ARGUMENT with
 * GetTreeEntriesError.resolve_tree; a missing path the same (NOT_FOUND when recursive); a file
 * path `path not treeish`.
 */
import {
  type CommitService,
  GetTreeEntriesErrorSchema,
  GetTreeEntriesRequest_SortBy,
  TreeEntry_EntryType,
} from "../../gen/gitaly/commit_pb.ts";
import { PathError_ErrorType } from "../../gen/gitaly/errors_pb.ts";
import { bytesToByteString, type ByteString, byteStringToBytes } from "../../hg/byte-string.ts";
import type { Manifest } from "../../hg/manifest.ts";
import { changesetTree } from "../../gitlab/changeset-objects.ts";
import {
  directoryChildren,
  lookupTreePath,
  trimTreePath,
  walkTree,
} from "../../gitlab/manifest-tree.ts";
import { objectId } from "../../gitlab/object-id.ts";
import { MODE_TREE, modeOfFlags } from "../../gitlab/object-mode.ts";
import { resolveRevision } from "../../gitlab/resolve-revision.ts";
import { openGitLabRepository, withGitLabState } from "../gitlab-access.ts";
import { Code, detail, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";

/** Entries per streamed message (as RHGitaly). */
const ENTRIES_PER_MESSAGE = 50;

interface Listed {
  kind: "blob" | "tree";
  path: ByteString;
  index: number;
  flatPath: ByteString;
}

function resolveTreeError(code: Code, message: string, revision: Uint8Array): RpcError {
  return new RpcError(code, message, [
    detail(GetTreeEntriesErrorSchema, {
      error: { case: "resolveTree", value: { revision } },
    }),
  ]);
}

function listEntries(manifest: Manifest, dir: ByteString, recursive: boolean, flat: boolean) {
  const out: Listed[] = [];
  if (recursive) {
    for (const e of walkTree(manifest, dir)) out.push({ ...e, flatPath: "" });
  } else {
    for (const c of directoryChildren(manifest, dir)) {
      out.push({ kind: c.kind, path: c.path, index: c.index, flatPath: flat ? c.flatPath : "" });
    }
  }
  return out;
}

/** GetTreeEntries handler. */
export function getTreeEntriesHandlers(env: ServiceEnv): ServiceImpl<typeof CommitService> {
  return {
    async *getTreeEntries(req) {
      if (req.revision.length === 0) throw new RpcError(Code.INVALID_ARGUMENT, "empty revision");
      if (req.path.length === 0) {
        throw new RpcError(Code.INVALID_ARGUMENT, "empty path", [
          detail(GetTreeEntriesErrorSchema, {
            error: {
              case: "path",
              value: { path: req.path, errorType: PathError_ErrorType.EMPTY_PATH },
            },
          }),
        ]);
      }
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      const revision = bytesToByteString(req.revision);
      const rev = withGitLabState(() => resolveRevision(repo, revision, refs));
      if (rev === undefined) {
        throw resolveTreeError(Code.INVALID_ARGUMENT, "invalid revision or path", req.revision);
      }
      const pagination = req.paginationParams;
      if (pagination?.limit === 0) return;
      const tree = changesetTree(repo, rev);
      if (tree === undefined) throw new RpcError(Code.NOT_FOUND, "tree entry not found");
      let dir = trimTreePath(bytesToByteString(req.path));
      if (dir === ".") dir = "";

      let entries = listEntries(tree.manifest, dir, req.recursive, !req.skipFlatPaths);
      if (entries.length === 0) {
        // Mercurial has no empty directories: the path is a file or absent.
        if (lookupTreePath(tree.manifest, dir)?.kind === "blob") {
          throw resolveTreeError(Code.INVALID_ARGUMENT, "path not treeish", req.revision);
        }
        const code = req.recursive ? Code.NOT_FOUND : Code.INVALID_ARGUMENT;
        throw resolveTreeError(code, "invalid revision or path", req.revision);
      }
      if (req.sort === GetTreeEntriesRequest_SortBy.TREES_FIRST) {
        entries = [
          ...entries.filter((e) => e.kind === "tree"),
          ...entries.filter((e) => e.kind === "blob"),
        ];
      }
      const oid = (e: Listed) => objectId(tree.node, e.path);

      let start = 0;
      if (pagination !== undefined && pagination.pageToken !== "") {
        const index = entries.findIndex((e) => oid(e) === pagination.pageToken);
        if (index < 0) {
          throw new RpcError(
            Code.INTERNAL,
            `could not find starting OID: ${pagination.pageToken}`,
          );
        }
        start = index + 1;
      }
      let end = entries.length;
      let nextCursor = "";
      if (pagination !== undefined && pagination.limit >= 0 && start + pagination.limit < end) {
        end = start + pagination.limit;
        nextCursor = oid(entries[end - 1]);
      }

      // The revision is echoed as given (often a branch name, not an oid).
      const commitOid = new TextDecoder().decode(req.revision);
      for (let i = start; i < end; i += ENTRIES_PER_MESSAGE) {
        const chunk = entries.slice(i, Math.min(end, i + ENTRIES_PER_MESSAGE)).map((e) => ({
          oid: oid(e),
          path: byteStringToBytes(e.path),
          type: e.kind === "tree" ? TreeEntry_EntryType.TREE : TreeEntry_EntryType.BLOB,
          mode: e.kind === "tree" ? MODE_TREE : modeOfFlags(tree.manifest.flags(e.index)),
          commitOid,
          flatPath: byteStringToBytes(e.flatPath),
        }));
        yield i === start
          ? { entries: chunk, paginationCursor: { nextCursor } }
          : { entries: chunk };
      }
    },
  };
}
