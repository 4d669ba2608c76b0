/** Stat-based identity of a file, used to key caches of parsed on-disk data. */
import { existsSync } from "node:fs";
import { LruCache } from "./lru-cache.ts";

/** A string that changes whenever the file is replaced, appended to or rewritten. */
export type FileIdentity = string;

/**
 * Paths found missing by their last stat. Many optional files (localtags, merge state, state
 * files of unmanaged repositories) are usually absent, and a failing `Deno.statSync` costs a
 * thrown error (~3x a successful stat): such paths are probed with a cheap existence check
 * first. The check is made at every call, so a file created since is seen at once.
 */
const recentlyMissing = new LruCache<string, true>(16384);

/** Identity of the file at `path`, or undefined if it does not exist. */
export function fileIdentity(path: string): FileIdentity | undefined {
  if (recentlyMissing.peek(path) && !existsSync(path)) return undefined;
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotADirectory) {
      recentlyMissing.set(path, true);
      return undefined;
    }
    throw e;
  }
  recentlyMissing.delete(path);
  return identityOf(info);
}

/** Identity computed from an already obtained FileInfo. */
export function identityOf(info: Deno.FileInfo): FileIdentity {
  return `${info.dev}:${info.ino}:${info.size}:${info.mtime?.getTime()}:${info.ctime?.getTime()}`;
}
