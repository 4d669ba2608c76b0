/**
 * Opening a repository: locating `.hg`, the store (possibly a share source's), checking
 * requirements, and giving access to the changelog, manifests and filelogs as one snapshot.
 */
import { type ByteString, byteStringToUtf8 } from "./byte-string.ts";
import { Changelog } from "./changelog.ts";
import { RepositoryNotFoundError } from "./errors.ts";
import { Filelog } from "./filelog.ts";
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
 * Requirements of `.hg/requires`, undefined when `hgDir` is not a directory. Reading the file
 * first spares a stat of `.hg` in the common case (the file exists, so `.hg` does); only a
 * missing file (very old repositories have none) needs the directory check.
 */
function readRequires(hgDir: string): Set<string> | undefined {
  try {
    return parseRequires(Deno.readTextFileSync(`${hgDir}/requires`));
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotADirectory)) throw e;
  }
  return isDirectory(hgDir) ? new Set() : undefined;
}

/** Reads `.hg/sharedpath` and returns the share source's `.hg` directory. */
function sharedSource(hgDir: string, relative: boolean): string {
  const raw = Deno.readTextFileSync(`${hgDir}/sharedpath`).replace(/\n$/, "");
  return relative ? resolvePath(hgDir, raw) : raw;
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
    const requirements = readRequires(this.hgDir);
    if (requirements === undefined) throw new RepositoryNotFoundError(root);
    this.sharedHgDir = requirements.has("shared") || requirements.has("relshared")
      ? sharedSource(this.hgDir, requirements.has("relshared"))
      : this.hgDir;
    if (this.sharedHgDir !== this.hgDir && !isDirectory(this.sharedHgDir)) {
      throw new RepositoryNotFoundError(this.sharedHgDir);
    }
    if (requirements.has("share-safe")) {
      for (const r of readRequiresFile(`${this.sharedHgDir}/store/requires`)) {
        requirements.add(r);
      }
    }
    checkRequirements(requirements);
    this.requirements = requirements;
    this.storeDir = requirements.has("store") ? `${this.sharedHgDir}/store` : this.sharedHgDir;
    this.storeEncoding = storeEncodingFor(requirements);
    this.changelog = new Changelog(this.storeDir);
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
