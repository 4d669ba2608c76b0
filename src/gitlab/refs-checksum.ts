/**
 * Gitaly's CalculateChecksum over GitLab refs: every `git show-ref --head` line
 * (`<oid> <ref name>`, `HEAD` first) whose text matches `HEAD|refs/(heads|tags|keep-around|
 * merge-requests|environments|notes)/` is hashed with SHA-1, the hashes are XORed, and the
 * result is printed as the hex of a big integer (leading zero bytes dropped). Without any
 * such line the checksum is 40 zeros.
 */
import { createHash } from "node:crypto";
import { Buffer } from "node:buffer";
import type { ByteString } from "../hg/byte-string.ts";
import { allRefs, defaultBranchTarget, type GitLabRefs } from "./gitlab-refs.ts";
import { ZERO_SHA } from "./ref-names.ts";

const COUNTED = /HEAD|(refs\/(heads|tags|keep-around|merge-requests|environments|notes)\/)/;

/** The `show-ref --head` lines of the refs (`HEAD` when the default branch exists). */
export function showRefLines(refs: GitLabRefs): ByteString[] {
  const lines: ByteString[] = [];
  const head = defaultBranchTarget(refs);
  if (head !== undefined) lines.push(`${head} HEAD`);
  for (const [name, node] of allRefs(refs)) lines.push(`${node} ${name}`);
  return lines;
}

/** The checksum of `lines` (ByteStrings), Gitaly style. */
export function checksumOfLines(lines: Iterable<ByteString>): string {
  const sum = new Uint8Array(20);
  for (const line of lines) {
    if (!COUNTED.test(line)) continue;
    const digest = createHash("sha1").update(Buffer.from(line, "latin1")).digest();
    for (let i = 0; i < 20; i++) sum[i] ^= digest[i];
  }
  let first = 0;
  while (first < 20 && sum[first] === 0) first++;
  if (first === 20) return ZERO_SHA;
  return Buffer.from(sum.subarray(first)).toString("hex");
}

/** The checksum of a repository's GitLab refs. */
export function refsChecksum(refs: GitLabRefs): string {
  return checksumOfLines(showRefLines(refs));
}
