/**
 * Git's C-style path quoting (`quote_c_style` with core.quotePath on, the default): a path
 * holding control characters, `"`, `\`, DEL or non-ASCII bytes is written between double
 * quotes with C escapes (`\t`, `\n`, `\"`, `\\`...) and octal `\ooo` for other such bytes;
 * any other path is written as is.
 */
import type { ByteString } from "../hg/byte-string.ts";

const NAMED: Record<number, string> = {
  0x07: "\\a",
  0x08: "\\b",
  0x09: "\\t",
  0x0a: "\\n",
  0x0b: "\\v",
  0x0c: "\\f",
  0x0d: "\\r",
  0x22: '\\"',
  0x5c: "\\\\",
};

function needsQuote(c: number): boolean {
  return c < 0x20 || c === 0x22 || c === 0x5c || c >= 0x7f;
}

/** The path as Git prints it in porcelain outputs and diff headers. */
export function quoteGitPath(path: ByteString): ByteString {
  let needed = false;
  for (let i = 0; i < path.length && !needed; i++) needed = needsQuote(path.charCodeAt(i));
  if (!needed) return path;
  let out = '"';
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (!needsQuote(c)) out += path[i];
    else out += NAMED[c] ?? `\\${c.toString(8).padStart(3, "0")}`;
  }
  return out + '"';
}
