/**
 * `git format-patch --stdout --signature GitLab` of changesets, one mbox message each:
 *
 *   From <changeset> Mon Sep 17 00:00:00 2001
 *   From: <name> <email>            (RFC 2047 Q-encoded when non-ASCII, quoted if needed)
 *   Date: <RFC 2822 date in the changeset's timezone>
 *   Subject: [PATCH i/n] <first paragraph>   (folded at 78 columns, encoded if non-ASCII)
 *   (MIME headers when the message is not ASCII)
 *
 *   <rest of the message>
 *   ---
 *   <diffstat and summary>
 *
 *   <diff against the first parent>
 *   --
 *   GitLab
 *
 * The diff is ours (Heptapod blob ids in `index` lines, Mercurial copy metadata); binary
 * files are announced (`Binary files ... differ`) instead of Git's base85 binary patches.
 */
import type { ByteString } from "../../hg/byte-string.ts";
import type { Repository } from "../../hg/repository.ts";
import { gitTimezone, parsePerson } from "../commit-author.ts";
import { changesetDiffAsync } from "./changeset-diff.ts";
import { diffstat, type StatFile } from "./diffstat.ts";
import { changesetPairs, isTypeChange } from "./file-pairs.ts";
import { deltaContents } from "./file-patch.ts";
import { IN_PLACE, type LineDiffOffload } from "./line-diff-task.ts";
import { pairStatsAsync } from "./pair-stats.ts";
import { similarityIndex } from "./similarity.ts";
import { isBinaryContent } from "./binary.ts";
import { modeOfFlags } from "../object-mode.ts";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const SUBJECT_WIDTH = 78;
const ENCODED_WIDTH = 76;

/** RFC 2822 date of Unix `time` in the zone `tzOffset` (seconds west of UTC, Mercurial's). */
export function rfc2822Date(time: number, tzOffset: number): string {
  const d = new Date((Math.trunc(time) - Math.trunc(tzOffset)) * 1000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ` +
    `${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:` +
    `${two(d.getUTCSeconds())} ${gitTimezone(tzOffset)}`;
}

const nonAscii = (s: ByteString) => /[\x80-\xff]/.test(s);

function needsEncoding(s: ByteString): boolean {
  return nonAscii(s) || s.includes("\n") || s.includes("=?");
}

/** Length of the UTF-8 character starting with byte `c` (1 for invalid lead bytes). */
function utf8Length(c: number): number {
  if (c >= 0xf0 && c < 0xf8) return 4;
  if (c >= 0xe0) return 3;
  if (c >= 0xc0) return 2;
  return 1;
}

function isSpecial(c: number, address: boolean): boolean {
  if (c >= 0x80 || c < 0x20 || c === 0x7f) return true;
  if (c === 0x20 || c === 0x3d || c === 0x3f || c === 0x5f) return true;
  if (!address) return false;
  const ch = String.fromCharCode(c);
  return !/[A-Za-z0-9!*+\-/]/.test(ch);
}

/** RFC 2047 Q-encoding as Git writes it, lines kept under 76 columns from `column`. */
function rfc2047(text: ByteString, column: number, address: boolean): string {
  let out = "=?UTF-8?q?";
  let len = column + 10;
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    const n = Math.min(utf8Length(c), text.length - i);
    const special = n > 1 || isSpecial(c, address);
    const encodedLength = special ? 3 * n : 1;
    if (len + encodedLength + 2 > ENCODED_WIDTH) {
      out += "?=\n =?UTF-8?q?";
      len = 11;
    }
    for (let k = 0; k < n; k++) {
      const b = text.charCodeAt(i + k);
      out += special ? `=${b.toString(16).toUpperCase().padStart(2, "0")}` : text[i + k];
    }
    len += encodedLength;
    i += n;
  }
  return out + "?=";
}

/** Folds `text` at spaces so lines stay within 78 columns, continuation lines indented. */
function wrap(text: ByteString, column: number): ByteString {
  let out = "";
  let col = column;
  for (const word of text.split(" ")) {
    if (out !== "" && col + 1 + word.length > SUBJECT_WIDTH) {
      out += "\n " + word;
      col = 1 + word.length;
    } else {
      out += (out === "" ? "" : " ") + word;
      col += (out === word ? 0 : 1) + word.length;
    }
  }
  return out;
}

function fromHeader(user: ByteString): ByteString {
  const { name, email } = parsePerson(user);
  let shown = name;
  if (needsEncoding(name)) shown = rfc2047(name, "From: ".length, true);
  else if (/[()<>@,;:\\".[\]]/.test(name)) {
    shown = `"${name.replace(/(["\\])/g, "\\$1")}"`;
  }
  return `From: ${shown} <${email}>\n`;
}

/** Subject (first paragraph joined) and body (the rest) of a message, as Git splits it. */
function splitMessage(description: ByteString): { subject: ByteString; body: ByteString } {
  const lines = description.replace(/\s+$/, "").split("\n");
  let i = 0;
  while (i < lines.length && lines[i].trim() === "") i++;
  const title: string[] = [];
  for (; i < lines.length && lines[i].trim() !== ""; i++) title.push(lines[i].trim());
  while (i < lines.length && lines[i].trim() === "") i++;
  const rest = lines.slice(i).map((l) => l.replace(/\s+$/, ""));
  return { subject: title.join(" "), body: rest.length ? rest.join("\n") + "\n" : "" };
}

/** The stat entries of changeset `rev` against its first parent. */
async function statFiles(
  repo: Repository,
  fromRev: number,
  rev: number,
  offload: LineDiffOffload,
): Promise<StatFile[]> {
  const files: StatFile[] = [];
  for (const p of changesetPairs(repo, fromRev, rev)) {
    const typeChange = p.status === "modified" && isTypeChange(p.old!.entry, p.new!.entry);
    const [a, b] = deltaContents(repo, p);
    const binary = isBinaryContent(a) || isBinaryContent(b);
    const s = await pairStatsAsync(repo, p, offload);
    const status =
      ({ added: "A", deleted: "D", modified: "M", renamed: "R", copied: "C" } as const)[
        p.status
      ];
    files.push({
      status,
      fromPath: (p.old ?? p.new)!.path,
      toPath: (p.new ?? p.old)!.path,
      oldMode: p.old ? modeOfFlags(p.old.entry.flags) : 0,
      newMode: p.new ? modeOfFlags(p.new.entry.flags) : 0,
      added: binary && !typeChange ? b.length : s.additions,
      deleted: binary && !typeChange ? a.length : s.deletions,
      binary: binary && !(a.length === b.length && a.every((x, i) => x === b[i])),
      similarity: status === "R" || status === "C" ? similarityIndex(a, b, !binary) : 0,
    });
  }
  return files;
}

/** The mbox header and message part of one changeset's patch. */
function messagePart(repo: Repository, rev: number, index: number, total: number): ByteString {
  const cs = repo.changelog.read(rev);
  const { subject, body } = splitMessage(cs.description);
  const width = String(total).length;
  const prefix = total > 1 ? `[PATCH ${String(index).padStart(width, "0")}/${total}] ` : "[PATCH] ";
  const column = "Subject: ".length + prefix.length;
  const title = needsEncoding(subject) ? rfc2047(subject, column, false) : wrap(subject, column);
  let out = `From ${cs.node} Mon Sep 17 00:00:00 2001\n`;
  out += fromHeader(cs.user);
  out += `Date: ${rfc2822Date(cs.time, cs.tzOffset)}\n`;
  out += `Subject: ${prefix}${title}\n`;
  if (nonAscii(cs.description)) {
    out += "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n" +
      "Content-Transfer-Encoding: 8bit\n";
  }
  return out + "\n" + body;
}

/**
 * Yields the format-patch text of changesets `revs` (in order), piece by piece, line diffs
 * of big files running through `offload` (default: all in place). Merges are the caller's to
 * leave out, as format-patch does.
 */
export async function* formatPatches(
  repo: Repository,
  revs: readonly number[],
  offload: LineDiffOffload = IN_PLACE,
): AsyncGenerator<ByteString> {
  for (const [i, rev] of revs.entries()) {
    const p1 = repo.changelog.read(rev).p1;
    // Messages after the first are preceded by a blank line.
    yield (i > 0 ? "\n" : "") + messagePart(repo, rev, i + 1, revs.length);
    yield "---\n" + diffstat(await statFiles(repo, p1, rev, offload)) + "\n";
    for await (const e of changesetDiffAsync(repo, p1, rev, {}, offload)) {
      yield e.patch.header + e.patch.body;
    }
    yield "-- \nGitLab\n\n";
  }
}
