import { join } from "node:path";

/** How a repository addressing failure maps to gRPC: INVALID_ARGUMENT or NOT_FOUND. */
export type RepositoryPathErrorKind = "invalid-argument" | "not-found";

/** A request addressed a repository wrongly (bad storage, bad path) or a missing one. */
export class RepositoryPathError extends Error {
  /** Creates an error of the given kind; `message` is meant for the client. */
  constructor(readonly kind: RepositoryPathErrorKind, message: string) {
    super(message);
    this.name = "RepositoryPathError";
  }
}

/**
 * The root of a storage. As in HGitaly, only the part of the name after its
 * last `:` is compared (`x:default` is `default`). Unknown storage:
 * `invalid-argument` `GetStorageByName: no such storage: "<name>"`.
 */
export function storageRoot(storages: ReadonlyMap<string, string>, storageName: string): string {
  const root = storages.get(storageName.slice(storageName.lastIndexOf(":") + 1));
  if (root === undefined) {
    throw new RepositoryPathError(
      "invalid-argument",
      `GetStorageByName: no such storage: ${JSON.stringify(storageName)}`,
    );
  }
  return root;
}

/**
 * The absolute path of a repository: the storage root joined with the relative
 * path, a trailing `.git` replaced by `.hg` (Heptapod convention:
 * `group/project.git` lives in `<root>/group/project.hg`).
 *
 * Refused with `invalid-argument`: unknown storage, empty relative path, an
 * absolute one, `..` leaving the root, a path designating the root itself, and
 * existing symbolic links along the path that lead outside the storage (checked
 * with realpath; links staying inside are fine, dangling ones are refused).
 * The result is spelled under the configured root (not its realpath), so that
 * permissions granted on the root cover it. Whether a repository exists there
 * is a separate question (see `repository-exists.ts`).
 */
export function resolveRepositoryPath(
  storages: ReadonlyMap<string, string>,
  storageName: string,
  relativePath: string,
): Promise<string> {
  try {
    return Promise.resolve(resolveRepositoryPathSync(storages, storageName, relativePath));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** {@link resolveRepositoryPath}, synchronously (throws RepositoryPathError). */
export function resolveRepositoryPathSync(
  storages: ReadonlyMap<string, string>,
  storageName: string,
  relativePath: string,
): string {
  const root = storageRoot(storages, storageName);
  const invalid = (why: string) =>
    new RepositoryPathError("invalid-argument", `${why}: ${JSON.stringify(relativePath)}`);
  if (relativePath === "") throw new RepositoryPathError("invalid-argument", "empty RelativePath");
  if (relativePath.includes("\0")) throw invalid("relative path contains a NUL byte");
  if (relativePath.startsWith("/")) throw invalid("relative path escapes the storage root");

  const parts: string[] = [];
  for (const part of relativePath.split("/")) {
    if (part === "" || part === ".") continue;
    if (part !== "..") parts.push(part);
    else if (parts.pop() === undefined) throw invalid("relative path escapes the storage root");
  }
  if (parts.length === 0) throw invalid("relative path designates the storage root itself");
  const last = parts.length - 1;
  if (parts[last].endsWith(".git")) parts[last] = `${parts[last].slice(0, -".git".length)}.hg`;

  const rootReal = rootRealPath(root);
  // The deepest existing ancestor's realpath accounts for every link above it.
  for (let depth = parts.length; rootReal !== undefined && depth > 0; depth--) {
    const candidate = join(root, ...parts.slice(0, depth));
    const real = realPathIfExists(candidate);
    if (real !== undefined) {
      if (!isWithin(real, rootReal)) throw invalid("relative path escapes the storage root");
      break;
    }
    if (isSymlink(candidate)) {
      throw invalid("relative path goes through a dangling symbolic link");
    }
  }
  return join(root, ...parts);
}

/**
 * Real paths of storage roots, resolved once: roots are configured at start and stay put while
 * the server runs, where a realpath costs ~20 µs per request. A root missing so far is looked
 * up again at the next request.
 */
const rootRealPaths = new Map<string, string>();

function rootRealPath(root: string): string | undefined {
  let real = rootRealPaths.get(root);
  if (real === undefined) {
    real = realPathIfExists(root);
    if (real !== undefined) rootRealPaths.set(root, real);
  }
  return real;
}

function isWithin(path: string, dir: string): boolean {
  return dir === "/" || path === dir || path.startsWith(`${dir}/`);
}

// Synchronous file system calls: a few microseconds each on a local disk, where the async
// ones cost ~30 µs of thread pool round trip on every request.
function realPathIfExists(path: string): string | undefined {
  try {
    return Deno.realPathSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      return undefined;
    }
    throw error;
  }
}

function isSymlink(path: string): boolean {
  try {
    return Deno.lstatSync(path).isSymlink;
  } catch {
    return false;
  }
}
