/**
 * The format of Heptapod's GitLab state files: a `001\n` preamble (format version 1), then
 * `<40 hex> <short ref name>\n` lines for typed refs, or `<40 hex>\n` lines for keep-arounds.
 * Names are raw bytes, kept as ByteStrings.
 */
import { bytesToByteString, type ByteString } from "../hg/byte-string.ts";
import { GitLabStateError } from "./state-file-error.ts";

const PREAMBLE = "001\n";
const HEX40 = /^[0-9a-f]{40}$/;

function body(data: Uint8Array, path: string): ByteString[] {
  const text = bytesToByteString(data);
  if (!text.startsWith(PREAMBLE)) {
    throw new GitLabStateError(path, "unknown format (expected preamble 001)");
  }
  const lines = text.slice(PREAMBLE.length).split("\n");
  // A final LF leaves one empty item; a missing one only happens on torn writes: keep the line.
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** Parses a typed-refs file (branches, tags, special refs): short name -> hex node. */
export function parseTypedRefs(data: Uint8Array, path: string): Map<ByteString, string> {
  const refs = new Map<ByteString, string>();
  for (const line of body(data, path)) {
    const node = line.slice(0, 40);
    if (line.length < 42 || line[40] !== " " || !HEX40.test(node)) {
      throw new GitLabStateError(path, `invalid line ${JSON.stringify(line)}`);
    }
    refs.set(line.slice(41), node);
  }
  return refs;
}

/** Parses a keep-arounds file: the set of hex nodes kept around. */
export function parseKeepArounds(data: Uint8Array, path: string): Set<string> {
  const nodes = new Set<string>();
  for (const line of body(data, path)) {
    if (!HEX40.test(line)) throw new GitLabStateError(path, `invalid line ${JSON.stringify(line)}`);
    nodes.add(line);
  }
  return nodes;
}
