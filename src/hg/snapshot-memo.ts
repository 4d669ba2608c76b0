/**
 * Values computed at most once per repository snapshot, i.e. per opened `Repository` object
 * (one per request): the identities of the files beside the revlogs and the state validated
 * against them. A request thus stats each file once, however many getters ask, and sees one
 * consistent state; the next request opens a new snapshot and validates again, so a write by
 * `hg` is seen by the next call.
 */
import { type FileIdentity, fileIdentity } from "./file-identity.ts";

const memos = new WeakMap<object, Map<string, unknown>>();

/** The value of `key` for `snapshot`, computed by `compute` on first use. */
export function snapshotMemo<T>(snapshot: object, key: string, compute: () => T): T {
  let memo = memos.get(snapshot);
  if (memo === undefined) {
    memo = new Map();
    memos.set(snapshot, memo);
  } else if (memo.has(key)) {
    return memo.get(key) as T;
  }
  const value = compute();
  memo.set(key, value);
  return value;
}

/** Identity of the file at `path` as first seen by `snapshot` (undefined if missing then). */
export function snapshotFileIdentity(snapshot: object, path: string): FileIdentity | undefined {
  return snapshotMemo(snapshot, `file:${path}`, () => fileIdentity(path));
}
