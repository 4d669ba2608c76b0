/**
 * Repository requirements (`hg help internals.requirements`): which are readable by this
 * engine, and how they are read (`.hg/requires`, plus `store/requires` with share-safe).
 */
import { UnsupportedRequirementError } from "./errors.ts";

/**
 * Requirements this engine reads correctly. Working-directory-only ones (dirstate, sparse,
 * tracked hint) and those only affecting files read by other modules (phases, bookmarks) are
 * harmless for reading history; the persistent nodemap is simply not used.
 */
export const SUPPORTED_REQUIREMENTS: ReadonlySet<string> = new Set([
  "revlogv1",
  "store",
  "fncache",
  "dotencode",
  "generaldelta",
  "sparserevlog",
  "revlog-compression-zstd",
  "exp-compression-none",
  "share-safe",
  "shared",
  "relshared",
  "dirstate-v2",
  "dirstate-tracked-key-v1",
  "exp-sparse",
  "persistent-nodemap",
  "internal-phase",
  "internal-phase-2",
  "exp-archived-phase",
  "bookmarksinstore",
]);

/** Reads a requires file (one requirement per line); a missing file gives an empty set. */
export function readRequiresFile(path: string): Set<string> {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return new Set();
    throw e;
  }
  return parseRequires(text);
}

/** Parses the content of a requires file (one requirement per line). */
export function parseRequires(text: string): Set<string> {
  return new Set(text.split("\n").map((l) => l.trim()).filter((l) => l.length > 0));
}

/** Throws UnsupportedRequirementError for the first requirement this engine cannot honour. */
export function checkRequirements(requirements: ReadonlySet<string>): void {
  for (const r of [...requirements].sort()) {
    if (!SUPPORTED_REQUIREMENTS.has(r)) throw new UnsupportedRequirementError(r);
  }
  if (!requirements.has("revlogv1")) {
    throw new UnsupportedRequirementError("revlogv0", "repository without revlogv1");
  }
}
