/**
 * A changeset's archive in one of GitLab's formats, as a stream of byte pieces: members
 * (archive-members.ts) through the tar or zip writer, then gzip or bzip2 for compressed tars.
 * Everything is produced on demand, one member at a time.
 */
import type { Repository } from "../../hg/repository.ts";
import { archiveMembers, type ArchiveSelection } from "./archive-members.ts";
import { bzip2Compress } from "./bzip2-compress.ts";
import { gzipCompress } from "./gzip-compress.ts";
import { tarStream } from "./tar-stream.ts";
import { zipStream } from "./zip-stream.ts";

/** Archive formats, named like Mercurial's archive types. */
export type ArchiveKind = "zip" | "tar" | "tgz" | "tbz2";

/** External programs an archive may need. */
export interface ArchiveTools {
  /** Path of the `bzip2` executable (tbz2 only). */
  bzip2: string;
}

/** Byte pieces of the `kind` archive of changeset `rev` restricted to `selection`. */
export function archiveStream(
  repo: Repository,
  rev: number,
  kind: ArchiveKind,
  selection: ArchiveSelection,
  tools: ArchiveTools,
): Iterable<Uint8Array> | AsyncIterable<Uint8Array> {
  const mtime = repo.changelog.read(rev).time;
  const members = archiveMembers(repo, rev, selection);
  switch (kind) {
    case "zip":
      return zipStream(members, mtime);
    case "tar":
      return tarStream(members, mtime);
    case "tgz":
      return gzipCompress(tarStream(members, mtime), mtime);
    case "tbz2":
      return bzip2Compress(tarStream(members, mtime), tools.bzip2);
  }
}
