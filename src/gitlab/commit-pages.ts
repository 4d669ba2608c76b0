/**
 * Gitaly's cursor pagination of commit lists: the items after the commit whose id is the
 * page token (none when the token never shows up), then at most `limit` of them.
 */

/** Applies a page token (a commit id; empty: from the start) and a limit (<= 0: none). */
export function* commitPage(
  revs: Iterable<number>,
  node: (rev: number) => string,
  pageToken: string,
  limit: number,
): Generator<number> {
  let started = pageToken === "";
  let sent = 0;
  for (const rev of revs) {
    if (!started) {
      started = node(rev) === pageToken;
      continue;
    }
    yield rev;
    if (limit > 0 && ++sent >= limit) return;
  }
}
