/**
 * Per-revision branch data (named branch, branch closing, topic) in compact arrays.
 *
 * Reading every changeset is the expensive part of computing branch heads, so the table is
 * built once per repository and extended incrementally as the changelog grows (revlogs are
 * append-only; a strip is detected by the last known node changing and triggers a rebuild).
 * A source may give the branch without the topic (from Mercurial's revision branch cache):
 * topics are then read on first use, which only happens for non-public changesets.
 */
import type { ByteString } from "./byte-string.ts";

/** The branch-related facts of one changeset. */
export interface BranchInfo {
  /** Named branch (`default` when the changeset has no `branch` extra). */
  readonly branch: ByteString;
  /** True when the changeset has a `close` extra. */
  readonly closesBranch: boolean;
  /** Raw `topic` extra, empty when absent (whatever the phase); undefined if not read. */
  readonly topic?: ByteString;
}

/** Where the table reads changesets from (a changelog adapter). */
export interface BranchInfoSource {
  /** Number of revisions in the snapshot. */
  readonly length: number;
  /** Hex node of `rev`. */
  node(rev: number): string;
  /** Branch facts of `rev` (the topic may be left out). */
  branchInfo(rev: number): BranchInfo;
  /** Raw topic of `rev` ("" when none), for facts given without it. */
  topic(rev: number): ByteString;
}

/** Interned names shared (append-only) by successive tables of one repository. */
class NamePool {
  readonly names: ByteString[] = [""];
  readonly ids = new Map<ByteString, number>([["", 0]]);

  intern(name: ByteString): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.ids.set(name, id);
    }
    return id;
  }
}

/** Topic id of a revision whose topic was not read yet. */
const UNREAD = -1;

/** Snapshot of the branch facts of revisions `0 .. length-1`. */
export class BranchInfoTable {
  /** Number of revisions covered. */
  readonly length: number;
  /** Interned name id of each revision's branch. */
  readonly branchIds: Int32Array;
  /** 1 where the revision closes its branch. */
  readonly closes: Uint8Array;
  /** Node of the last revision, to detect a rewritten changelog. */
  readonly lastNode: string | undefined;
  readonly #pool: NamePool;
  /** Interned topic id per revision, 0 = none, UNREAD = to be read (filled lazily). */
  readonly #topicIds: Int32Array;
  readonly #readTopic: (rev: number) => ByteString;

  private constructor(
    pool: NamePool,
    source: BranchInfoSource,
    branchIds: Int32Array,
    topicIds: Int32Array,
    closes: Uint8Array,
  ) {
    this.#pool = pool;
    this.length = source.length;
    this.branchIds = branchIds;
    this.#topicIds = topicIds;
    this.closes = closes;
    this.lastNode = source.length > 0 ? source.node(source.length - 1) : undefined;
    this.#readTopic = (rev) => source.topic(rev);
  }

  /**
   * Builds the table for `source`, reusing `previous` when it is a prefix of it (same node at
   * its last revision), so that only new revisions are read.
   */
  static build(source: BranchInfoSource, previous?: BranchInfoTable): BranchInfoTable {
    const length = source.length;
    let start = 0;
    let pool = new NamePool();
    if (
      previous !== undefined && previous.length <= length &&
      (previous.length === 0 || source.node(previous.length - 1) === previous.lastNode)
    ) {
      if (previous.length === length) return previous;
      start = previous.length;
      pool = previous.#pool;
    }
    const branchIds = new Int32Array(length);
    const topicIds = new Int32Array(length);
    const closes = new Uint8Array(length);
    if (start > 0 && previous !== undefined) {
      branchIds.set(previous.branchIds);
      topicIds.set(previous.#topicIds);
      closes.set(previous.closes);
    }
    for (let rev = start; rev < length; rev++) {
      const info = source.branchInfo(rev);
      branchIds[rev] = pool.intern(info.branch);
      topicIds[rev] = info.topic === undefined
        ? UNREAD
        : info.topic === ""
        ? 0
        : pool.intern(info.topic);
      closes[rev] = info.closesBranch ? 1 : 0;
    }
    return new BranchInfoTable(pool, source, branchIds, topicIds, closes);
  }

  /** The name behind an interned id. */
  name(id: number): ByteString {
    return this.#pool.names[id];
  }

  /** Named branch of `rev`. */
  branch(rev: number): ByteString {
    return this.#pool.names[this.branchIds[rev]];
  }

  /** Interned id of the raw topic of `rev` (0 when none), reading it if needed. */
  topicId(rev: number): number {
    let id = this.#topicIds[rev];
    if (id === UNREAD) {
      const topic = this.#readTopic(rev);
      id = topic === "" ? 0 : this.#pool.intern(topic);
      this.#topicIds[rev] = id;
    }
    return id;
  }

  /** Raw topic of `rev` ("" when none). */
  topic(rev: number): ByteString {
    return this.#pool.names[this.topicId(rev)];
  }

  /** True when `rev` closes its branch. */
  closesBranch(rev: number): boolean {
    return this.closes[rev] === 1;
  }
}
