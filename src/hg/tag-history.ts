/**
 * Tag histories as Mercurial reads them from `.hgtags` and `.hg/localtags`, and the rule that
 * combines the histories read from several files (several heads, then local tags).
 *
 * A file is a list of `<hex node> <name>` lines. Within a file, the last line of a name gives
 * its node and the earlier ones its history; a node of all zeros records a removal. Between
 * files, the later file wins unless the earlier one supersedes it (its history contains the
 * later file's node, and the later file's history does not contain its node, or is shorter).
 */
import type { ByteString } from "./byte-string.ts";

/** The current node of a tag and the nodes it pointed to before. */
export interface TagEntry {
  /** Lowercase hex of the node (40 chars when well formed; all zeros means removed). */
  readonly node: string;
  /** Previous nodes, oldest first (may contain duplicates, as in Mercurial). */
  readonly history: readonly string[];
}

/** Tag name -> entry, in order of first appearance. */
export type TagHistoryMap = Map<ByteString, TagEntry>;

// Mercurial accepts any even-length hex (even empty): such nodes are dropped later as unknown.
const HEX = /^(?:[0-9a-fA-F]{2})*$/;
// Python's bytes.strip(): ASCII whitespace only (bytes such as 0xA0 are part of names).
const ASCII_SPACE_EDGES = /^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g;

/**
 * The `<hex> <name>` lines of a tags file (`.hgtags`, localtags), in order: the text before
 * the first space (not validated) and the rest stripped of ASCII whitespace. Lines without a
 * space are skipped.
 */
export function* tagFileLines(data: ByteString): Generator<[hex: ByteString, name: ByteString]> {
  for (const line of data.split(/\r\n|\r|\n/)) {
    const space = line.indexOf(" ");
    if (space >= 0) {
      yield [line.slice(0, space), line.slice(space + 1).replace(ASCII_SPACE_EDGES, "")];
    }
  }
}

/** Parses the content of a tags file; malformed lines are skipped like Mercurial does. */
export function parseTagsFile(data: ByteString): TagHistoryMap {
  const nodes = new Map<ByteString, string[]>();
  for (const [hex, name] of tagFileLines(data)) {
    if (!HEX.test(hex)) continue;
    const list = nodes.get(name);
    if (list === undefined) nodes.set(name, [hex.toLowerCase()]);
    else list.push(hex.toLowerCase());
  }
  const tags: TagHistoryMap = new Map();
  for (const [name, list] of nodes) {
    tags.set(name, { node: list[list.length - 1], history: list.slice(0, -1) });
  }
  return tags;
}

/**
 * Merges the tags of a file read later (`incoming`) into `merged`, in place. Returns the names
 * for which the incoming entry won, which is how Mercurial assigns tag types.
 */
export function mergeTagHistories(
  merged: TagHistoryMap,
  incoming: TagHistoryMap,
): Set<ByteString> {
  const won = new Set<ByteString>();
  for (const [name, entry] of incoming) {
    const previous = merged.get(name);
    if (previous === undefined) {
      merged.set(name, entry);
      won.add(name);
      continue;
    }
    const history = [...entry.history];
    const seen = new Set(history);
    let node = entry.node;
    if (
      previous.node !== node && previous.history.includes(node) &&
      (!seen.has(previous.node) || previous.history.length > entry.history.length)
    ) {
      node = previous.node;
    } else {
      won.add(name);
    }
    // Membership is tested against the incoming history only, as Mercurial does.
    for (const old of previous.history) if (!seen.has(old)) history.push(old);
    merged.set(name, { node, history });
  }
  return won;
}
