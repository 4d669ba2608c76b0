/**
 * The text `git range-diff` compares for one commit: what it keeps of the commit's
 * `git log -p --no-prefix` entry, in sections.
 *
 *    ## Metadata ##
 *   Author: <name> <email>
 *
 *    ## Commit message ##
 *       <message lines, indented by 4, tabs expanded, trailing blanks removed>
 *
 *    ## <path> | <path> (new) | <path> (deleted) | <old> => <new> [(mode change M => N)] ##
 *   @@ <path>: <function context>        (inner hunk headers lose their line numbers)
 *    <context line>
 *   -<deleted line>
 *   +<added line>
 *
 * The diff against the first parent uses Mercurial renames (copies show as new files, as
 * `git log -p` without `-C` shows them). The part from the first file section on (the whole
 * text for a commit without changes) identifies exact matches; its line count, without
 * the blank separators, is the commit's "size" in the cost of creating or deleting it.
 */
import type { ByteString } from "../../hg/byte-string.ts";
import type { Repository } from "../../hg/repository.ts";
import { parsePerson } from "../commit-author.ts";
import { quoteGitPath } from "../git-path-quote.ts";
import { isBinaryContent } from "./binary.ts";
import { changesetDeltas } from "./changeset-diff.ts";
import type { FileDelta } from "./file-delta.ts";
import { deltaContents } from "./file-patch.ts";
import { diffLines } from "./line-diff.ts";
import { unifiedHunks } from "./unified-hunks.ts";

/** One commit of a range, as range-diff sees it. */
export interface RangeDiffPatch {
  /** Changeset revision and node. */
  rev: number;
  node: string;
  /** The whole compared text. */
  text: ByteString;
  /** Where the diff part starts in `text` (0 when the commit changes nothing). */
  diffOffset: number;
  /** Lines of the diff part (section headers, hunk headers and lines). */
  diffSize: number;
  /** The one-line subject (`git log --oneline`). */
  title: ByteString;
}

const TAB_WIDTH = 8;

/** Lines of a message, with trailing whitespace removed (`git log` shows them so). */
function messageLines(description: ByteString): ByteString[] {
  return description.split("\n").map((l) => l.replace(/[ \t\n\v\f\r]+$/, ""));
}

/** Expands tabs to 8 columns, counting UTF-8 characters as one column each. */
function expandTabs(line: ByteString): ByteString {
  if (!line.includes("\t")) return line;
  let out = "";
  let column = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    const code = line.charCodeAt(i);
    if (ch === "\t") {
      const pad = TAB_WIDTH - (column % TAB_WIDTH);
      out += " ".repeat(pad);
      column += pad;
      continue;
    }
    out += ch;
    if (code < 0x80 || code >= 0xc0) column++; // continuation bytes add no column
  }
  return out;
}

/** The subject `git log --oneline` shows: the first paragraph's lines joined by spaces. */
export function onelineSubject(description: ByteString): ByteString {
  const lines = messageLines(description);
  let i = 0;
  while (i < lines.length && lines[i] === "") i++;
  const title: ByteString[] = [];
  for (; i < lines.length && lines[i] !== ""; i++) title.push(lines[i]);
  return title.join(" ");
}

/** The metadata and commit message sections. */
function headerSections(user: ByteString, description: ByteString): ByteString {
  const { name, email } = parsePerson(user);
  let out = ` ## Metadata ##\nAuthor: ${name} <${email}>\n\n ## Commit message ##\n`;
  const lines = messageLines(description);
  let first = 0;
  while (first < lines.length && lines[first] === "") first++;
  let last = lines.length;
  while (last > first && lines[last - 1] === "") last--;
  for (let i = first; i < last; i++) {
    out += lines[i] === "" ? "\n" : `    ${expandTabs(lines[i])}\n`;
  }
  return out;
}

const octal = (mode: number) => mode.toString(8).padStart(6, "0");

/** The ` ## ... ##` title of a file section. */
function sectionTitle(d: FileDelta): ByteString {
  let title: ByteString;
  if (d.status === "A") title = `${d.toPath} (new)`;
  else if (d.status === "D") title = `${d.fromPath} (deleted)`;
  else if (d.status === "R") title = `${d.fromPath} => ${d.toPath}`;
  else title = d.toPath;
  if (d.oldMode && d.newMode && d.oldMode !== d.newMode) {
    title += ` (mode change ${octal(d.oldMode)} => ${octal(d.newMode)})`;
  }
  return ` ## ${title} ##`;
}

/** Copies count as additions: `git log -p` finds renames only. */
function asLogDelta(d: FileDelta): FileDelta {
  if (d.status !== "C") return d;
  return { ...d, status: "A", fromPath: d.toPath, oldMode: 0, old: undefined };
}

/** The lines of one file's section body, as range-diff rewrites them. */
function fileLines(repo: Repository, d: FileDelta): ByteString[] {
  const [a, b] = deltaContents(repo, d);
  if (d.old && d.new && a.length === b.length && a.every((x, i) => x === b[i])) return [];
  const path = d.status === "D" ? d.fromPath : d.toPath;
  if (isBinaryContent(a) || isBinaryContent(b)) {
    const from = d.old ? quoteGitPath(d.fromPath) : "/dev/null";
    const to = d.new ? quoteGitPath(d.toPath) : "/dev/null";
    return [` Binary files ${from} and ${to} differ`];
  }
  const text = unifiedHunks(a, b, diffLines(a, b)).text;
  const out: ByteString[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    if (line.startsWith("@@ ")) {
      const close = line.indexOf("@@", 3);
      const func = line.slice(close + 2);
      out.push(func === "" ? "@@" : `@@ ${path}:${func}`);
    } else if (line.startsWith("\\")) {
      out.push(" " + line);
    } else {
      out.push(line);
    }
  }
  return out;
}

/** The range-diff text of changeset `rev` (its diff against its first parent). */
export function rangeDiffPatch(repo: Repository, rev: number): RangeDiffPatch {
  const cs = repo.changelog.read(rev);
  const parts: ByteString[] = [headerSections(cs.user, cs.description)];
  let length = parts[0].length;
  let diffOffset = 0;
  let diffSize = 0;
  for (const delta of changesetDeltas(repo, cs.p1, rev)) {
    const d = asLogDelta(delta);
    parts.push("\n");
    length += 1;
    if (diffOffset === 0) diffOffset = length;
    const lines = [sectionTitle(d), ...fileLines(repo, d)];
    const block = lines.join("\n") + "\n";
    parts.push(block);
    length += block.length;
    diffSize += lines.length;
  }
  return {
    rev,
    node: repo.changelog.node(rev),
    text: parts.join(""),
    diffOffset,
    diffSize,
    title: onelineSubject(cs.description),
  };
}
