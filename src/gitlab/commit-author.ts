/**
 * Mercurial user strings and dates as Git authors: name and email by Mercurial's person() and
 * email() rules, Unix seconds, and the timezone with its sign flipped (Mercurial stores the
 * offset in seconds west of UTC, Git writes `+HHMM` east of UTC).
 */
import { create } from "@bufbuild/protobuf";
import { TimestampSchema } from "@bufbuild/protobuf/wkt";
import { type CommitAuthor, CommitAuthorSchema } from "../gen/gitaly/shared_pb.ts";
import { type ByteString, byteStringToBytes } from "../hg/byte-string.ts";

/** Name and email of a Mercurial user string. */
export interface Person {
  /** Display name. */
  name: ByteString;
  /** Email address (empty when the user string holds none). */
  email: ByteString;
}

/**
 * Splits a Mercurial user: `Foo Bar <foo@bar>` -> (`Foo Bar`, `foo@bar`), with quotes around
 * the name removed; `foo.bar@baz` -> (`foo bar`, `foo.bar@baz`); no `<` nor `@` -> the whole
 * string as name and no email (RHGitaly's rule).
 */
export function parsePerson(user: ByteString): Person {
  const lt = user.indexOf("<");
  if (lt >= 0) {
    const gt = user.indexOf(">", lt);
    const name = user.slice(0, lt).replace(/^[ "]+|[ "]+$/g, "").replaceAll('\\"', '"');
    return { name, email: user.slice(lt + 1, gt < 0 ? undefined : gt) };
  }
  const at = user.indexOf("@");
  if (at >= 0) return { name: user.slice(0, at).replaceAll(".", " "), email: user };
  return { name: user, email: "" };
}

/** Git's `+HHMM` timezone of a Mercurial offset in seconds west of UTC. */
export function gitTimezone(tzOffset: number): string {
  const offset = Number.isFinite(tzOffset) ? Math.trunc(tzOffset) : 0;
  const sign = offset <= 0 ? "+" : "-";
  const abs = Math.abs(offset);
  const hours = Math.floor(abs / 3600);
  const minutes = Math.floor((abs % 3600) / 60);
  return `${sign}${String(hours).padStart(2, "0")}${String(minutes).padStart(2, "0")}`;
}

/** The Git author of a Mercurial user, Unix time and offset. */
export function commitAuthor(user: ByteString, time: number, tzOffset: number): CommitAuthor {
  const { name, email } = parsePerson(user);
  return create(CommitAuthorSchema, {
    name: byteStringToBytes(name),
    email: byteStringToBytes(email),
    date: create(TimestampSchema, { seconds: BigInt(Math.trunc(time)), nanos: 0 }),
    timezone: new TextEncoder().encode(gitTimezone(tzOffset)),
  });
}
