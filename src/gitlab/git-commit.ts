/**
 * GitCommit messages of changesets, as HGitaly builds them: id and parents are changeset
 * nodes (null parents omitted), subject is the description up to its first LF, body the whole
 * description (not truncated) with body_size its byte length, committer equals author, and
 * tree_id is left empty.
 */
import { create } from "@bufbuild/protobuf";
import { type GitCommit, GitCommitSchema } from "../gen/gitaly/shared_pb.ts";
import { byteStringToBytes } from "../hg/byte-string.ts";
import type { Changeset } from "../hg/changelog.ts";
import { LruCache } from "../hg/lru-cache.ts";
import { NULL_REV } from "../hg/node.ts";
import { commitAuthor } from "./commit-author.ts";
import { encodeGitCommit } from "./git-commit-encoding.ts";

/** What the builder needs from a changelog: node ids of revisions. */
export interface NodeSource {
  /** Hex node of `rev`. */
  node(rev: number): string;
}

/** Subject of a description: everything before the first LF. */
export function commitSubject(description: string): string {
  const nl = description.indexOf("\n");
  return nl < 0 ? description : description.slice(0, nl);
}

/** Builds the GitCommit of `cs`; `changelog` gives the parents' nodes. */
export function gitCommit(changelog: NodeSource, cs: Changeset): GitCommit {
  const author = commitAuthor(cs.user, cs.time, cs.tzOffset);
  const parentIds = [cs.p1, cs.p2].filter((p) => p !== NULL_REV).map((p) => changelog.node(p));
  return create(GitCommitSchema, {
    id: cs.node,
    subject: byteStringToBytes(commitSubject(cs.description)),
    body: byteStringToBytes(cs.description),
    bodySize: BigInt(cs.description.length),
    author,
    committer: author,
    parentIds,
  });
}

/** A changelog as gitCommitOfRev needs it; `indexPath` (a Revlog's) scopes its cache. */
export interface CommitSource extends NodeSource {
  /** Parses changeset `rev`. */
  read(rev: number): Changeset;
  /** Path of the changelog index, naming the store in cache keys. */
  readonly indexPath?: string;
}

/** Memory budget (approximate bytes) of the built commit cache. */
const COMMIT_CACHE_BUDGET = 32 * 1024 * 1024;

/**
 * Built GitCommits by (store, node). Content-addressed, hence never stale: a changeset node is
 * the hash of its parents' nodes and of its text, which is all a GitCommit is made of. Commits
 * with long descriptions are kept too, weighed by their size.
 */
const commitCache = new LruCache<string, GitCommit>(
  COMMIT_CACHE_BUDGET,
  (c) => 512 + c.body.length + c.subject.length,
  COMMIT_CACHE_BUDGET / 64,
);

/**
 * Encoded GitCommits by (store, node), content-addressed like commitCache: answers listing
 * many commits (branches with their targets) concatenate these bytes instead of encoding
 * each message again.
 */
const encodedCache = new LruCache<string, Uint8Array>(
  COMMIT_CACHE_BUDGET,
  (bytes) => 128 + bytes.length,
  COMMIT_CACHE_BUDGET / 64,
);

/** Drops every cached GitCommit and encoding (tests, memory pressure). */
export function clearGitCommitCache(): void {
  commitCache.clear();
  encodedCache.clear();
}

/**
 * The GitCommit of revision `rev` of a changelog, built once per (store, node) while it stays
 * in the cache. Each call returns a fresh top-level message (callers may set its fields); its
 * nested parts (author, byte arrays, parent list) are shared and must not be modified.
 */
export function gitCommitOfRev(changelog: CommitSource, rev: number): GitCommit {
  if (rev === NULL_REV || changelog.indexPath === undefined) {
    return gitCommit(changelog, changelog.read(rev));
  }
  const key = `${changelog.indexPath}\0${changelog.node(rev)}`;
  let commit = commitCache.get(key);
  if (commit === undefined) {
    commit = gitCommit(changelog, changelog.read(rev));
    commitCache.set(key, commit);
  }
  return { ...commit };
}

/**
 * The protobuf encoding of the GitCommit of revision `rev` (what gitCommitOfRev gives), built
 * once per (store, node) while it stays in the cache. The bytes are shared: do not modify.
 */
export function gitCommitBytes(changelog: CommitSource, rev: number): Uint8Array {
  if (rev === NULL_REV || changelog.indexPath === undefined) {
    return encodeGitCommit(changelog, changelog.read(rev));
  }
  const key = `${changelog.indexPath}\0${changelog.node(rev)}`;
  let bytes = encodedCache.get(key);
  if (bytes === undefined) {
    bytes = encodeGitCommit(changelog, changelog.read(rev));
    encodedCache.set(key, bytes);
  }
  return bytes;
}
