/** What the main thread sends an archive worker: a validated, resolved GetArchive request. */
import type { ArchiveKind } from "../../gitlab/archive/archive-stream.ts";
import type { ByteString } from "../../hg/byte-string.ts";

/** One archive to produce (plain data: it crosses the worker boundary). */
export interface ArchiveTask {
  /** Absolute path of the repository. */
  repositoryPath: string;
  /** Hex node of the changeset. */
  node: string;
  kind: ArchiveKind;
  /** Tidied member prefix (`""` or ending with `/`). */
  prefix: ByteString;
  /** Validated path (`""` for the whole tree). */
  path: ByteString;
  exclude: ByteString[];
  elidePath: boolean;
  /** Absolute path of `bzip2` (tbz2 only). */
  bzip2: string;
}
