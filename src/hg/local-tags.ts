/**
 * Local tags, `.hg/localtags`: `<hex node> <name>` lines; the last line of a name wins.
 * Malformed lines are skipped, as Mercurial does.
 */
import type { ByteString } from "./byte-string.ts";
import { tagFileLines } from "./tag-history.ts";

const HEX_NODE = /^[0-9a-fA-F]{40}$/;

/** Parses localtags into name -> hex node (names are stripped of surrounding whitespace). */
export function parseLocalTags(data: ByteString): Map<ByteString, string> {
  const tags = new Map<ByteString, string>();
  for (const [node, name] of tagFileLines(data)) {
    if (!HEX_NODE.test(node)) continue;
    tags.delete(name);
    tags.set(name, node.toLowerCase());
  }
  return tags;
}
