/**
 * The protobuf encoding of a changeset's GitCommit, written field by field: the bytes
 * `toBinary(GitCommitSchema, gitCommit(changelog, cs))` gives (tests compare them), without
 * building the message nor encoding it by reflection (about five times cheaper). Answers
 * listing commits send these bytes (see gitCommitBytes).
 */
import { TimestampSchema } from "@bufbuild/protobuf/wkt";
import { CommitAuthorSchema, GitCommitSchema } from "../gen/gitaly/shared_pb.ts";
import type { ByteString } from "../hg/byte-string.ts";
import type { Changeset } from "../hg/changelog.ts";
import { NULL_REV } from "../hg/node.ts";
import { gitTimezone, parsePerson } from "./commit-author.ts";
import type { NodeSource } from "./git-commit.ts";
import { WireWriter } from "./wire-writer.ts";

const COMMIT = GitCommitSchema.field;
const AUTHOR = CommitAuthorSchema.field;
const TIMESTAMP = TimestampSchema.field;

/** Encoded CommitAuthor of a Mercurial user, time and offset (as commitAuthor builds it). */
function encodeAuthor(user: ByteString, time: number, tzOffset: number): Uint8Array {
  const { name, email } = parsePerson(user);
  const writer = new WireWriter(64 + user.length);
  // proto3 scalars equal to their default are not written.
  if (name !== "") writer.byteString(AUTHOR.name.number, name);
  if (email !== "") writer.byteString(AUTHOR.email.number, email);
  const seconds = Math.trunc(time);
  const date = new WireWriter(16);
  if (seconds !== 0) date.varint(TIMESTAMP.seconds.number, seconds);
  // A set message field is written even when empty; nanos are always 0.
  writer.bytes(AUTHOR.date.number, date.finish());
  writer.byteString(AUTHOR.timezone.number, gitTimezone(tzOffset));
  return writer.finish();
}

/** Encoded GitCommit of `cs`; `changelog` gives the parents' nodes. */
export function encodeGitCommit(changelog: NodeSource, cs: Changeset): Uint8Array {
  const description = cs.description;
  const writer = new WireWriter(256 + description.length * 2);
  writer.byteString(COMMIT.id.number, cs.node);
  const nl = description.indexOf("\n");
  const subject = nl < 0 ? description : description.slice(0, nl);
  if (subject !== "") writer.byteString(COMMIT.subject.number, subject);
  if (description !== "") writer.byteString(COMMIT.body.number, description);
  const author = encodeAuthor(cs.user, cs.time, cs.tzOffset);
  writer.bytes(COMMIT.author.number, author).bytes(COMMIT.committer.number, author);
  if (cs.p1 !== NULL_REV) writer.byteString(COMMIT.parentIds.number, changelog.node(cs.p1));
  if (cs.p2 !== NULL_REV) writer.byteString(COMMIT.parentIds.number, changelog.node(cs.p2));
  if (description.length !== 0) writer.varint(COMMIT.bodySize.number, description.length);
  return writer.finish();
}
