/** Git blob object ids: SHA-1 of `blob <size>\0` followed by the content. */
import { createHash } from "node:crypto";

/** The Git (SHA-1) blob id of `content`, in hex. */
export function gitBlobId(content: Uint8Array): string {
  return createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");
}
