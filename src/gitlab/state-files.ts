/**
 * Reading the GitLab state files of a repository store, cached by file identity so that
 * repeated requests parse a file once and a rewrite by py-heptapod is noticed at once.
 */
import type { ByteString } from "../hg/byte-string.ts";
import { fileIdentity } from "../hg/file-identity.ts";
import { LruCache } from "../hg/lru-cache.ts";
import { parseKeepArounds, parseTypedRefs } from "./state-file-format.ts";

/** Kinds of typed-refs state files. */
export type TypedRefsKind = "branches" | "tags" | "special-refs";

interface Entry {
  identity: string;
  value: unknown;
}

const cache = new LruCache<string, Entry>(4096);

/** Drops every cached state file (tests). */
export function clearStateFileCache(): void {
  cache.clear();
}

/**
 * The parsed content of the file at `path` (undefined when missing), parsed again only when the
 * file's identity changed since the last call: one stat per call otherwise.
 */
export function cachedFileValue<T>(path: string, parse: (data: Uint8Array) => T): T | undefined {
  const identity = fileIdentity(path);
  if (identity === undefined) {
    cache.delete(path);
    return undefined;
  }
  const hit = cache.get(path);
  if (hit !== undefined && hit.identity === identity) return hit.value as T;
  let data: Uint8Array;
  try {
    data = Deno.readFileSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
  const value = parse(data);
  cache.set(path, { identity, value });
  return value;
}

const EMPTY_SET: ReadonlySet<string> = new Set();

/** Path of a state file in `storeDir`. */
export function stateFilePath(storeDir: string, kind: TypedRefsKind | "keep-arounds"): string {
  return `${storeDir}/gitlab.${kind}`;
}

/**
 * The refs of a typed-refs file, short name -> hex node; undefined when the file is missing.
 * The map is shared: do not modify it. Throws GitLabStateError on a malformed file.
 */
export function readTypedRefs(
  storeDir: string,
  kind: TypedRefsKind,
): ReadonlyMap<ByteString, string> | undefined {
  const path = stateFilePath(storeDir, kind);
  return cachedFileValue(path, (data) => parseTypedRefs(data, path));
}

/** The keep-around nodes (empty when the file is missing). Shared set: do not modify it. */
export function readKeepArounds(storeDir: string): ReadonlySet<string> {
  const path = stateFilePath(storeDir, "keep-arounds");
  return cachedFileValue(path, (data) => parseKeepArounds(data, path)) ?? EMPTY_SET;
}
