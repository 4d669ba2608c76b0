/** A zip stream of archive members (zip-writer.ts), reading one member's data at a time. */
import type { ArchiveMember } from "./archive-member.ts";
import { ZipWriter } from "./zip-writer.ts";

/** Pieces of the zip archive of `members`, all with modification time `mtime`. */
export function* zipStream(members: Iterable<ArchiveMember>, mtime: number): Generator<Uint8Array> {
  const zip = new ZipWriter(mtime);
  for (const m of members) {
    yield* zip.add({ name: m.name, mode: m.mode, isLink: m.isLink, data: m.data() });
  }
  yield* zip.finish();
}
