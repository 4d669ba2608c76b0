/**
 * Revision arguments turned into walk specifications, as `git rev-list` reads them: a
 * revision, `a..b`, `a...b`, `^rev` exclusions, `--not` (flips the following arguments) and
 * pseudo revisions, in the dialect of the calling RPCs (see GIT_REV_LIST).
 */
import type { ByteString } from "../hg/byte-string.ts";
import { repoGraph, repoHidden } from "../hg/repo-state.ts";
import type { Repository } from "../hg/repository.ts";
import { commonAncestorHeads } from "./ancestry.ts";
import type { WalkSpec } from "./commit-walk.ts";
import { parseRevisionRange, type RevisionRange } from "./git-range.ts";
import { allRefs, defaultBranchTarget, type GitLabRefs } from "./gitlab-refs.ts";
import { resolveRevision } from "./resolve-revision.ts";
import { revisionSyntaxError } from "./revision-syntax.ts";

/** A revision that resolves to no changeset. */
export class UnknownRevisionError extends Error {
  /** @param revision the unresolved revision string. */
  constructor(readonly revision: ByteString) {
    super(`unknown revision ${JSON.stringify(revision)}`);
    this.name = "UnknownRevisionError";
  }
}

/** A syntactically invalid revision argument. */
export class InvalidRevisionError extends Error {
  /** @param revision the argument; @param reason Gitaly's wording. */
  constructor(readonly revision: ByteString, readonly reason: string) {
    super(reason);
    this.name = "InvalidRevisionError";
  }
}

function resolveOrThrow(repo: Repository, refs: GitLabRefs, revision: ByteString): number {
  const rev = resolveRevision(repo, revision, refs);
  if (rev === undefined) throw new UnknownRevisionError(revision);
  return rev;
}

interface SpecBuilder {
  include: number[];
  exclude: number[];
}

/** Adds a parsed revision expression to the include/exclude lists. */
function addRange(
  repo: Repository,
  refs: GitLabRefs,
  range: RevisionRange,
  negated: boolean,
  spec: SpecBuilder,
): void {
  if (range.kind === "single") {
    (negated ? spec.exclude : spec.include).push(resolveOrThrow(repo, refs, range.revision));
  } else if (range.kind === "range") {
    const from = resolveOrThrow(repo, refs, range.from);
    const to = resolveOrThrow(repo, refs, range.to);
    (negated ? spec.exclude : spec.include).push(to);
    (negated ? spec.include : spec.exclude).push(from);
  } else {
    const left = resolveOrThrow(repo, refs, range.left);
    const right = resolveOrThrow(repo, refs, range.right);
    (negated ? spec.exclude : spec.include).push(left, right);
    const bases = commonAncestorHeads(repoGraph(repo), left, right);
    (negated ? spec.include : spec.exclude).push(...bases);
  }
}

/** The walk of one revision expression (`rev`, `a..b` or `a...b`). */
export function expressionWalk(
  repo: Repository,
  refs: GitLabRefs,
  expr: ByteString,
): WalkSpec {
  const spec: SpecBuilder = { include: [], exclude: [] };
  addRange(repo, refs, parseRevisionRange(expr), false, spec);
  return spec;
}

/** Revisions targeted by GitLab refs (HEAD included), visible or not. */
function refRevs(repo: Repository, refs: GitLabRefs): number[] {
  const nodes = new Set<string>([...allRefs(refs)].map(([, node]) => node));
  const head = defaultBranchTarget(refs);
  if (head !== undefined) nodes.add(head);
  const revs: number[] = [];
  for (const node of nodes) {
    const rev = repo.changelog.rev(node);
    if (rev !== undefined && rev >= 0 && rev < repo.changelog.length) revs.push(rev);
  }
  return revs;
}

/** Every changeset of the snapshot, hidden ones included. */
function everyRev(repo: Repository): number[] {
  return Array.from({ length: repo.changelog.length }, (_, rev) => rev);
}

/** Every visible changeset. */
export function visibleRevs(repo: Repository): number[] {
  const hidden = repoHidden(repo);
  return everyRev(repo).filter((rev) => !hidden.has(rev));
}

/**
 * How a family of RPCs reads revision-list arguments. All of them understand `--not` (flips
 * the polarity of what follows), `^rev` (exclusion) and `a..b`.
 */
export interface RevListDialect {
  /** Pseudo revisions (`--all`, …) and the changesets each one designates. */
  readonly pseudo: ReadonlyMap<string, (repo: Repository, refs: GitLabRefs) => number[]>;
  /** Why an argument (`^` included) is malformed, or undefined when it is not. */
  readonly syntaxError: (arg: ByteString) => string | undefined;
  /**
   * Whether `^` applies to ranges too and `a...b` is a symmetric difference; otherwise both
   * are read as one revision name.
   */
  readonly fullRanges: boolean;
}

/**
 * `git rev-list` arguments of the history RPCs: `--all` (every GitLab ref), HGitaly's `ALL`
 * (every changeset, hidden ones included) and `--visible` (every visible changeset); Gitaly's
 * revision syntax checks.
 */
export const GIT_REV_LIST: RevListDialect = {
  pseudo: new Map([["--all", refRevs], ["ALL", everyRev], ["--visible", visibleRevs]]),
  syntaxError: (arg) => revisionSyntaxError(arg.startsWith("^") ? arg.slice(1) : arg),
  fullRanges: true,
};

/** Parses a revision expression (after its `^`) as the dialect reads it. */
function readRange(expr: ByteString, negated: boolean, dialect: RevListDialect): RevisionRange {
  if (dialect.fullRanges) return parseRevisionRange(expr);
  const range: RevisionRange = negated
    ? { kind: "single", revision: expr }
    : parseRevisionRange(expr);
  return range.kind === "symmetric" ? { kind: "single", revision: expr } : range;
}

/**
 * The walk of a revision argument list (`GIT_REV_LIST` by default). Throws
 * InvalidRevisionError for malformed arguments and UnknownRevisionError for revisions that
 * resolve to nothing.
 */
export function revListWalk(
  repo: Repository,
  refs: GitLabRefs,
  args: readonly ByteString[],
  dialect: RevListDialect = GIT_REV_LIST,
): WalkSpec {
  const spec: SpecBuilder = { include: [], exclude: [] };
  let not = false;
  for (const arg of args) {
    const pseudo = dialect.pseudo.get(arg);
    if (arg === "--not") not = !not;
    else if (pseudo !== undefined) {
      const target = not ? spec.exclude : spec.include;
      for (const rev of pseudo(repo, refs)) target.push(rev); // no spread: may be huge
    } else {
      const reason = dialect.syntaxError(arg);
      if (reason !== undefined) throw new InvalidRevisionError(arg, reason);
      const negated = arg.startsWith("^");
      const expr = negated ? arg.slice(1) : arg;
      addRange(repo, refs, readRange(expr, negated, dialect), negated !== not, spec);
    }
  }
  return spec;
}
