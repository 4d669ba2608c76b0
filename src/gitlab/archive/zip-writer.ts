/**
 * Zip archives as Python's `zipfile` writes them for Mercurial's archiver (seekable output, so
 * sizes and CRC in the local headers, no data descriptors), produced entry by entry: each
 * member is compressed whole (raw deflate, zlib's default level) and emitted at once; only
 * the central directory records are kept until the end.
 *
 * Facts of the format: local header `PK\3\4` (version needed, flags, method, DOS time and date,
 * CRC-32, compressed and uncompressed sizes, name and extra lengths), central directory
 * records `PK\1\2` (adding version made by with the host system, comment length, disk,
 * internal and external attributes, local header offset), end record `PK\5\6`; Zip64 extra
 * field (id 1) and Zip64 end record and locator (`PK\6\6`, `PK\6\7`) past 2 GiB - 1 or 65535
 * entries. Members carry the Unix mode in the high half of the external attributes and an
 * "extended timestamp" extra field (id 0x5455) with the modification time, as Mercurial adds.
 */
import { crc32, deflateRawSync } from "node:zlib";
import { isUtf8 } from "./py-text.ts";

const ZIP64_LIMIT = 2 ** 31 - 1;
const ZIP_FILECOUNT_LIMIT = 0xffff;
const DEFAULT_VERSION = 20;
const ZIP64_VERSION = 45;
const UNIX_SYSTEM = 3;
const METHOD_DEFLATE = 8;
const FLAG_UTF8 = 0x800;
const S_IFREG = 0x8000;
const S_IFLNK = 0xa000;
/** Zip cannot store dates before 1980: Mercurial clamps the time to this. */
const DOS_EPOCH = 315532800;

/** A zip member: regular file or symbolic link (whose data is the link target). */
export interface ZipMember {
  name: Uint8Array;
  /** Permission bits (links are written 0777). */
  mode: number;
  isLink: boolean;
  data: Uint8Array;
}

interface CentralRecord {
  name: Uint8Array;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
  externalAttr: number;
}

class Bytes {
  readonly buf: Uint8Array;
  readonly view: DataView;
  at = 0;
  constructor(size: number) {
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
  }
  u16(v: number) {
    this.view.setUint16(this.at, v, true);
    this.at += 2;
    return this;
  }
  u32(v: number) {
    this.view.setUint32(this.at, v >>> 0, true);
    this.at += 4;
    return this;
  }
  i32(v: number) {
    this.view.setInt32(this.at, v, true);
    this.at += 4;
    return this;
  }
  u64(v: number) {
    this.view.setBigUint64(this.at, BigInt(v), true);
    this.at += 8;
    return this;
  }
  u8(v: number) {
    this.buf[this.at++] = v;
    return this;
  }
  bytes(b: Uint8Array) {
    this.buf.set(b, this.at);
    this.at += b.length;
    return this;
  }
}

function isAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80) return false;
  return true;
}

/** Writes zip members one at a time; every method returns the bytes to emit next. */
export class ZipWriter {
  readonly #records: CentralRecord[] = [];
  readonly #dosTime: number;
  readonly #dosDate: number;
  readonly #timestampExtra: Uint8Array;
  #offset = 0;

  /** @param mtime modification time of every member (seconds; clamped to 1980 like hg). */
  constructor(mtime: number) {
    const clamped = Math.max(mtime, DOS_EPOCH);
    const d = new Date(Math.floor(clamped) * 1000);
    this.#dosDate = ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) |
      d.getUTCDate();
    this.#dosTime = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) |
      Math.floor(d.getUTCSeconds() / 2);
    this.#timestampExtra = new Bytes(9).u16(0x5455).u16(5).u8(1).i32(Math.trunc(clamped)).buf;
  }

  /** Local header and compressed data of `member`. */
  add(member: ZipMember): Uint8Array[] {
    const { name, data } = member;
    const compressed = deflateRawSync(data);
    const crc = crc32(data);
    // Python fails on names that are not UTF-8; we store their bytes without the UTF-8 flag.
    const flags = isAscii(name) || !isUtf8(name) ? 0 : FLAG_UTF8;
    const zip64 = data.length * 1.05 > ZIP64_LIMIT;
    const huge = data.length > ZIP64_LIMIT || compressed.length > ZIP64_LIMIT;
    const extra = zip64
      ? new Bytes(9 + 20).bytes(this.#timestampExtra).u16(1).u16(16).u64(data.length)
        .u64(compressed.length).buf
      : this.#timestampExtra;
    const header = new Bytes(30 + name.length + extra.length)
      .u32(0x04034b50)
      .u16(huge ? ZIP64_VERSION : DEFAULT_VERSION)
      .u16(flags)
      .u16(METHOD_DEFLATE)
      .u16(this.#dosTime)
      .u16(this.#dosDate)
      .u32(crc)
      .u32(huge ? 0xffffffff : compressed.length)
      .u32(huge ? 0xffffffff : data.length)
      .u16(name.length)
      .u16(extra.length)
      .bytes(name)
      .bytes(extra).buf;
    const mode = member.isLink ? 0o777 | S_IFLNK : member.mode | S_IFREG;
    this.#records.push({
      name,
      flags,
      crc,
      compressedSize: compressed.length,
      size: data.length,
      offset: this.#offset,
      externalAttr: mode * 0x10000,
    });
    this.#offset += header.length + compressed.length;
    const body = new Uint8Array(compressed.buffer, compressed.byteOffset, compressed.length);
    return [header, body];
  }

  /** Central directory and end records; the writer is done afterwards. */
  *finish(): Generator<Uint8Array> {
    const start = this.#offset;
    let size = 0;
    for (const r of this.#records) {
      const zip64: number[] = [];
      const huge = r.size > ZIP64_LIMIT || r.compressedSize > ZIP64_LIMIT;
      if (huge) zip64.push(r.size, r.compressedSize);
      const farOffset = r.offset > ZIP64_LIMIT;
      if (farOffset) zip64.push(r.offset);
      const extraLength = (zip64.length ? 4 + 8 * zip64.length : 0) + this.#timestampExtra.length;
      const version = zip64.length ? ZIP64_VERSION : DEFAULT_VERSION;
      const rec = new Bytes(46 + r.name.length + extraLength)
        .u32(0x02014b50)
        .u8(version)
        .u8(UNIX_SYSTEM)
        .u16(version)
        .u16(r.flags)
        .u16(METHOD_DEFLATE)
        .u16(this.#dosTime)
        .u16(this.#dosDate)
        .u32(r.crc)
        .u32(huge ? 0xffffffff : r.compressedSize)
        .u32(huge ? 0xffffffff : r.size)
        .u16(r.name.length)
        .u16(extraLength)
        .u16(0)
        .u16(0)
        .u16(0)
        .u32(r.externalAttr)
        .u32(farOffset ? 0xffffffff : r.offset)
        .bytes(r.name);
      if (zip64.length) {
        rec.u16(1).u16(8 * zip64.length);
        for (const v of zip64) rec.u64(v);
      }
      rec.bytes(this.#timestampExtra);
      size += rec.buf.length;
      yield rec.buf;
    }
    const count = this.#records.length;
    const end = start + size;
    if (count > ZIP_FILECOUNT_LIMIT || start > ZIP64_LIMIT || size > ZIP64_LIMIT) {
      yield new Bytes(56 + 20)
        .u32(0x06064b50).u64(44).u16(ZIP64_VERSION).u16(ZIP64_VERSION).u32(0).u32(0)
        .u64(count).u64(count).u64(size).u64(start)
        .u32(0x07064b50).u32(0).u64(end).u32(1).buf;
    }
    yield new Bytes(22)
      .u32(0x06054b50).u16(0).u16(0)
      .u16(Math.min(count, 0xffff)).u16(Math.min(count, 0xffff))
      .u32(Math.min(size, 0xffffffff)).u32(Math.min(start, 0xffffffff)).u16(0).buf;
  }
}
