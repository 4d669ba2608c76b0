/**
 * Patch ids as `git patch-id` computes them (Git 2.39 semantics), over one diff:
 *
 * - diff lines are SHA-1 hashed with all whitespace removed (kept with `verbatim`); hunk
 *   headers (`@@`), `index` lines and `\ No newline` markers are left out (the marker is
 *   kept with `verbatim`);
 * - a binary file contributes its pre- and post-image ids from the `index` line (each cut to
 *   64 characters) instead of content, and the `diff` line following a binary file is skipped;
 * - in stable mode, each file gets its own hash and the ids are summed as 20-byte numbers
 *   (byte 0 first, carries upwards), so file order does not matter; otherwise one hash
 *   covers everything.
 *
 * The result is undefined when nothing was hashed (no difference), as Git prints nothing.
 */
import { Buffer } from "node:buffer";
import { createHash, type Hash } from "node:crypto";
import type { ByteString } from "../../hg/byte-string.ts";

/** Variant of the algorithm. */
export interface PatchIdOptions {
  /** Sum per-file hashes (`--stable`, implied by verbatim). */
  stable: boolean;
  /** Keep whitespace (`--verbatim`). */
  verbatim?: boolean;
}

const HEX40 = /^[0-9a-fA-F]{40}/;
const OID_MAX = 64;

const SPACES = /[ \t\n\v\f\r]+/g;

function removeSpace(line: string): string {
  return line.replace(SPACES, "");
}

function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** Counts of a hunk header `@@ -a[,b] +c[,d] @@` (1 when omitted); undefined if malformed. */
function hunkCounts(line: string): [number, number] | undefined {
  const m = /^@@ -\d*(?:,(\d*))? \+\d*(?:,(\d*))?/.exec(line);
  if (!m) return undefined;
  return [m[1] === undefined ? 1 : Number(m[1] || 0), m[2] === undefined ? 1 : Number(m[2] || 0)];
}

class Accumulator {
  result = new Uint8Array(20);
  #hash: Hash = createHash("sha1");
  update(s: string): void {
    this.#hash.update(Buffer.from(s, "latin1"));
  }
  flush(): void {
    const h = this.#hash.digest();
    this.#hash = createHash("sha1");
    let carry = 0;
    for (let i = 0; i < 20; i++) {
      carry += this.result[i] + h[i];
      this.result[i] = carry & 0xff;
      carry >>= 8;
    }
  }
}

/** The patch id of `diff` (a Git diff as a ByteString), or undefined when empty. */
export function patchId(diff: ByteString, opts: PatchIdOptions): string | undefined {
  const verbatim = opts.verbatim ?? false;
  const stable = opts.stable || verbatim;
  const acc = new Accumulator();
  let patchLen = 0;
  let before = -1;
  let after = -1;
  let binary = false;
  let preOid = "";
  let postOid = "";
  let pos = 0;
  while (pos < diff.length) {
    const nl = diff.indexOf("\n", pos);
    const end = nl < 0 ? diff.length : nl + 1;
    const line = diff.slice(pos, end);
    pos = end;
    let p = line;
    if (line.startsWith("commit ")) p = line.slice(7);
    else if (line.startsWith("From ")) p = line.slice(5);
    else if (line.startsWith("\\ ") && line.length > 12) {
      if (verbatim) acc.update(line);
      continue;
    }
    if (HEX40.test(p)) break; // the next patch of a series starts
    if (patchLen === 0 && !line.startsWith("diff ")) continue;
    if (before === -1) {
      if (line.startsWith("GIT binary patch") || line.startsWith("Binary files")) {
        binary = true;
        before = 0;
        acc.update(preOid);
        acc.update(postOid);
        if (stable) acc.flush();
        continue;
      } else if (line.startsWith("index ")) {
        const dots = line.indexOf("..");
        if (dots >= 0) {
          const space = line.indexOf(" ", dots);
          const stop = space >= 0 ? space : line.length - 1;
          preOid = line.slice(6, dots).slice(0, OID_MAX);
          postOid = line.slice(dots + 2, stop).slice(0, OID_MAX);
        }
        continue;
      } else if (line.startsWith("--- ")) {
        before = after = 1;
      } else if (!isAlpha(line.charCodeAt(0))) {
        break;
      }
    }
    if (binary) {
      if (line.startsWith("diff ")) {
        binary = false;
        before = -1;
      }
      continue;
    }
    if (before === 0 && after === 0) {
      if (line.startsWith("@@ -")) {
        const counts = hunkCounts(line);
        if (counts) [before, after] = counts;
        continue;
      }
      if (!line.startsWith("diff ")) break;
      if (stable) acc.flush();
      before = after = -1;
    }
    const c = line[0];
    if (c === "-" || c === " ") before--;
    if (c === "+" || c === " ") after--;
    const hashed = verbatim ? line : removeSpace(line);
    patchLen += hashed.length;
    acc.update(hashed);
  }
  acc.flush();
  return patchLen > 0 ? Buffer.from(acc.result).toString("hex") : undefined;
}
