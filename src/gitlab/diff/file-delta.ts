/**
 * Changed files as Git's diff machinery sees them: a status letter, old and new paths and
 * modes (0 for a missing side), and both manifest sides. A change between symlink and
 * regular file (a type change) is split into a deletion followed by an addition, as Git
 * writes such pairs in patches and as Gitaly reports them in CommitDiff and CommitDelta.
 */
import type { ByteString } from "../../hg/byte-string.ts";
import { NULL_NODE } from "../../hg/node.ts";
import { blobOid } from "../object-id.ts";
import { modeOfFlags } from "../object-mode.ts";
import { type FilePair, type FileSide, isTypeChange } from "./file-pairs.ts";

/** Git's status letters: added, deleted, modified, renamed, copied. */
export type DeltaStatus = "A" | "D" | "M" | "R" | "C";

/** One file of a Git diff. */
export interface FileDelta {
  status: DeltaStatus;
  /** Old path (the path itself for additions). */
  fromPath: ByteString;
  /** New path (the path itself for deletions). */
  toPath: ByteString;
  /** Old Git mode, 0 when there is no old side. */
  oldMode: number;
  /** New Git mode, 0 when there is no new side. */
  newMode: number;
  old?: FileSide;
  new?: FileSide;
}

const STATUS: Record<FilePair["status"], DeltaStatus> = {
  added: "A",
  deleted: "D",
  modified: "M",
  renamed: "R",
  copied: "C",
};

function delta(status: DeltaStatus, old?: FileSide, now?: FileSide): FileDelta {
  return {
    status,
    fromPath: (old ?? now)!.path,
    toPath: (now ?? old)!.path,
    oldMode: old ? modeOfFlags(old.entry.flags) : 0,
    newMode: now ? modeOfFlags(now.entry.flags) : 0,
    old,
    new: now,
  };
}

/** The Git deltas of file pairs, type changes split. */
export function fileDeltas(pairs: readonly FilePair[]): FileDelta[] {
  const out: FileDelta[] = [];
  for (const p of pairs) {
    if (p.status === "modified" && isTypeChange(p.old!.entry, p.new!.entry)) {
      out.push(delta("D", p.old), delta("A", undefined, p.new));
    } else {
      out.push(delta(STATUS[p.status], p.old, p.new));
    }
  }
  return out;
}

/** Heptapod blob ids of a delta's sides (ZERO_SHA for a missing side). */
export function deltaBlobIds(
  d: FileDelta,
  fromNode: string,
  toNode: string,
): { fromId: string; toId: string } {
  return {
    fromId: d.old ? blobOid(fromNode, d.old.path) : NULL_NODE,
    toId: d.new ? blobOid(toNode, d.new.path) : NULL_NODE,
  };
}
