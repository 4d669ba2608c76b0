/**
 * The changelog: one revision per changeset.
 *
 * Entry text: manifest hex node, user, `time tz [extra]`, one touched file per line, an empty
 * line, then the description. Extras are `key:value` pairs separated by NUL, escaped.
 */
import { bytesToByteString, type ByteString } from "./byte-string.ts";
import { CorruptionError } from "./errors.ts";
import { NULL_NODE, NULL_REV } from "./node.ts";
import { pyEscapeDecode } from "./py-escape.ts";
import { Revlog } from "./revlog.ts";

/** A parsed changeset. */
export interface Changeset {
  /** Revision number. */
  rev: number;
  /** Hex node. */
  node: string;
  /** First parent revision (-1 if none). */
  p1: number;
  /** Second parent revision (-1 if none). */
  p2: number;
  /** Hex node of the root manifest. */
  manifestNode: string;
  /** Committer as recorded. */
  user: ByteString;
  /** Seconds since the epoch (may be fractional). */
  time: number;
  /** Offset of the committer's timezone, in seconds west of UTC (Mercurial convention). */
  tzOffset: number;
  /** Files touched by the changeset, as recorded. */
  files: ByteString[];
  /** Commit message. */
  description: ByteString;
  /** Extras, always holding `branch`. Keys are byte strings too. */
  extra: Map<string, ByteString>;
  /** Named branch ("default" when absent). */
  branch: ByteString;
  /** True when the changeset closes its branch (`close` extra). */
  closesBranch: boolean;
  /** Topic (evolve/topic extension extra), when set. */
  topic?: ByteString;
}

/** Decodes the extra field of a changelog entry (without the default branch). */
export function decodeExtra(raw: ByteString): Map<string, ByteString> {
  const extra = new Map<string, ByteString>();
  for (const item of raw.split("\0")) {
    if (!item) continue;
    let s = item;
    if (s.includes("\\0")) {
      // "\0" followed by digits must not be read as an octal escape: NULs are restored first,
      // taking care of escaped backslashes.
      s = s.replaceAll("\\\\", "\\\\\n").replaceAll("\\0", "\0").replaceAll("\n", "");
    }
    s = pyEscapeDecode(s);
    const colon = s.indexOf(":");
    if (colon < 0) throw new CorruptionError(`malformed changelog extra: ${JSON.stringify(s)}`);
    extra.set(s.slice(0, colon), s.slice(colon + 1));
  }
  return extra;
}

/** Parses the text of a changelog entry. */
export function parseChangesetText(
  text: ByteString,
): Omit<Changeset, "rev" | "node" | "p1" | "p2"> {
  if (text.length === 0) return emptyChangeset();
  const nl1 = text.indexOf("\n");
  const nl2 = nl1 < 0 ? -1 : text.indexOf("\n", nl1 + 1);
  const nl3 = nl2 < 0 ? -1 : text.indexOf("\n", nl2 + 1);
  if (nl3 < 0) throw new CorruptionError("malformed changelog entry");
  const doubleNl = text[nl3 + 1] === "\n" ? nl3 : text.indexOf("\n\n", nl3 + 1);
  if (doubleNl < 0) throw new CorruptionError("malformed changelog entry (no description)");

  const manifestNode = text.slice(0, nl1);
  const user = text.slice(nl1 + 1, nl2);
  const dateExtra = text.slice(nl2 + 1, nl3);
  const sp1 = dateExtra.indexOf(" ");
  const sp2 = sp1 < 0 ? -1 : dateExtra.indexOf(" ", sp1 + 1);
  const timeStr = sp1 < 0 ? dateExtra : dateExtra.slice(0, sp1);
  const tzStr = sp1 < 0 ? "" : dateExtra.slice(sp1 + 1, sp2 < 0 ? undefined : sp2);
  const time = Number(timeStr);
  if (timeStr === "" || Number.isNaN(time)) {
    throw new CorruptionError(`malformed changelog date: ${JSON.stringify(dateExtra)}`);
  }
  const tz = /^[+-]?\d+$/.test(tzStr) ? parseInt(tzStr, 10) : 0;
  const extra = sp2 < 0 ? new Map<string, ByteString>() : decodeExtra(dateExtra.slice(sp2 + 1));
  if (!extra.has("branch")) extra.set("branch", "default");
  const files = doubleNl === nl3 ? [] : text.slice(nl3 + 1, doubleNl).split("\n");
  const description = text.slice(doubleNl + 2);
  return {
    manifestNode,
    user,
    time,
    tzOffset: tz,
    files,
    description,
    extra,
    branch: extra.get("branch")!,
    closesBranch: extra.has("close"),
    topic: extra.get("topic"),
  };
}

function emptyChangeset(): Omit<Changeset, "rev" | "node" | "p1" | "p2"> {
  return {
    manifestNode: NULL_NODE,
    user: "",
    time: 0,
    tzOffset: 0,
    files: [],
    description: "",
    extra: new Map([["branch", "default"]]),
    branch: "default",
    closesBranch: false,
  };
}

/** The changelog revlog (`00changelog.i`) of a store. */
export class Changelog extends Revlog {
  /** Opens the changelog of the store at `storeDir`. */
  constructor(storeDir: string) {
    super(`${storeDir}/00changelog.i`);
  }

  /** Parses changeset `rev` (-1 gives the empty null changeset). */
  read(rev: number): Changeset {
    const [p1, p2] = this.parents(rev);
    const parsed = rev === NULL_REV
      ? emptyChangeset()
      : parseChangesetText(bytesToByteString(this.revision(rev)));
    // Built field by field: spreading then deleting `topic` is several times slower, and a
    // deleted property leaves the object in slow dictionary mode.
    const cs: Changeset = {
      rev,
      node: this.node(rev),
      p1,
      p2,
      manifestNode: parsed.manifestNode,
      user: parsed.user,
      time: parsed.time,
      tzOffset: parsed.tzOffset,
      files: parsed.files,
      description: parsed.description,
      extra: parsed.extra,
      branch: parsed.branch,
      closesBranch: parsed.closesBranch,
    };
    if (parsed.topic !== undefined) cs.topic = parsed.topic;
    return cs;
  }
}
