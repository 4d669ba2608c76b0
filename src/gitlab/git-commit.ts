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
import { NULL_REV } from "../hg/node.ts";
import { commitAuthor } from "./commit-author.ts";

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

/** The GitCommit of revision `rev` of a changelog. */
export function gitCommitOfRev(
  changelog: NodeSource & { read(rev: number): Changeset },
  rev: number,
): GitCommit {
  return gitCommit(changelog, changelog.read(rev));
}
