/**
 * RefService RPCs about GitLab tags: FindAllTags, FindTag, GetTagMessages and
 * GetTagSignatures. Mercurial tags are Git lightweight tags for GitLab (id = target), so tag
 * messages are the descriptions of the changesets named by id.
 */
import { FindAllTagsRequest_SortBy_Key, FindTagErrorSchema } from "../../gen/gitaly/ref_pb.ts";
import type { RefService } from "../../gen/gitaly/ref_pb.ts";
import { SortDirection } from "../../gen/gitaly/shared_pb.ts";
import type { ByteString } from "../../hg/byte-string.ts";
import { isHexNode } from "../../hg/node.ts";
import { gitTag } from "../../gitlab/ref-messages.ts";
import { TAG_REF_PREFIX } from "../../gitlab/ref-names.ts";
import { openGitLabRepository } from "../gitlab-access.ts";
import { openRequestRepository } from "../repository-access.ts";
import { Code, detail, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import {
  bs,
  bytes,
  chunked,
  commitMemo,
  COMMITS_PER_MESSAGE,
  commitTime,
  compareBytes,
  paginate,
} from "./ref-support.ts";

/** Size of the message chunks of GetTagMessages (Gitaly's stream buffer size). */
const MESSAGE_CHUNK = 128 * 1024;

/** Git's `version:refname` order: digit runs compare numerically. */
export function compareVersions(a: ByteString, b: ByteString): number {
  const split = (s: string) => s.match(/\d+|\D+/g) ?? [];
  const pa = split(a);
  const pb = split(b);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    const numeric = /^\d/.test(x) && /^\d/.test(y);
    if (numeric && BigInt(x) !== BigInt(y)) return BigInt(x) < BigInt(y) ? -1 : 1;
    return compareBytes(x, y);
  }
  return pa.length - pb.length || compareBytes(a, b);
}

/** Tag RPC handlers. */
export function tagHandlers(env: ServiceEnv): ServiceImpl<typeof RefService> {
  return {
    async *findAllTags(req) {
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      let tags = [...refs.tags].sort(([a], [b]) => compareBytes(a, b));
      const key = req.sortBy?.key ?? FindAllTagsRequest_SortBy_Key.REFNAME;
      if (key === FindAllTagsRequest_SortBy_Key.VERSION_REFNAME) {
        tags.sort(([a], [b]) => compareVersions(a, b));
      } else if (key === FindAllTagsRequest_SortBy_Key.CREATORDATE) {
        const times = new Map(tags.map(([, node]) => [node, commitTime(repo, node)]));
        tags.sort(([, a], [, b]) => times.get(a)! - times.get(b)!);
      }
      if (req.sortBy?.direction === SortDirection.DESCENDING) tags.reverse();
      tags = paginate(
        tags,
        req.paginationParams,
        ([name], token) => name === token || TAG_REF_PREFIX + name === token,
      );
      const commit = commitMemo(repo);
      for (const chunk of chunked(tags, COMMITS_PER_MESSAGE)) {
        yield { tags: chunk.map(([name, node]) => gitTag(name, commit(node))) };
      }
    },

    async findTag(req) {
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      const name = bs(req.tagName);
      if (name === "") throw new RpcError(Code.INVALID_ARGUMENT, "tag name is empty");
      const node = refs.tags.get(name);
      if (node === undefined) {
        throw new RpcError(Code.NOT_FOUND, "tag does not exist", [
          detail(FindTagErrorSchema, {
            error: {
              case: "tagNotFound",
              value: { referenceName: bytes(TAG_REF_PREFIX + name) },
            },
          }),
        ]);
      }
      return { tag: gitTag(name, commitMemo(repo)(node)) };
    },

    async *getTagMessages(req) {
      const repo = await openRequestRepository(env, req.repository);
      for (const tagId of req.tagIds) {
        const rev = isHexNode(tagId.toLowerCase())
          ? repo.changelog.rev(tagId.toLowerCase())
          : undefined;
        if (rev === undefined || rev < 0) {
          throw new RpcError(Code.INTERNAL, `tag message: object not found: ${tagId}`);
        }
        const message = bytes(repo.changelog.read(rev).description);
        yield { tagId, message: message.subarray(0, MESSAGE_CHUNK) };
        for (let i = MESSAGE_CHUNK; i < message.length; i += MESSAGE_CHUNK) {
          yield { message: message.subarray(i, i + MESSAGE_CHUNK) };
        }
      }
    },

    // deno-lint-ignore require-yield
    async *getTagSignatures(req) {
      // Gitaly discards revisions that do not resolve to annotated tags. GitLab tags of
      // Mercurial repositories are lightweight (never signed), so every revision is discarded
      // once the request is known to be valid. (HGitaly leaves this RPC unimplemented.)
      if (req.tagRevisions.length === 0) {
        throw new RpcError(Code.INVALID_ARGUMENT, "missing revisions");
      }
      for (const revision of req.tagRevisions) {
        if (revision.startsWith("-")) {
          throw new RpcError(
            Code.INVALID_ARGUMENT,
            `invalid tag revision: revision can't start with '-'`,
          );
        }
      }
      await openRequestRepository(env, req.repository);
    },
  };
}
