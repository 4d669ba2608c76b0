/**
 * RefService RPCs listing or probing refs by name or target: ListRefs, RefExists and
 * FindRefsByOID. Refs are GitLab's: branches, tags, keep-arounds and special refs.
 */
import {
  ListRefsRequest_SortBy_Key,
  type ListRefsResponseSchema,
  type RefService,
} from "../../gen/gitaly/ref_pb.ts";
import { SortDirection } from "../../gen/gitaly/shared_pb.ts";
import type { ByteString } from "../../hg/byte-string.ts";
import type { Repository } from "../../hg/repository.ts";
import {
  allRefs,
  defaultBranchTarget,
  type GitLabRefs,
  lookupFullRef,
} from "../../gitlab/gitlab-refs.ts";
import { REF_PREFIX, ZERO_SHA } from "../../gitlab/ref-names.ts";
import { refMatcher } from "../../gitlab/ref-patterns.ts";
import { openGitLabRepository } from "../gitlab-access.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { LruCache } from "../../hg/lru-cache.ts";
import { type EncodedRef, encodedRef, listRefsMessages } from "./encoded-refs.ts";
import type { EncodedMessage } from "../encoded-message.ts";
import { bs, commitTime, compareBytes } from "./ref-support.ts";

type Ref = [name: ByteString, node: string];

/** Sorts refs by name, then (stably) by commit date when `byDate`; reversed if descending. */
function sortRefs(repo: Repository, refs: Ref[], byDate: boolean, descending: boolean): Ref[] {
  refs.sort(([a], [b]) => compareBytes(a, b));
  if (byDate) {
    const times = new Map(refs.map(([, node]) => [node, commitTime(repo, node)]));
    refs.sort(([, a], [, b]) => times.get(a)! - times.get(b)!);
  }
  return descending ? refs.reverse() : refs;
}

interface NameSortedRefs {
  /** What the refs were listed from (shared immutable maps and sets, see gitlab-refs.ts). */
  sources: readonly unknown[];
  refs: EncodedRef[];
}

/** Memory budget (approximate bytes) of the cached ref listings. */
const LISTINGS_BUDGET = 32 * 1024 * 1024;

/**
 * Every ref of a repository sorted by name with its ListRefs entry, kept while the maps and
 * sets they come from are the same objects (they are replaced when a state file or what the
 * fallback refs derive from changes).
 */
const listings = new LruCache<string, NameSortedRefs>(
  LISTINGS_BUDGET,
  (l) => 256 + l.refs.length * 160,
  LISTINGS_BUDGET / 8,
);

/** Every ref of `refs`, sorted by name, with its ListRefs entry. */
function nameSortedRefs(repo: Repository, refs: GitLabRefs): EncodedRef[] {
  const sources = [refs.branches, refs.tags, refs.keepArounds, refs.specialRefs];
  const hit = listings.get(repo.hgDir);
  if (hit !== undefined && hit.sources.every((source, i) => source === sources[i])) {
    return hit.refs;
  }
  const sorted = [...allRefs(refs)].sort(([a], [b]) => compareBytes(a, b))
    .map(([name, node]) => encodedRef(name, node));
  listings.set(repo.hgDir, { sources, refs: sorted });
  return sorted;
}

/** A whole ListRefs answer (name order) and what it was computed from. */
interface ListRefsAnswer {
  /** The listing it was cut from: valid while it is the repository's current one. */
  listing: readonly EncodedRef[];
  /** HEAD's target at the time (the default branch may move without the refs changing). */
  head: string | undefined;
  /** Whether the changelog had changesets (the `ALL` pseudo ref). */
  nonEmpty: boolean;
  messages: EncodedMessage<typeof ListRefsResponseSchema>[];
}

/** Memory budget (approximate bytes) of the cached ListRefs answers. */
const ANSWERS_BUDGET = 32 * 1024 * 1024;

/**
 * Whole ListRefs answers by repository and request (patterns, head, direction), for requests
 * in name order without target filter (GitLab's usual ones); reused while the repository's
 * name-sorted listing, HEAD's target and the changelog's emptiness are unchanged.
 */
const answers = new LruCache<string, ListRefsAnswer>(
  ANSWERS_BUDGET,
  (a) => a.messages.reduce((sum, m) => sum + m.bytes.length + 64, 256),
  ANSWERS_BUDGET / 8,
);

/** `git for-each-ref --sort` fields FindRefsByOID accepts. */
const SORT_FIELDS = new Set(["refname", "creatordate", "committerdate", "authordate"]);

/** Ref listing handlers. */
export function listRefsHandlers(env: ServiceEnv): ServiceImpl<typeof RefService> {
  return {
    async *listRefs(req) {
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      if (req.patterns.length === 0) {
        throw new RpcError(Code.INVALID_ARGUMENT, "patterns must have at least one entry");
      }
      const patterns = req.patterns.map(bs);
      const matches = refMatcher(patterns);
      const oids = new Set(req.pointingAtOids.map((oid) => bs(oid).toLowerCase()));
      const pointing = (node: string) => oids.size === 0 || oids.has(node);
      const wanted = (name: ByteString, node: string) => matches(name) && pointing(node);
      const key = req.sortBy?.key ?? ListRefsRequest_SortBy_Key.REFNAME;
      const descending = req.sortBy?.direction === SortDirection.DESCENDING;
      const head = defaultBranchTarget(refs);
      const nonEmpty = repo.changelog.length > 0;
      let answerKey: string | undefined;
      let listing: EncodedRef[] | undefined;
      if (key === ListRefsRequest_SortBy_Key.REFNAME && oids.size === 0) {
        listing = nameSortedRefs(repo, refs);
        answerKey = JSON.stringify([repo.hgDir, req.head, descending, patterns]);
        const hit = answers.get(answerKey);
        if (
          hit !== undefined && hit.listing === listing && hit.head === head &&
          hit.nonEmpty === nonEmpty
        ) {
          yield* hit.messages;
          return;
        }
      }
      let found: EncodedRef[];
      if (key === ListRefsRequest_SortBy_Key.REFNAME) {
        found = (listing ?? nameSortedRefs(repo, refs)).filter(({ name, node }) =>
          wanted(name, node)
        );
        if (descending) found.reverse();
      } else {
        const refList = [...allRefs(refs)].filter(([name, node]) => wanted(name, node));
        found = sortRefs(repo, refList, true, descending)
          .map(([name, node]) => encodedRef(name, node));
      }
      const list = req.head && head !== undefined && pointing(head)
        ? [encodedRef("HEAD", head), ...found]
        : found;
      // HGitaly's pseudo ref telling backups to take every changeset, hidden ones included.
      const all = patterns.length === 1 && patterns[0] === REF_PREFIX && oids.size === 0;
      if (all && found.length > 0 && nonEmpty) {
        list.push(encodedRef("ALL", ZERO_SHA));
      }
      const messages = listRefsMessages(list);
      if (answerKey !== undefined && listing !== undefined) {
        answers.set(answerKey, { listing, head, nonEmpty, messages });
      }
      yield* messages;
    },

    async refExists(req) {
      const { refs } = await openGitLabRepository(env, req.repository);
      const ref = bs(req.ref);
      if (!ref.startsWith(REF_PREFIX)) throw new RpcError(Code.INVALID_ARGUMENT, "invalid refname");
      return { value: lookupFullRef(refs, ref) !== undefined };
    },

    async findRefsByOID(req) {
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      if (req.oid === "") throw new RpcError(Code.INVALID_ARGUMENT, "empty Oid");
      const field = req.sortField === "" ? "refname" : req.sortField;
      const descending = field.startsWith("-");
      if (!SORT_FIELDS.has(descending ? field.slice(1) : field)) {
        throw new RpcError(Code.INVALID_ARGUMENT, `invalid sort field: ${JSON.stringify(field)}`);
      }
      const rev = repo.changelog.lookupPrefix(req.oid);
      if (typeof rev !== "number" || rev < 0) return {};
      const node = repo.changelog.node(rev);
      const matches = refMatcher(req.refPatterns);
      const found = sortRefs(
        repo,
        [...allRefs(refs)].filter(([name, target]) => target === node && matches(name)),
        !field.endsWith("refname"),
        descending,
      );
      const limited = req.limit > 0 ? found.slice(0, req.limit) : found;
      return { refs: limited.map(([name]) => name) };
    },
  };
}
