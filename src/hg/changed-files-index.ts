/**
 * Per-repository index of the files each changeset touches, as recorded in its changelog entry
 * (the list Mercurial's `file()` revset and `hg log PATH` slow path use; it includes removed
 * files and merge resolutions, unlike filelog linkrevs, which also point to hidden changesets
 * after an amend or rebase).
 *
 * Building it reads every changeset once; it is then cached per repository and extended
 * incrementally when the changelog grows (revlogs are append-only). A strip is detected by a
 * per-revision node fingerprint and triggers a rebuild.
 */
import { bytesToByteString, type ByteString } from "./byte-string.ts";
import { LruCache } from "./lru-cache.ts";
import type { Changelog } from "./changelog.ts";

/** The changed files of every indexed changeset, with per-path postings. */
export interface ChangedFilesIndex {
  /** Number of indexed revisions (may exceed a given snapshot's length: bound queries). */
  readonly length: number;
  /** Path of every path id. */
  readonly paths: readonly ByteString[];
  /** Path id of a path, if some changeset touched it. */
  pathId(path: ByteString): number | undefined;
  /** Path ids touched by `rev`. */
  filesOf(rev: number): readonly number[];
  /** Revisions touching path id `id`, ascending. */
  revsOf(id: number): readonly number[];
}

class IndexImpl implements ChangedFilesIndex {
  readonly paths: ByteString[] = [];
  readonly #ids = new Map<ByteString, number>();
  /** Per revision: its path ids. */
  readonly #files: number[][] = [];
  /** Per path id: revisions, ascending. */
  readonly #postings: number[][] = [];
  /** First 32 bits of each revision's node, to detect strips. */
  fingerprints = new Int32Array(1024);
  weight = 0;

  get length(): number {
    return this.#files.length;
  }

  pathId(path: ByteString): number | undefined {
    return this.#ids.get(path);
  }

  filesOf(rev: number): readonly number[] {
    return this.#files[rev];
  }

  revsOf(id: number): readonly number[] {
    return this.#postings[id];
  }

  append(rev: number, node: string, files: ByteString[]): void {
    const ids: number[] = [];
    for (const path of files) {
      let id = this.#ids.get(path);
      if (id === undefined) {
        id = this.paths.length;
        this.paths.push(path);
        this.#ids.set(path, id);
        this.#postings.push([]);
        this.weight += 64 + path.length;
      }
      ids.push(id);
      this.#postings[id].push(rev);
    }
    this.#files.push(ids);
    this.weight += 32 + 12 * ids.length;
    if (rev >= this.fingerprints.length) {
      const grown = new Int32Array(this.fingerprints.length * 2);
      grown.set(this.fingerprints);
      this.fingerprints = grown;
    }
    this.fingerprints[rev] = fingerprint(node);
  }
}

function fingerprint(node: string): number {
  return parseInt(node.slice(0, 8), 16) | 0;
}

/** Files list of a changelog entry text: the lines between the date line and the blank line. */
export function changesetFiles(text: Uint8Array): ByteString[] {
  let pos = 0;
  for (let line = 0; line < 3; line++) {
    pos = text.indexOf(0x0a, pos) + 1;
    if (pos === 0) return [];
  }
  if (text[pos] === 0x0a) return [];
  let end = pos;
  while (end < text.length && !(text[end] === 0x0a && text[end + 1] === 0x0a)) {
    end = text.indexOf(0x0a, end + 1);
    if (end < 0) return [];
  }
  return bytesToByteString(text, pos, end).split("\n");
}

const cache = new LruCache<string, IndexImpl>(256 * 1024 * 1024, (i) => i.weight);

/** Drops every cached index (tests, memory pressure). */
export function clearChangedFilesCache(): void {
  cache.clear();
}

/**
 * The changed-files index of a repository (keyed by `key`, e.g. its `.hg` path), covering at
 * least the revisions of `changelog`.
 */
export function changedFilesIndex(key: string, changelog: Changelog): ChangedFilesIndex {
  let index = cache.get(key);
  const shared = Math.min(index?.length ?? 0, changelog.length);
  if (
    index === undefined ||
    (shared > 0 && index.fingerprints[shared - 1] !== fingerprint(changelog.node(shared - 1)))
  ) {
    index = new IndexImpl();
  }
  if (index.length < changelog.length) {
    for (let rev = index.length; rev < changelog.length; rev++) {
      index.append(rev, changelog.node(rev), changesetFiles(changelog.revision(rev)));
    }
    cache.set(key, index);
  }
  return index;
}
