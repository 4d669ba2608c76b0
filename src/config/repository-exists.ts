import { join } from "node:path";
import { RepositoryPathError, resolveRepositoryPath } from "./repository-path.ts";

/**
 * Whether `path` holds a Mercurial repository: a `.hg` directory with a
 * `requires` file (or, for very old repositories, `00changelog.i`). Missing
 * paths answer `false`; other failures (e.g. permissions) are thrown. The stat is synchronous
 * (a few microseconds, where an async one costs ~30 µs of thread pool round trip per request).
 */
export function repositoryExists(path: string): Promise<boolean> {
  try {
    return Promise.resolve(repositoryExistsSync(path));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** {@link repositoryExists}, synchronously. */
export function repositoryExistsSync(path: string): boolean {
  for (const marker of ["requires", "00changelog.i"]) {
    try {
      if (Deno.statSync(join(path, ".hg", marker)).isFile) return true;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
        continue;
      }
      throw error;
    }
  }
  return false;
}

/**
 * {@link resolveRepositoryPath} for RPCs that need an existing repository:
 * a missing one is `not-found` `repository at "<relative path>" not found`.
 */
export async function existingRepositoryPath(
  storages: ReadonlyMap<string, string>,
  storageName: string,
  relativePath: string,
): Promise<string> {
  const path = await resolveRepositoryPath(storages, storageName, relativePath);
  if (!(await repositoryExists(path))) {
    throw new RepositoryPathError(
      "not-found",
      `repository at ${JSON.stringify(relativePath)} not found`,
    );
  }
  return path;
}
