/**
 * RepositoryService.SearchFilesByName and SearchFilesByContent, over the manifest of the
 * resolved revision (Git's tree order equals the manifest's byte order of full paths).
 *
 * SearchFilesByName follows `git ls-tree -r <ref> -- <query>` (see gitlab/search/path-query)
 * then the optional `filter` regexp, `offset` and `limit` (0: no limit); the paths go in
 * messages of at most 128 KiB of paths, always at least one. SearchFilesByContent streams each
 * match block in `match_data` chunks followed by a message with `end_of_match`. An unknown
 * revision answers an empty stream, as `git` failing does in Gitaly.
 */
import type { RepositoryService } from "../../gen/gitaly/repository_pb.ts";
import { bytesToByteString, type ByteString, byteStringToBytes } from "../../hg/byte-string.ts";
import { changesetTree, readBlob } from "../../gitlab/changeset-objects.ts";
import { resolveRevision } from "../../gitlab/resolve-revision.ts";
import { compileGrepQuery, grepBlocks, GrepQueryError } from "../../gitlab/search/grep-matches.ts";
import { matchesPathQuery, parsePathQuery } from "../../gitlab/search/path-query.ts";
import { dataChunks, STREAM_CHUNK_SIZE } from "../data-chunks.ts";
import { type GitLabRepository, openGitLabRepository, withGitLabState } from "../gitlab-access.ts";
import type { RepositoryRef } from "../repository-access.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";

/** Longest `filter` regexp accepted (Gitaly's limit). */
const FILTER_MAX_LENGTH = 1000;

/** Gitaly's request checks shared by both RPCs, then the repository and tree to search. */
async function searchTarget(
  env: ServiceEnv,
  req: { repository?: RepositoryRef; query: string; ref: Uint8Array },
) {
  if (!req.repository) throw new RpcError(Code.INVALID_ARGUMENT, "repository not set");
  if (req.query === "") throw new RpcError(Code.INVALID_ARGUMENT, "no query given");
  if (req.ref.length === 0) throw new RpcError(Code.INVALID_ARGUMENT, "no ref given");
  if (req.ref[0] === 0x2d) throw new RpcError(Code.INVALID_ARGUMENT, "invalid ref argument");
  const gl: GitLabRepository = await openGitLabRepository(env, req.repository);
  const ref = bytesToByteString(req.ref);
  const rev = withGitLabState(() => resolveRevision(gl.repo, ref, gl.refs));
  const tree = rev === undefined ? undefined : changesetTree(gl.repo, rev);
  return { repo: gl.repo, ref, tree };
}

function compileFilter(filter: string): RegExp | undefined {
  if (filter === "") return undefined;
  if (filter.length > FILTER_MAX_LENGTH) {
    throw new RpcError(Code.INVALID_ARGUMENT, "filter exceeds maximum length");
  }
  try {
    return new RegExp(filter, "u");
  } catch {
    try {
      return new RegExp(filter);
    } catch (err) {
      throw new RpcError(Code.INVALID_ARGUMENT, `filter did not compile: ${String(err)}`);
    }
  }
}

/** SearchFilesByName and SearchFilesByContent. */
export function searchFilesHandlers(env: ServiceEnv): ServiceImpl<typeof RepositoryService> {
  return {
    async *searchFilesByName(req) {
      const filter = compileFilter(req.filter);
      const { tree } = await searchTarget(env, req);
      if (tree === undefined) return;
      const query = parsePathQuery(utf8Query(req.query));
      const { manifest } = tree;
      let skip = req.offset;
      let batch: Uint8Array[] = [];
      let batchSize = 0;
      let sent = 0;
      for (let i = manifest.lowerBound(query.prefix); i < manifest.size; i++) {
        const path = manifest.path(i);
        if (!path.startsWith(query.prefix)) break;
        if (!matchesPathQuery(query, path)) continue;
        if (filter && !filter.test(utf8Of(path))) continue;
        if (skip > 0) {
          skip--;
          continue;
        }
        const bytes = byteStringToBytes(path);
        if (batchSize + bytes.length > STREAM_CHUNK_SIZE && batch.length > 0) {
          yield { files: batch };
          batch = [];
          batchSize = 0;
        }
        batch.push(bytes);
        batchSize += bytes.length;
        if (req.limit > 0 && ++sent >= req.limit) break;
      }
      yield { files: batch };
    },

    async *searchFilesByContent(req) {
      let regex: RegExp;
      try {
        regex = compileGrepQuery(req.query);
      } catch (err) {
        if (err instanceof GrepQueryError) throw new RpcError(Code.INVALID_ARGUMENT, err.message);
        throw err;
      }
      const { repo, ref, tree } = await searchTarget(env, req);
      if (tree === undefined) return;
      const { manifest, node } = tree;
      for (let i = 0; i < manifest.size; i++) {
        // Like git grep, only regular files are searched (not symlink targets).
        if (manifest.entry(i).flags === "l") continue;
        const blob = readBlob(repo, node, manifest, i);
        for (const block of grepBlocks(regex, `${ref}:${blob.path}`, blob.data)) {
          for (const matchData of dataChunks(block)) yield { matchData };
          yield { endOfMatch: true };
        }
      }
    },
  };
}

/** The query's UTF-8 bytes as a ByteString (proto strings arrive decoded). */
function utf8Query(query: string): ByteString {
  return bytesToByteString(new TextEncoder().encode(query));
}

/** A path ByteString decoded as UTF-8 for regexp matching. */
function utf8Of(path: ByteString): string {
  return new TextDecoder().decode(byteStringToBytes(path));
}
