/**
 * A minimal POSIX ustar writer for small regular files (names up to 100 bytes), enough for the
 * custom hooks backup: 512-byte headers, contents padded to 512 bytes, two zero blocks at the
 * end and the archive padded to tar's 10240-byte record size, as Python's tarfile writes it.
 */

const BLOCK = 512;
const RECORD = 20 * BLOCK;

/** A regular file member. */
export interface TarMember {
  /** Member name (relative path, at most 100 bytes of UTF-8). */
  readonly name: string;
  readonly data: Uint8Array;
  /** Permission bits, e.g. 0o644. */
  readonly mode: number;
  /** Modification time, seconds since the epoch. */
  readonly mtime: number;
}

const encoder = new TextEncoder();

function putString(header: Uint8Array, offset: number, length: number, value: string): void {
  const bytes = encoder.encode(value);
  if (bytes.length > length) throw new RangeError(`tar field too long: ${value}`);
  header.set(bytes, offset);
}

function putOctal(header: Uint8Array, offset: number, length: number, value: number): void {
  putString(header, offset, length, `${value.toString(8).padStart(length - 1, "0")}\0`);
}

function header(member: TarMember): Uint8Array {
  const h = new Uint8Array(BLOCK);
  putString(h, 0, 100, member.name);
  putOctal(h, 100, 8, member.mode & 0o7777);
  putOctal(h, 108, 8, 0);
  putOctal(h, 116, 8, 0);
  putOctal(h, 124, 12, member.data.length);
  putOctal(h, 136, 12, Math.max(0, Math.floor(member.mtime)));
  h.fill(0x20, 148, 156);
  h[156] = 0x30; // regular file
  putString(h, 257, 6, "ustar\0");
  putString(h, 263, 2, "00");
  let sum = 0;
  for (const b of h) sum += b;
  putString(h, 148, 8, `${sum.toString(8).padStart(6, "0")}\0 `);
  return h;
}

/** The whole archive of `members`. */
export function tarArchive(members: readonly TarMember[]): Uint8Array {
  let size = 2 * BLOCK;
  for (const m of members) size += BLOCK + Math.ceil(m.data.length / BLOCK) * BLOCK;
  size = Math.ceil(size / RECORD) * RECORD;
  const out = new Uint8Array(size);
  let at = 0;
  for (const m of members) {
    out.set(header(m), at);
    at += BLOCK;
    out.set(m.data, at);
    at += Math.ceil(m.data.length / BLOCK) * BLOCK;
  }
  return out;
}
