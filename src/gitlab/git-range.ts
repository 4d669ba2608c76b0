/** Git revision range syntax (`a..b`, `a...b`) for the RPCs that accept it. */
import type { ByteString } from "../hg/byte-string.ts";

/** A parsed revision expression. */
export type RevisionRange =
  /** One revision: it and its ancestors. */
  | { kind: "single"; revision: ByteString }
  /** `a..b`: ancestors of `b` (inclusive) that are not ancestors of `a`. */
  | { kind: "range"; from: ByteString; to: ByteString }
  /** `a...b`: changesets reachable from exactly one of `a` and `b`. */
  | { kind: "symmetric"; left: ByteString; right: ByteString };

/** Parses a revision expression; an empty side of a range means `HEAD`, as in Git. */
export function parseRevisionRange(expr: ByteString): RevisionRange {
  const three = expr.indexOf("...");
  if (three >= 0) {
    return {
      kind: "symmetric",
      left: expr.slice(0, three) || "HEAD",
      right: expr.slice(three + 3) || "HEAD",
    };
  }
  const two = expr.indexOf("..");
  if (two >= 0) {
    return { kind: "range", from: expr.slice(0, two) || "HEAD", to: expr.slice(two + 2) || "HEAD" };
  }
  return { kind: "single", revision: expr };
}
