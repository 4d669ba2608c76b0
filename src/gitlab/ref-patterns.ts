/**
 * Ref name patterns as `git for-each-ref` understands them: a pattern without glob characters
 * matches the ref equal to it or the refs under it (at a `/` boundary); a pattern with `*`,
 * `?` or `[` is a glob in which wildcards do not cross `/`.
 */
import type { ByteString } from "../hg/byte-string.ts";

const GLOB = /[*?[]/;

function globToRegExp(pattern: ByteString): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 2);
      if (end < 0) re += "\\[";
      else {
        const body = pattern.slice(i + 1, end).replace(/^!/, "^").replaceAll("\\", "\\\\");
        re += `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, "s");
}

/** A compiled pattern list: `matches(ref)` is true when any pattern matches (or none given). */
export function refMatcher(patterns: readonly ByteString[]): (ref: ByteString) => boolean {
  if (patterns.length === 0) return () => true;
  const tests = patterns.map((pattern): (ref: ByteString) => boolean => {
    if (GLOB.test(pattern)) {
      const re = globToRegExp(pattern);
      return (ref) => re.test(ref);
    }
    return (ref) =>
      ref === pattern ||
      (ref.startsWith(pattern) && (pattern.endsWith("/") || ref[pattern.length] === "/"));
  });
  return (ref) => tests.some((t) => t(ref));
}
