/**
 * Local tags, `.hg/localtags`: `<hex node> <name>` lines; the last line of a name wins.
 * Malformed lines are skipped, as Mercurial does.
 */
import type { ByteString } from "./byte-string.ts";

const HEX_NODE = /^[0-9a-fA-F]{40}$/;
// Only ASCII whitespace: bytes such as 0xA0 are part of names.
const ASCII_SPACE_EDGES = /^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g;

/** Parses localtags into name -> hex node (names are stripped of surrounding whitespace). */
export function parseLocalTags(data: ByteString): Map<ByteString, string> {
  const tags = new Map<ByteString, string>();
  for (const line of data.split(/\r\n|\r|\n/)) {
    const space = line.indexOf(" ");
    if (space < 0) continue;
    const node = line.slice(0, space);
    if (!HEX_NODE.test(node)) continue;
    const name = line.slice(space + 1).replace(ASCII_SPACE_EDGES, "");
    tags.delete(name);
    tags.set(name, node.toLowerCase());
  }
  return tags;
}
