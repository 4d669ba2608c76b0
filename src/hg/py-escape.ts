/** Decoding of Python `string_escape`-style escapes, as used in changelog extras. */
import type { ByteString } from "./byte-string.ts";

const SIMPLE: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\x08",
  f: "\x0c",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\x0b",
};

/**
 * Decodes backslash escapes like Python's `codecs.escape_decode`: simple escapes, octal
 * (1 to 3 digits), `\xHH`, backslash-newline (removed); unknown escapes are kept verbatim.
 */
export function pyEscapeDecode(s: ByteString): ByteString {
  if (!s.includes("\\")) return s;
  let out = "";
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c !== "\\" || i + 1 >= s.length) {
      out += c;
      i++;
      continue;
    }
    const n = s[i + 1];
    if (n in SIMPLE) {
      out += SIMPLE[n];
      i += 2;
    } else if (n === "\n") {
      i += 2;
    } else if (n >= "0" && n <= "7") {
      let j = i + 1;
      let v = 0;
      while (j < s.length && j < i + 4 && s[j] >= "0" && s[j] <= "7") {
        v = v * 8 + (s.charCodeAt(j) - 48);
        j++;
      }
      out += String.fromCharCode(v & 0xff);
      i = j;
    } else if (n === "x" && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 2, i + 4))) {
      out += String.fromCharCode(parseInt(s.slice(i + 2, i + 4), 16));
      i += 4;
    } else {
      out += "\\" + n;
      i += 2;
    }
  }
  return out;
}
