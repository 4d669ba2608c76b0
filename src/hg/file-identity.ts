/** Stat-based identity of a file, used to key caches of parsed on-disk data. */

/** A string that changes whenever the file is replaced, appended to or rewritten. */
export type FileIdentity = string;

/** Identity of the file at `path`, or undefined if it does not exist. */
export function fileIdentity(path: string): FileIdentity | undefined {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotADirectory) {
      return undefined;
    }
    throw e;
  }
  return identityOf(info);
}

/** Identity computed from an already obtained FileInfo. */
export function identityOf(info: Deno.FileInfo): FileIdentity {
  return `${info.dev}:${info.ino}:${info.size}:${info.mtime?.getTime()}:${info.ctime?.getTime()}`;
}
