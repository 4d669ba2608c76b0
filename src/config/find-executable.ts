import { join, resolve } from "node:path";

/**
 * The absolute path of an executable, `undefined` when not found. A name with a
 * `/` is taken as a path (relative to `cwd`); otherwise the directories of
 * `searchPath` (a `PATH` value) are scanned in order. Empty `PATH` entries are
 * skipped rather than meaning the current directory.
 */
export function findExecutable(name: string, searchPath: string, cwd: string): string | undefined {
  if (name === "") return undefined;
  if (name.includes("/")) {
    const path = resolve(cwd, name);
    return isExecutableFile(path) ? path : undefined;
  }
  for (const dir of searchPath.split(":")) {
    if (dir === "") continue;
    const path = resolve(cwd, join(dir, name));
    if (isExecutableFile(path)) return path;
  }
  return undefined;
}

function isExecutableFile(path: string): boolean {
  try {
    const info = Deno.statSync(path);
    return info.isFile && ((info.mode ?? 0) & 0o111) !== 0;
  } catch {
    return false;
  }
}
