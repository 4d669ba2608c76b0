/**
 * `git log` commit limiting options as one predicate over revisions: dates (`--after`,
 * `--before`, on the committer date, which is the changeset date), `--author` and `--grep`
 * regular expressions (optionally case-insensitive), `--no-merges`, `--max-parents`, paths and
 * the visible view.
 */
import type { ByteString } from "../hg/byte-string.ts";
import type { Changeset } from "../hg/changelog.ts";
import type { RevGraph } from "../hg/rev-graph.ts";

/** Commit limiting options (all optional; none given accepts everything). */
export interface CommitFilterOptions {
  /** Only commits dated at or after this Unix time. */
  after?: number;
  /** Only commits dated at or before this Unix time. */
  before?: number;
  /** Regular expression matched against the Mercurial user (`Name <email>`). */
  author?: ByteString;
  /** Regular expressions, any of which must match the description. */
  messagePatterns?: readonly ByteString[];
  /** Case-insensitive author and message matching. */
  ignoreCase?: boolean;
  /** Skip commits with more parents than this (0: no limit). */
  maxParents?: number;
  /** Skip merges. */
  skipMerges?: boolean;
  /** Flags of the revisions touching the requested paths (undefined: no path filter). */
  touched?: Uint8Array;
  /** Revisions to leave out (e.g. hidden ones). */
  hidden?: ReadonlySet<number>;
}

/** A regular expression from a Git pattern; a pattern JS cannot compile is taken literally. */
export function gitPattern(pattern: ByteString, ignoreCase: boolean): RegExp {
  const flags = ignoreCase ? "im" : "m";
  try {
    return new RegExp(pattern, flags);
  } catch {
    return new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), flags);
  }
}

/** Builds the predicate; `read` gives a revision's changeset (only called when needed). */
export function commitFilter(
  graph: RevGraph,
  read: (rev: number) => Changeset,
  options: CommitFilterOptions,
): (rev: number) => boolean {
  const ignoreCase = options.ignoreCase === true;
  const author = options.author ? gitPattern(options.author, ignoreCase) : undefined;
  const messages = (options.messagePatterns ?? []).map((p) => gitPattern(p, ignoreCase));
  const { after, before, maxParents, touched, hidden } = options;
  const needsChangeset = author !== undefined || messages.length > 0 ||
    after !== undefined || before !== undefined;
  return (rev) => {
    if (hidden?.has(rev)) return false;
    if (touched !== undefined && touched[rev] !== 1) return false;
    const parents = (graph.p1[rev] >= 0 ? 1 : 0) + (graph.p2[rev] >= 0 ? 1 : 0);
    if (options.skipMerges && parents > 1) return false;
    if (maxParents && parents > maxParents) return false;
    if (!needsChangeset) return true;
    const cs = read(rev);
    const time = Math.trunc(cs.time);
    if (after !== undefined && time < after) return false;
    if (before !== undefined && time > before) return false;
    if (author !== undefined && !author.test(cs.user)) return false;
    if (messages.length > 0 && !messages.some((re) => re.test(cs.description))) return false;
    return true;
  };
}
