/** Process-wide bounded cache of reconstructed revlog texts, keyed by index snapshot and rev. */
import { LruCache } from "./lru-cache.ts";

const DEFAULT_BUDGET = 64 * 1024 * 1024;

/** Cache of full raw texts; values must be treated as read-only. */
export const revlogTextCache = new LruCache<string, Uint8Array>(
  DEFAULT_BUDGET,
  (t) => t.length + 64,
  DEFAULT_BUDGET / 8,
);

/** Key of `rev` in snapshot `indexId`. */
export function textKey(indexId: number, rev: number): string {
  return `${indexId}:${rev}`;
}

/** Sets the memory budget (bytes) of the text cache; texts above 1/8 of it are not cached. */
export function setRevlogTextCacheBudget(bytes: number): void {
  revlogTextCache.maxEntryWeight = bytes / 8;
  revlogTextCache.resize(bytes);
}
