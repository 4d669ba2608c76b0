/**
 * GitCommit messages with the optional parts some RPCs ask for: trailers parsed from the
 * description, `referenced_by` ref names and short line statistics.
 */
import { create } from "@bufbuild/protobuf";
import {
  CommitStatInfoSchema,
  CommitTrailerSchema,
  type GitCommit,
} from "../gen/gitaly/shared_pb.ts";
import { type ByteString, byteStringToBytes } from "../hg/byte-string.ts";
import type { Changeset } from "../hg/changelog.ts";
import { parseTrailers } from "./commit-trailers.ts";
import { gitCommit, type NodeSource } from "./git-commit.ts";

/** Optional parts of a GitCommit. */
export interface CommitDecorations {
  /** Fill `trailers` from the description. */
  trailers?: boolean;
  /** Hex node -> ref names for `referenced_by` (see referencingRefs). */
  referencedBy?: ReadonlyMap<string, ByteString[]>;
  /** Line statistics for `short_stats` (left unset when undefined). */
  shortStats?: { additions: number; deletions: number; changedFiles: number };
}

/** The GitCommit of `cs` with the requested decorations. */
export function decoratedCommit(
  changelog: NodeSource,
  cs: Changeset,
  decorations: CommitDecorations = {},
): GitCommit {
  const commit = gitCommit(changelog, cs);
  if (decorations.trailers) {
    commit.trailers = parseTrailers(cs.description).map((t) =>
      create(CommitTrailerSchema, {
        key: byteStringToBytes(t.key),
        value: byteStringToBytes(t.value),
      })
    );
  }
  const refs = decorations.referencedBy?.get(cs.node);
  if (refs) commit.referencedBy = refs.map(byteStringToBytes);
  if (decorations.shortStats) {
    commit.shortStats = create(CommitStatInfoSchema, decorations.shortStats);
  }
  return commit;
}
