/**
 * Blob and tree object ids of Heptapod: `<changeset hex>_<base64(path bytes)>`, standard
 * base64 with padding (`_` is outside its alphabet, so the first `_` splits). The root tree is
 * `<hex>_`. An oid without `_` is a bare changeset id.
 */
import { Buffer } from "node:buffer";
import type { ByteString } from "../hg/byte-string.ts";

/** Why an oid could not be decoded (names as in RHGitaly's OidError). */
export type ObjectIdErrorKind = "InvalidNodeId" | "InvalidPathComponent" | "MissingPath";

/** A malformed blob or tree oid. */
export class ObjectIdError extends Error {
  /** @param kind what is wrong; @param oid the offending oid. */
  constructor(readonly kind: ObjectIdErrorKind, readonly oid: string) {
    super(`${kind}: ${JSON.stringify(oid)}`);
    this.name = "ObjectIdError";
  }
}

/** A decoded oid: the changeset node (lowercase hex) and the path, if any. */
export interface DecodedObjectId {
  node: string;
  path: ByteString | undefined;
}

const NODE = /^[0-9a-fA-F]{40}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The oid of the object at `path` (blob or tree) in changeset `node`. */
export function objectId(node: string, path: ByteString): string {
  // btoa encodes a string of char codes 0..255 as those bytes: exactly a ByteString, natively
  // and without the intermediate byte array (tree listings compute thousands of oids).
  return `${node}_${btoa(path)}`;
}

/** Oid of the blob at `path` in changeset `node`. */
export const blobOid: (node: string, path: ByteString) => string = objectId;

/** Oid of the tree (directory) at `path` in changeset `node`; `""` is the root tree. */
export const treeOid: (node: string, path: ByteString) => string = objectId;

/** Decodes an oid, which may be a bare changeset id; throws ObjectIdError. */
export function decodeObjectId(oid: string): DecodedObjectId {
  const sep = oid.indexOf("_");
  const hex = sep < 0 ? oid : oid.slice(0, sep);
  if (!NODE.test(hex)) throw new ObjectIdError("InvalidNodeId", oid);
  if (sep < 0) return { node: hex.toLowerCase(), path: undefined };
  const encoded = oid.slice(sep + 1);
  if (!BASE64.test(encoded)) throw new ObjectIdError("InvalidPathComponent", oid);
  return { node: hex.toLowerCase(), path: Buffer.from(encoded, "base64").toString("latin1") };
}

/** Decodes a blob or tree oid, which must carry a path; throws ObjectIdError. */
export function decodePathObjectId(oid: string): { node: string; path: ByteString } {
  const { node, path } = decodeObjectId(oid);
  if (path === undefined) throw new ObjectIdError("MissingPath", oid);
  return { node, path };
}
