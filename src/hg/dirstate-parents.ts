/**
 * Working directory parents from `.hg/dirstate`.
 *
 * Dirstate v1 starts with the two 20-byte parent nodes. With the `dirstate-v2` requirement the
 * file is a docket: the marker `dirstate-v2\n`, then two 32-byte null-padded parent nodes.
 */
import { CorruptionError } from "./errors.ts";
import { bytesToHex, NODE_LENGTH, NULL_NODE } from "./node.ts";

const V2_MARKER = "dirstate-v2\n";
const V2_NODE_FIELD = 32;

/** Returns the hex nodes of the working directory parents (NULL_NODE when empty). */
export function parseDirstateParents(data: Uint8Array, v2: boolean): [string, string] {
  if (data.length === 0) return [NULL_NODE, NULL_NODE];
  let p1 = 0;
  let p2 = NODE_LENGTH;
  if (v2) {
    const marker = String.fromCharCode(...data.subarray(0, V2_MARKER.length));
    if (marker !== V2_MARKER) throw new CorruptionError("dirstate: expected dirstate-v2 marker");
    p1 = V2_MARKER.length;
    p2 = p1 + V2_NODE_FIELD;
  }
  if (data.length < p2 + NODE_LENGTH) {
    throw new CorruptionError("working directory state appears damaged");
  }
  return [bytesToHex(data, p1, p1 + NODE_LENGTH), bytesToHex(data, p2, p2 + NODE_LENGTH)];
}
