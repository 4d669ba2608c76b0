/** The heads of every named branch (and topic) of a repository view, like Mercurial's branchmap. */
import type { ByteString } from "./byte-string.ts";

/** One head of a branch. */
export interface BranchHead {
  /** Revision number. */
  readonly rev: number;
  /** True when the head changeset closes the branch. */
  readonly closed: boolean;
}

/** The heads of one named branch, or of one topic of a named branch. */
export interface BranchHeads {
  /** Named branch. */
  readonly branch: ByteString;
  /** Topic, empty for the changesets of the branch that are not in a topic. */
  readonly topic: ByteString;
  /** Heads in ascending revision order (never empty). */
  readonly heads: readonly BranchHead[];
  /** Mercurial's branch tip: the highest open head, else the highest head. */
  readonly tip: number;
  /** True when every head closes the branch. */
  readonly closed: boolean;
}

/** Builds a {@link BranchHeads} from its heads in ascending revision order. */
export function makeBranchHeads(
  branch: ByteString,
  topic: ByteString,
  heads: readonly BranchHead[],
): BranchHeads {
  let tip = -1;
  for (let i = heads.length - 1; i >= 0 && tip === -1; i--) {
    if (!heads[i].closed) tip = heads[i].rev;
  }
  const closed = tip === -1;
  if (closed) tip = heads[heads.length - 1].rev;
  return { branch, topic, heads, tip, closed };
}

/** Branch heads by branch, then by topic ("" for the plain branch). */
export class BranchMap {
  readonly #byBranch = new Map<ByteString, Map<ByteString, BranchHeads>>();

  /** Indexes `entries` (at most one per branch and topic). */
  constructor(entries: Iterable<BranchHeads>) {
    for (const entry of entries) {
      let topics = this.#byBranch.get(entry.branch);
      if (topics === undefined) {
        topics = new Map();
        this.#byBranch.set(entry.branch, topics);
      }
      topics.set(entry.topic, entry);
    }
  }

  /** Heads of `branch` (outside topics), or of `topic` on `branch`. */
  get(branch: ByteString, topic: ByteString = ""): BranchHeads | undefined {
    return this.#byBranch.get(branch)?.get(topic);
  }

  /** Every entry: plain branches and topics, in insertion order. */
  *entries(): IterableIterator<BranchHeads> {
    for (const topics of this.#byBranch.values()) yield* topics.values();
  }

  /** Entries of plain named branches (topic ""). */
  *branches(): IterableIterator<BranchHeads> {
    for (const topics of this.#byBranch.values()) {
      const entry = topics.get("");
      if (entry !== undefined) yield entry;
    }
  }

  /** Entries of topics (non-empty topic). */
  *topics(): IterableIterator<BranchHeads> {
    for (const entries of this.#byBranch.values()) {
      for (const entry of entries.values()) if (entry.topic !== "") yield entry;
    }
  }
}
