/** Revision and node identifiers. */

/** The revision number of the null revision. */
export const NULL_REV = -1;

/** The hex node id of the null revision. */
export const NULL_NODE = "0".repeat(40);

/** Length of a binary node id (SHA-1). */
export const NODE_LENGTH = 20;

const HEX_TABLE: string[] = Array.from(
  { length: 256 },
  (_, i) => i.toString(16).padStart(2, "0"),
);

/** Lowercase hex of `bytes[start, end)`. */
export function bytesToHex(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let out = "";
  for (let i = start; i < end; i++) out += HEX_TABLE[bytes[i]];
  return out;
}

/** Parses an even-length hex string into bytes; throws on invalid input. */
export function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new Error(`invalid hex string: ${JSON.stringify(hex)}`);
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

/** True if `s` is a full 40-char lowercase hex node id. */
export function isHexNode(s: string): boolean {
  return s.length === 40 && /^[0-9a-f]{40}$/.test(s);
}
