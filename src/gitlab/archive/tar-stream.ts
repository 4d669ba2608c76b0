/**
 * An uncompressed tar stream of archive members, byte-identical to Mercurial's archiver:
 * per member its headers (tar-header.ts), data and padding; then the end-of-archive blocks
 * padded to a full record. Data is read member by member: one file in memory at a time.
 */
import type { ArchiveMember } from "./archive-member.ts";
import { tarDataPadding, tarMemberHeader, tarTrailerSize } from "./tar-header.ts";

/** Pieces of the tar stream of `members`, all with modification time `mtime`. */
export function* tarStream(members: Iterable<ArchiveMember>, mtime: number): Generator<Uint8Array> {
  let written = 0;
  for (const m of members) {
    const data = m.data();
    const header = tarMemberHeader({
      name: m.name,
      mode: m.mode,
      size: m.isLink ? 0 : data.length,
      mtime,
      linkTarget: m.isLink ? data : undefined,
    });
    yield header;
    written += header.length;
    if (!m.isLink && data.length > 0) {
      yield data;
      const pad = tarDataPadding(data.length);
      if (pad > 0) yield new Uint8Array(pad);
      written += data.length + pad;
    }
  }
  yield new Uint8Array(tarTrailerSize(written));
}
