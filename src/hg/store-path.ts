/**
 * Mapping of store file names (e.g. `data/<path>.i`) to their on-disk names, according to the
 * repository layout (`hg help internals.requirements`: store, fncache, dotencode).
 *
 * - no `store`: names used as is (after directory encoding);
 * - `store` without `fncache`: reversible encoding (upper case as `_x`, `_` as `__`, reserved
 *   bytes as `~xx`);
 * - `fncache`: the same plus Windows reserved names and trailing dots/spaces encoded, (with
 *   `dotencode`) a leading dot or space encoded, and, when the result exceeds 120 bytes, a
 *   hashed form `dh/<dir prefixes>/<basename filler><sha1 hex><ext>`.
 */
import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import type { ByteString } from "./byte-string.ts";

/** How store file names are encoded on disk. */
export type StoreEncoding = "plain" | "encoded" | "fncache" | "fncache-dotencode";

const MAX_STORE_PATH_LEN = 120;
const DIR_PREFIX_LEN = 8;
const MAX_SHORT_DIRS_LEN = 8 * (DIR_PREFIX_LEN + 1) - 4;
const WINDOWS_RESERVED = '\\:*?"<>|';

function isReserved(code: number): boolean {
  return code < 32 || code >= 126 || WINDOWS_RESERVED.includes(String.fromCharCode(code));
}

function tilde(code: number): string {
  return "~" + code.toString(16).padStart(2, "0");
}

/** Escapes directory names ending in `.hg`, `.i`, `.d` so they cannot clash with revlogs. */
export function encodeDir(path: ByteString): ByteString {
  if (!path.includes("/")) return path;
  return path.replaceAll(".hg/", ".hg.hg/").replaceAll(".i/", ".i.hg/").replaceAll(
    ".d/",
    ".d.hg/",
  );
}

/** Reverses encodeDir. */
export function decodeDir(path: ByteString): ByteString {
  if (!path.includes(".hg/")) return path;
  return path.replaceAll(".d.hg/", ".d/").replaceAll(".i.hg/", ".i/").replaceAll(
    ".hg.hg/",
    ".hg/",
  );
}

/** The reversible byte encoding (`_x` for capitals and `_`, `~xx` for reserved bytes). */
function encodeFname(s: ByteString): ByteString {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isReserved(c)) out += tilde(c);
    else if (c >= 65 && c <= 90) out += "_" + String.fromCharCode(c + 32);
    else if (c === 95) out += "__";
    else out += s[i];
  }
  return out;
}

/** Lower-cases ASCII capitals and escapes reserved bytes as `~xx` (used by hashing). */
function lowerEncode(s: ByteString): ByteString {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isReserved(c)) out += tilde(c);
    else if (c >= 65 && c <= 90) out += String.fromCharCode(c | 0x20);
    else out += s[i];
  }
  return out;
}

/** Encodes Windows reserved base names and trailing (and with dotencode leading) dots/spaces. */
function auxEncode(parts: string[], dotEncode: boolean): string[] {
  for (let i = 0; i < parts.length; i++) {
    let n = parts[i];
    if (!n) continue;
    if (dotEncode && (n[0] === "." || n[0] === " ")) {
      n = tilde(n.charCodeAt(0)) + n.slice(1);
    } else {
      let l = n.indexOf(".");
      if (l === -1) l = n.length;
      const head = n.slice(0, 3);
      if (
        (l === 3 && (head === "aux" || head === "con" || head === "prn" || head === "nul")) ||
        (l === 4 && n[3] >= "1" && n[3] <= "9" && (head === "com" || head === "lpt"))
      ) {
        n = n.slice(0, 2) + tilde(n.charCodeAt(2)) + n.slice(3);
      }
    }
    const last = n[n.length - 1];
    if (last === "." || last === " ") n = n.slice(0, -1) + tilde(last.charCodeAt(0));
    parts[i] = n;
  }
  return parts;
}

/** Extension as Python's os.path.splitext sees it (leading dots are not separators). */
function extension(basename: string): string {
  const dot = basename.lastIndexOf(".");
  if (dot <= 0) return "";
  for (let i = 0; i < dot; i++) if (basename[i] !== ".") return basename.slice(dot);
  return "";
}

function sha1Hex(s: ByteString): string {
  return createHash("sha1").update(Buffer.from(s, "latin1")).digest("hex");
}

/** The non-reversible hashed form for long paths; `path` is already directory-encoded. */
function hashEncode(path: ByteString, dotEncode: boolean): string {
  const digest = sha1Hex(path);
  const parts = auxEncode(lowerEncode(path.slice(5)).split("/"), dotEncode);
  const basename = parts[parts.length - 1];
  const ext = extension(basename);
  const sdirs: string[] = [];
  let sdirsLen = 0;
  for (const p of parts.slice(0, -1)) {
    let d = p.slice(0, DIR_PREFIX_LEN);
    const last = d[d.length - 1];
    if (last === "." || last === " ") d = d.slice(0, -1) + "_";
    const t = sdirsLen === 0 ? d.length : sdirsLen + 1 + d.length;
    if (sdirsLen !== 0 && t > MAX_SHORT_DIRS_LEN) break;
    sdirs.push(d);
    sdirsLen = t;
  }
  const dirs = sdirs.length > 0 ? sdirs.join("/") + "/" : "";
  const res = "dh/" + dirs + digest + ext;
  const spaceLeft = MAX_STORE_PATH_LEN - res.length;
  if (spaceLeft > 0) return "dh/" + dirs + basename.slice(0, spaceLeft) + digest + ext;
  return res;
}

function hybridEncode(path: ByteString, dotEncode: boolean): string {
  const dirEncoded = encodeDir(path);
  const res = auxEncode(encodeFname(dirEncoded).split("/"), dotEncode).join("/");
  return res.length > MAX_STORE_PATH_LEN ? hashEncode(dirEncoded, dotEncode) : res;
}

/** Encodes a store-relative name (e.g. `data/foo/Bar.txt.i`) to its on-disk relative name. */
export function encodeStorePath(path: ByteString, encoding: StoreEncoding): ByteString {
  switch (encoding) {
    case "plain":
      return encodeDir(path);
    case "encoded":
      return encodeFname(encodeDir(path));
    case "fncache":
      return hybridEncode(path, false);
    case "fncache-dotencode":
      return hybridEncode(path, true);
  }
}

/** On-disk relative names of the index and data files of the filelog of `path`. */
export function filelogStorePaths(
  path: ByteString,
  encoding: StoreEncoding,
): { index: ByteString; data: ByteString } {
  return {
    index: encodeStorePath(`data/${path}.i`, encoding),
    data: encodeStorePath(`data/${path}.d`, encoding),
  };
}

/** The store encoding implied by a set of repository requirements. */
export function storeEncodingFor(requirements: ReadonlySet<string>): StoreEncoding {
  if (!requirements.has("store")) return "plain";
  if (!requirements.has("fncache")) return "encoded";
  return requirements.has("dotencode") ? "fncache-dotencode" : "fncache";
}
