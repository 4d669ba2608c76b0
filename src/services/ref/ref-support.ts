/**
 * What the RefService handlers share: byte/string conversions of ref names, a per-request
 * GitCommit memo, Gitaly-style pagination and chunking of streamed lists.
 */
import type { GitCommit, PaginationParameter } from "../../gen/gitaly/shared_pb.ts";
import { bytesToByteString, type ByteString, byteStringToBytes } from "../../hg/byte-string.ts";
import type { Repository } from "../../hg/repository.ts";
import { gitCommitOfRev } from "../../gitlab/git-commit.ts";
import { Code, RpcError } from "../rpc.ts";

/** A request's bytes field as a ByteString. */
export const bs = (bytes: Uint8Array): ByteString => bytesToByteString(bytes);

/** A ByteString as a bytes field. */
export const bytes = (s: ByteString): Uint8Array => byteStringToBytes(s);

/** Builds GitCommit messages of hex nodes, each once per request. */
export function commitMemo(repo: Repository): (node: string) => GitCommit {
  const memo = new Map<string, GitCommit>();
  return (node) => {
    let commit = memo.get(node);
    if (commit === undefined) {
      const rev = repo.changelog.rev(node);
      if (rev === undefined) throw new Error(`ref target ${node} is not in the changelog`);
      commit = gitCommitOfRev(repo.changelog, rev);
      memo.set(node, commit);
    }
    return commit;
  };
}

/** Commit time (Unix seconds) of a hex node, for date sorts (0 if unknown). */
export function commitTime(repo: Repository, node: string): number {
  const rev = repo.changelog.rev(node);
  return rev === undefined || rev < 0 ? 0 : repo.changelog.read(rev).time;
}

/**
 * Applies Gitaly's pagination: items after the one whose token equals `page_token` (an unknown
 * token is INVALID_ARGUMENT), then at most `limit` of them (negative: no limit; 0: none).
 * Without parameters everything is returned.
 */
export function paginate<T>(
  items: readonly T[],
  params: PaginationParameter | undefined,
  isToken: (item: T, token: string) => boolean,
): T[] {
  if (params === undefined) return [...items];
  let start = 0;
  if (params.pageToken !== "") {
    const index = items.findIndex((item) => isToken(item, params.pageToken));
    if (index < 0) throw new RpcError(Code.INVALID_ARGUMENT, "could not find page token");
    start = index + 1;
  }
  const end = params.limit < 0 ? items.length : Math.min(items.length, start + params.limit);
  return items.slice(start, Math.max(start, end));
}

/** Splits `items` into chunks of at most `size` (no chunk for no item). */
export function* chunked<T>(items: readonly T[], size: number): IterableIterator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** Byte order of ByteStrings (Git sorts ref names with strcmp). */
export function compareBytes(a: ByteString, b: ByteString): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How many items with commits go in one streamed message. */
export const COMMITS_PER_MESSAGE = 20;
/** How many names or refs go in one streamed message. */
export const NAMES_PER_MESSAGE = 100;
