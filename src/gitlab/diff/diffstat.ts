/**
 * Git's `--stat --summary` block as `git format-patch` writes it (72 columns): one line per
 * file with its name (renames as `{old => new}`), change count and a +/- graph scaled to fit,
 * binary files as `Bin <old> -> <new> bytes`, the totals line, then the summary of created,
 * deleted, renamed, copied files and mode changes.
 */
import type { ByteString } from "../../hg/byte-string.ts";
import { quoteGitPath } from "../git-path-quote.ts";

/** What the diffstat needs to know of one file (type changes are one entry). */
export interface StatFile {
  status: "A" | "D" | "M" | "R" | "C";
  fromPath: ByteString;
  toPath: ByteString;
  oldMode: number;
  newMode: number;
  /** Added lines, or new size in bytes for binary files. */
  added: number;
  /** Deleted lines, or old size in bytes for binary files. */
  deleted: number;
  binary: boolean;
  /** Similarity percentage of renames and copies. */
  similarity: number;
}

/** Width of format-patch's stat block (MAIL_DEFAULT_WRAP). */
const STAT_WIDTH = 72;

const decimalWidth = (n: number) => String(n).length;
const octal = (mode: number) => mode.toString(8).padStart(6, "0");

/** Git's `pprint_rename`: `a/{b => c}/d` around the common slash-bounded prefix and suffix. */
export function renameName(a: ByteString, b: ByteString): ByteString {
  if (quoteGitPath(a) !== a || quoteGitPath(b) !== b) {
    return `${quoteGitPath(a)} => ${quoteGitPath(b)}`;
  }
  let pfx = 0;
  for (let i = 0; i < a.length && i < b.length && a[i] === b[i]; i++) {
    if (a[i] === "/") pfx = i + 1;
  }
  // Compare from the terminators backwards, one step into the prefix's slash.
  let sfx = 0;
  const adjust = pfx ? 1 : 0;
  for (let i = a.length, j = b.length; i >= pfx - adjust && j >= pfx - adjust; i--, j--) {
    const ca = i < a.length ? a[i] : "\0";
    const cb = j < b.length ? b[j] : "\0";
    if (ca !== cb) break;
    if (ca === "/") sfx = a.length - i;
  }
  const aMid = Math.max(0, a.length - pfx - sfx);
  const bMid = Math.max(0, b.length - pfx - sfx);
  const braces = pfx + sfx > 0;
  return (braces ? a.slice(0, pfx) + "{" : "") + a.slice(pfx, pfx + aMid) + " => " +
    b.slice(pfx, pfx + bMid) + (braces ? "}" + a.slice(a.length - sfx) : "");
}

function printName(f: StatFile): ByteString {
  return f.status === "R" || f.status === "C"
    ? renameName(f.fromPath, f.toPath)
    : quoteGitPath(f.toPath);
}

const scale = (it: number, width: number, max: number) =>
  it === 0 ? 0 : 1 + Math.floor((it * (width - 1)) / max);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The stat lines and totals line. */
function statLines(files: readonly StatFile[]): ByteString {
  const names = files.map(printName);
  let maxLen = 0;
  let maxChange = 0;
  let numberWidth = 0;
  let binWidth = 0;
  files.forEach((f, i) => {
    maxLen = Math.max(maxLen, names[i].length);
    if (f.binary) {
      binWidth = Math.max(binWidth, 14 + decimalWidth(f.added) + decimalWidth(f.deleted));
      numberWidth = 3;
    } else maxChange = Math.max(maxChange, f.added + f.deleted);
  });
  numberWidth = Math.max(numberWidth, decimalWidth(maxChange));
  let graphWidth = maxChange + 4 > binWidth ? maxChange : binWidth - 4;
  let nameWidth = maxLen;
  const width = STAT_WIDTH;
  if (nameWidth + numberWidth + 6 + graphWidth > width) {
    if (graphWidth > Math.floor((width * 3) / 8) - numberWidth - 6) {
      graphWidth = Math.max(6, Math.floor((width * 3) / 8) - numberWidth - 6);
    }
    if (nameWidth > width - numberWidth - 6 - graphWidth) {
      nameWidth = width - numberWidth - 6 - graphWidth;
    } else graphWidth = width - numberWidth - 6 - nameWidth;
  }
  let out = "";
  let insertions = 0;
  let deletions = 0;
  files.forEach((f, i) => {
    let name = names[i];
    let prefix = "";
    let len = nameWidth;
    if (nameWidth < name.length) {
      prefix = "...";
      len = Math.max(0, len - 3);
      name = name.slice(name.length - len);
      const slash = name.indexOf("/");
      if (slash >= 0) name = name.slice(slash);
    }
    out += ` ${prefix}${name}${" ".repeat(Math.max(0, len - name.length))} |`;
    if (f.binary) {
      out += ` ${"Bin".padStart(numberWidth)}`;
      out += f.added || f.deleted ? ` ${f.deleted} -> ${f.added} bytes\n` : "\n";
      return;
    }
    insertions += f.added;
    deletions += f.deleted;
    let add = f.added;
    let del = f.deleted;
    if (graphWidth <= maxChange) {
      let total = scale(add + del, graphWidth, maxChange);
      if (total < 2 && add && del) total = 2;
      if (add < del) {
        add = scale(add, graphWidth, maxChange);
        del = total - add;
      } else {
        del = scale(del, graphWidth, maxChange);
        add = total - del;
      }
    }
    const count = f.added + f.deleted;
    out += ` ${String(count).padStart(numberWidth)}${count ? " " : ""}`;
    out += "+".repeat(add) + "-".repeat(del) + "\n";
  });
  out += ` ${plural(files.length, "file")} changed`;
  if (insertions || !deletions) out += `, ${plural(insertions, "insertion")}(+)`;
  if (deletions || !insertions) out += `, ${plural(deletions, "deletion")}(-)`;
  return out + "\n";
}

/** The `--summary` lines. */
function summaryLines(files: readonly StatFile[]): ByteString {
  let out = "";
  for (const f of files) {
    if (f.status === "A") out += ` create mode ${octal(f.newMode)} ${quoteGitPath(f.toPath)}\n`;
    else if (f.status === "D") {
      out += ` delete mode ${octal(f.oldMode)} ${quoteGitPath(f.fromPath)}\n`;
    } else if (f.status === "R" || f.status === "C") {
      const op = f.status === "R" ? "rename" : "copy";
      out += ` ${op} ${renameName(f.fromPath, f.toPath)} (${f.similarity}%)\n`;
      if (f.oldMode !== f.newMode) {
        out += ` mode change ${octal(f.oldMode)} => ${octal(f.newMode)}\n`;
      }
    } else if (f.oldMode !== f.newMode) {
      out += ` mode change ${octal(f.oldMode)} => ${octal(f.newMode)} ${quoteGitPath(f.toPath)}\n`;
    }
  }
  return out;
}

/** The whole stat block (stat lines, totals, summary); empty for no files. */
export function diffstat(files: readonly StatFile[]): ByteString {
  return files.length === 0 ? "" : statLines(files) + summaryLines(files);
}
