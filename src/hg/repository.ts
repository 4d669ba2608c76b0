/**
 * Opening a repository: locating `.hg`, the store (possibly a share source's), checking
 * requirements, and giving access to the changelog, manifests and filelogs as one snapshot.
 */
import { type ByteString, byteStringToUtf8 } from "./byte-string.ts";
import { Changelog } from "./changelog.ts";
import { RepositoryNotFoundError } from "./errors.ts";
import { type FileIdentity, fileIdentity, identityOf } from "./file-identity.ts";
import { Filelog } from "./filelog.ts";
import { LruCache } from "./lru-cache.ts";
import { type Manifest, ManifestLog } from "./manifest.ts";
import { checkRequirements, parseRequires, readRequiresFile } from "./requirements.ts";
import { filelogStorePaths, type StoreEncoding, storeEncodingFor } from "./store-path.ts";

/** An opened repository snapshot. */
export interface Repository {
  /** Working directory root (the path given to openRepository, without trailing slash). */
  root: string;
  /** The repository's own `.hg` directory. */
  hgDir: string;
  /** `.hg` of the repository owning the store (the share source, else `hgDir`). */
  sharedHgDir: string;
  /** Directory of revlogs, phaseroots, obsstore (`<sharedHgDir>/store`, or it without store). */
  storeDir: string;
  /** All requirements (`.hg/requires`, plus the store's with share-safe). */
  requirements: Set<string>;
  /** How store file names are encoded. */
  storeEncoding: StoreEncoding;
  /** The changelog snapshot. */
  changelog: Changelog;
  /** The manifest revlog snapshot (opened on first use). */
  readonly manifestLog: ManifestLog;
  /** Parsed manifest of a hex manifest node (NULL_NODE gives the empty manifest). */
  manifest(node: string): Manifest;
  /** Filelog of a tracked path (an empty revlog if the path never existed). */
  filelog(path: ByteString): Filelog;
}

function isDirectory(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

function resolvePath(base: string, rel: string): string {
  if (rel.startsWith("/")) return rel;
  const parts = `${base}/${rel}`.split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "..") out.pop();
    else if (p !== "." && p !== "") out.push(p);
  }
  return (base.startsWith("/") ? "/" : "") + out.join("/");
}

/**
 * Requirements of `.hg/requires`, undefined when there is no repository: a `.hg` directory
 * holds a requires file or, for very old repositories without one, a changelog. Reading the
 * file first spares the other checks in the common case.
 */
function readRequires(hgDir: string): Set<string> | undefined {
  try {
    return parseRequires(Deno.readTextFileSync(`${hgDir}/requires`));
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotADirectory)) throw e;
  }
  return isDirectory(hgDir) && isFile(`${hgDir}/00changelog.i`) ? new Set() : undefined;
}

/** Reads `.hg/sharedpath` and returns the share source's `.hg` directory. */
function sharedSource(hgDir: string, relative: boolean): string {
  const raw = Deno.readTextFileSync(`${hgDir}/sharedpath`).replace(/\n$/, "");
  return relative ? resolvePath(hgDir, raw) : raw;
}

/** Where a repository's parts are and how to read them, as derived from its requires files. */
interface Layout {
  sharedHgDir: string;
  storeDir: string;
  requirements: Set<string>;
  storeEncoding: StoreEncoding;
}

/** Reads the layout of the repository whose `.hg` is `hgDir` (throws if unreadable). */
function readLayout(root: string, hgDir: string): Layout {
  const requirements = readRequires(hgDir);
  if (requirements === undefined) throw new RepositoryNotFoundError(root);
  const sharedHgDir = requirements.has("shared") || requirements.has("relshared")
    ? sharedSource(hgDir, requirements.has("relshared"))
    : hgDir;
  if (sharedHgDir !== hgDir && !isDirectory(sharedHgDir)) {
    throw new RepositoryNotFoundError(sharedHgDir);
  }
  if (requirements.has("share-safe")) {
    for (const r of readRequiresFile(`${sharedHgDir}/store/requires`)) requirements.add(r);
  }
  checkRequirements(requirements);
  return {
    sharedHgDir,
    requirements,
    storeDir: requirements.has("store") ? `${sharedHgDir}/store` : sharedHgDir,
    storeEncoding: storeEncodingFor(requirements),
  };
}

/**
 * What one opening of a repository leaves for the next ones: its layout, valid while the
 * requires files keep their identities, and its last changelog snapshot, valid while the
 * changelog index file keeps its identity (a snapshot object is immutable, so requests may
 * share it). Identities are taken before the files are read: a file changed in between only
 * makes the next opening read it again.
 */
interface OpenedState {
  requiresId: FileIdentity;
  /** `store/requires` and its identity, with share-safe. */
  storeRequires?: { path: string; id: FileIdentity | undefined };
  layout: Layout;
  changelog?: { id: FileIdentity; value: Changelog; inlineSize: number };
}

/** Memory budget (approximate bytes) of the kept states. */
const OPENED_STATES_BUDGET = 64 * 1024 * 1024;

/**
 * Opened states by repository root. Shares are not kept (their source may be re-pointed). A
 * kept changelog snapshot of an inline revlog (small repositories) holds its file's bytes:
 * entries are weighed with them.
 */
const openedStates = new LruCache<string, OpenedState>(
  OPENED_STATES_BUDGET,
  (state) => 2048 + (state.changelog?.inlineSize ?? 0),
);

/** Drops every kept repository layout and changelog snapshot (tests). */
export function clearOpenedRepositoryCache(): void {
  openedStates.clear();
}

/** The repository's layout, from the kept state when its requires files are unchanged. */
function layoutOf(root: string, hgDir: string): { layout: Layout; state?: OpenedState } {
  const requiresId = fileIdentity(`${hgDir}/requires`);
  if (requiresId === undefined) return { layout: readLayout(root, hgDir) };
  const kept = openedStates.get(root);
  if (
    kept !== undefined && kept.requiresId === requiresId &&
    (kept.storeRequires === undefined ||
      fileIdentity(kept.storeRequires.path) === kept.storeRequires.id)
  ) {
    return { layout: kept.layout, state: kept };
  }
  const storeRequiresPath = `${hgDir}/store/requires`;
  // Stat-ed before reading, like `requires` above (only used for share-safe repositories).
  const storeRequiresId = fileIdentity(storeRequiresPath);
  const layout = readLayout(root, hgDir);
  if (layout.sharedHgDir !== hgDir) return { layout };
  const state: OpenedState = {
    requiresId,
    storeRequires: layout.requirements.has("share-safe")
      ? { path: storeRequiresPath, id: storeRequiresId }
      : undefined,
    layout,
  };
  openedStates.set(root, state);
  return { layout, state };
}

/** The changelog snapshot, reused from `state` while the index file is unchanged. */
function changelogOf(root: string, storeDir: string, state: OpenedState | undefined): Changelog {
  if (state === undefined) return new Changelog(storeDir);
  let info: Deno.FileInfo | undefined;
  try {
    info = Deno.statSync(`${storeDir}/00changelog.i`);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  const id = info === undefined ? undefined : identityOf(info);
  if (id !== undefined && state.changelog?.id === id) return state.changelog.value;
  const changelog = new Changelog(storeDir);
  state.changelog = id === undefined ? undefined : {
    id,
    value: changelog,
    inlineSize: changelog.index.inline ? info!.size : 0,
  };
  openedStates.set(root, state); // weighed again with the changelog it now holds
  return changelog;
}

class RepositoryImpl implements Repository {
  root: string;
  hgDir: string;
  sharedHgDir: string;
  storeDir: string;
  requirements: Set<string>;
  storeEncoding: StoreEncoding;
  changelog: Changelog;
  #manifestLog: ManifestLog | undefined;
  readonly #filelogs = new Map<ByteString, Filelog>();

  constructor(root: string) {
    this.root = root;
    this.hgDir = `${root}/.hg`;
    const { layout, state } = layoutOf(root, this.hgDir);
    this.sharedHgDir = layout.sharedHgDir;
    // A copy: callers may not change the kept set.
    this.requirements = new Set(layout.requirements);
    this.storeDir = layout.storeDir;
    this.storeEncoding = layout.storeEncoding;
    this.changelog = changelogOf(root, this.storeDir, state);
  }

  get manifestLog(): ManifestLog {
    return (this.#manifestLog ??= new ManifestLog(this.storeDir));
  }

  manifest(node: string): Manifest {
    return this.manifestLog.read(node);
  }

  filelog(path: ByteString): Filelog {
    let fl = this.#filelogs.get(path);
    if (!fl) {
      const rel = filelogStorePaths(path, this.storeEncoding);
      fl = new Filelog(
        path,
        `${this.storeDir}/${byteStringToUtf8(rel.index)}`,
        `${this.storeDir}/${byteStringToUtf8(rel.data)}`,
      );
      this.#filelogs.set(path, fl);
    }
    return fl;
  }
}

/**
 * Opens the repository whose working directory root is `path`.
 * Throws RepositoryNotFoundError without `.hg`, UnsupportedRequirementError for formats this
 * engine cannot read.
 */
export function openRepository(path: string): Repository {
  const root = path.length > 1 ? path.replace(/\/+$/, "") : path;
  return new RepositoryImpl(root);
}
