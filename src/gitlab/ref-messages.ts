/** Branch and Tag messages of GitLab refs. */
import { create } from "@bufbuild/protobuf";
import {
  type Branch,
  BranchSchema,
  type GitCommit,
  SignatureType,
  type Tag,
  TagSchema,
} from "../gen/gitaly/shared_pb.ts";
import { type ByteString, byteStringToBytes } from "../hg/byte-string.ts";
import type { Changeset } from "../hg/changelog.ts";
import { commitAuthor } from "./commit-author.ts";

/** A Branch message named `name` (as given: short or full) pointing to `target`. */
export function gitBranch(name: ByteString, target: GitCommit): Branch {
  return create(BranchSchema, { name: byteStringToBytes(name), targetCommit: target });
}

/**
 * A Tag message. With the tagging changeset known, the tag id is its node and it gives the
 * message and tagger (an "annotated" tag); otherwise the id is the target's node, as for a
 * Git lightweight tag. Mercurial tags are never signed.
 */
export function gitTag(name: ByteString, target: GitCommit, tagging?: Changeset): Tag {
  if (tagging === undefined) {
    return create(TagSchema, {
      name: byteStringToBytes(name),
      id: target.id,
      targetCommit: target,
      signatureType: SignatureType.NONE,
    });
  }
  return create(TagSchema, {
    name: byteStringToBytes(name),
    id: tagging.node,
    targetCommit: target,
    message: byteStringToBytes(tagging.description),
    messageSize: BigInt(tagging.description.length),
    tagger: commitAuthor(tagging.user, tagging.time, tagging.tzOffset),
    signatureType: SignatureType.NONE,
  });
}
