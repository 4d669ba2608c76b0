/**
 * Bookmarks: `<hex node> <name>` lines in `.hg/bookmarks`, or `.hg/store/bookmarks` with the
 * `bookmarksinstore` requirement. Malformed lines and unknown nodes are skipped, as Mercurial does.
 */
import type { ByteString } from "./byte-string.ts";
import { join } from "node:path";

/** The requirement moving bookmarks into the store. */
export const BOOKMARKS_IN_STORE = "bookmarksinstore";

const HEX_NODE = /^[0-9a-fA-F]{40}$/;
// Only ASCII whitespace: bytes such as 0xA0 are part of names.
const ASCII_SPACE_EDGES = /^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g;

/** Parses a bookmarks file into name -> hex node, keeping only nodes accepted by `hasNode`. */
export function parseBookmarks(
  data: ByteString,
  hasNode: (node: string) => boolean = () => true,
): Map<ByteString, string> {
  const marks = new Map<ByteString, string>();
  for (const raw of data.split("\n")) {
    const line = raw.replace(ASCII_SPACE_EDGES, "");
    if (line === "") continue;
    const space = line.indexOf(" ");
    if (space < 0) continue;
    const node = line.slice(0, space);
    if (!HEX_NODE.test(node)) continue;
    const hex = node.toLowerCase();
    if (hasNode(hex)) marks.set(line.slice(space + 1), hex);
  }
  return marks;
}

/** The repository layout facts that decide where bookmarks live. */
export interface BookmarksLocation {
  /** The repository's own `.hg`. */
  readonly hgDir: string;
  /** `.hg` of the share source (equal to `hgDir` when not a share). */
  readonly sharedHgDir?: string;
  /** The store directory. */
  readonly storeDir: string;
  /** Repository requirements. */
  readonly requirements: ReadonlySet<string>;
}

/**
 * Where the bookmarks file of a repository lives: the store with `bookmarksinstore`, the share
 * source's `.hg` for a share whose `.hg/shared` lists `bookmarks`, else the own `.hg`.
 */
export function bookmarksPath(repo: BookmarksLocation): string {
  if (repo.requirements.has(BOOKMARKS_IN_STORE)) return join(repo.storeDir, "bookmarks");
  const source = repo.sharedHgDir;
  if (source !== undefined && source !== repo.hgDir && sharesBookmarks(repo.hgDir)) {
    return join(source, "bookmarks");
  }
  return join(repo.hgDir, "bookmarks");
}

function sharesBookmarks(hgDir: string): boolean {
  try {
    return Deno.readTextFileSync(join(hgDir, "shared")).split(/\r\n|\r|\n/).includes("bookmarks");
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}
