/**
 * Tar member headers as Python's `tarfile` writes them in its default PAX format (what
 * Mercurial's archiver produces), so our tar streams are byte-identical to `hg archive`.
 *
 * Facts of the format: 512-byte ustar header (name 100, mode 8, uid 8, gid 8, size 12,
 * mtime 12, checksum 8, type 1, linkname 100, magic `ustar\0` + version `00`, uname 32,
 * gname 32, devmajor 8, devminor 8, prefix 155), numbers in zero-padded octal ending with NUL,
 * checksum `%06o\0 ` over the header with the checksum field counted as spaces.
 * A pax extended header (type `x`, named `././@PaxHeader`) precedes a member when a name is
 * not ASCII or too long, or when a number is fractional or out of range: records
 * `<len> <key>=<value>\n`, with `hdrcharset=BINARY` first when a value is not valid UTF-8.
 * Python's ustar fields replace each non-ASCII character (or undecodable byte) with `?`.
 */
import { pyFloatRepr, pyRound } from "./py-number.ts";
import { isUtf8, pyAsciiReplace } from "./py-text.ts";

/** Size of a tar block. */
export const TAR_BLOCK = 512;
/** Tar output is padded to a multiple of this at the end (tarfile's RECORDSIZE). */
export const TAR_RECORD = 20 * TAR_BLOCK;

/** One archive member: a regular file or a symbolic link. */
export interface TarMember {
  /** Full member name (bytes). */
  name: Uint8Array;
  /** Permission bits of a file (links are written 0777). */
  mode: number;
  /** Data size of a file (0 for links). */
  size: number;
  /** Modification time in seconds, possibly fractional (Mercurial's changeset date). */
  mtime: number;
  /** Target of a symbolic link; absent for regular files. */
  linkTarget?: Uint8Array;
}

const ASCII = new TextEncoder();
const MAGIC = ASCII.encode("ustar\x0000");

function isAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80) return false;
  return true;
}

function putBytes(block: Uint8Array, offset: number, length: number, value: Uint8Array) {
  block.set(value.subarray(0, length), offset);
}

function putOctal(block: Uint8Array, offset: number, digits: number, value: number) {
  putBytes(block, offset, digits, ASCII.encode(value.toString(8).padStart(digits - 1, "0")));
}

interface UstarFields {
  name: Uint8Array;
  mode: number;
  size: number;
  mtime: number;
  type: string;
  linkname: Uint8Array;
}

function ustarHeader(f: UstarFields): Uint8Array {
  const block = new Uint8Array(TAR_BLOCK);
  putBytes(block, 0, 100, f.name);
  putOctal(block, 100, 8, f.mode & 0o7777);
  putOctal(block, 108, 8, 0);
  putOctal(block, 116, 8, 0);
  putOctal(block, 124, 12, f.size);
  putOctal(block, 136, 12, f.mtime);
  block.fill(0x20, 148, 156);
  block[156] = f.type.charCodeAt(0);
  putBytes(block, 157, 100, f.linkname);
  block.set(MAGIC, 257);
  let sum = 0;
  for (const b of block) sum += b;
  putBytes(block, 148, 7, ASCII.encode(`${sum.toString(8).padStart(6, "0")}\0`));
  return block;
}

function paxRecord(key: string, value: Uint8Array): Uint8Array {
  const fixed = key.length + value.length + 3;
  let len = 0;
  for (let next = fixed + 1; next !== len;) {
    len = next;
    next = fixed + String(len).length;
  }
  const head = ASCII.encode(`${len} ${key}=`);
  const out = new Uint8Array(len);
  out.set(head);
  out.set(value, head.length);
  out[len - 1] = 0x0a;
  return out;
}

function padded(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(data.length / TAR_BLOCK) * TAR_BLOCK);
  out.set(data);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A number field: its ustar value and, when it needs one, its pax value. */
function numberField(value: number, digits: number): { ustar: number; pax?: string } {
  const fractional = !Number.isInteger(value);
  const rounded = pyRound(value);
  if (!(rounded >= 0 && rounded < 8 ** (digits - 1))) {
    return { ustar: 0, pax: fractional ? pyFloatRepr(value) : String(value) };
  }
  return fractional ? { ustar: rounded, pax: pyFloatRepr(value) } : { ustar: value };
}

/**
 * Header blocks of `member` (pax extended header first when needed). `mtime` is taken as a
 * Python float, as Mercurial passes it, so the pax header always carries it.
 */
export function tarMemberHeader(member: TarMember): Uint8Array {
  const isLink = member.linkTarget !== undefined;
  const linkname = member.linkTarget ?? new Uint8Array(0);
  const pax: [string, Uint8Array][] = [];
  for (const [key, value] of [["path", member.name], ["linkpath", linkname]] as const) {
    if (!isAscii(value) || value.length > 100) pax.push([key, value]);
  }
  const size = numberField(isLink ? 0 : member.size, 12);
  // Mercurial's date is a float: tarfile writes its repr in the pax header even when whole.
  const mtime = numberField(member.mtime, 12);
  const mtimePax = mtime.pax ?? pyFloatRepr(member.mtime);
  if (size.pax !== undefined) pax.push(["size", ASCII.encode(size.pax)]);
  pax.push(["mtime", ASCII.encode(mtimePax)]);

  const parts: Uint8Array[] = [];
  const records: Uint8Array[] = [];
  if (pax.some(([, v]) => !isUtf8(v))) records.push(ASCII.encode("21 hdrcharset=BINARY\n"));
  for (const [key, value] of pax) records.push(paxRecord(key, value));
  const payload = concat(records);
  parts.push(ustarHeader({
    name: ASCII.encode("././@PaxHeader"),
    mode: 0,
    size: payload.length,
    mtime: 0,
    type: "x",
    linkname: new Uint8Array(0),
  }));
  parts.push(padded(payload));
  parts.push(ustarHeader({
    name: pyAsciiReplace(member.name),
    mode: isLink ? 0o777 : member.mode,
    size: size.ustar,
    mtime: mtime.ustar,
    type: isLink ? "2" : "0",
    linkname: pyAsciiReplace(linkname),
  }));
  return concat(parts);
}

/** Zero bytes needed after `size` bytes of member data to reach a block boundary. */
export function tarDataPadding(size: number): number {
  return (TAR_BLOCK - (size % TAR_BLOCK)) % TAR_BLOCK;
}

/** End of archive after `written` bytes: two zero blocks, then zeros up to a full record. */
export function tarTrailerSize(written: number): number {
  const end = written + 2 * TAR_BLOCK;
  return end + (TAR_RECORD - (end % TAR_RECORD)) % TAR_RECORD - written;
}
