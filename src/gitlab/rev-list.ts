/**
 * Revision arguments of history RPCs turned into walk specifications, as `git rev-list`
 * reads them: a revision, `a..b`, `a...b`, `^rev` exclusions, `--not` (flips the following
 * arguments), `--all` (every GitLab ref), and HGitaly's `ALL` (every changeset, hidden ones
 * included) and `--visible` (every visible changeset).
 */
import type { ByteString } from "../hg/byte-string.ts";
import { repoGraph, repoHidden } from "../hg/repo-state.ts";
import type { Repository } from "../hg/repository.ts";
import { commonAncestorHeads } from "./ancestry.ts";
import type { WalkSpec } from "./commit-walk.ts";
import { parseRevisionRange } from "./git-range.ts";
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

/** Adds a revision expression (`rev`, `a..b`, `a...b`) to the include/exclude lists. */
function addExpression(
  repo: Repository,
  refs: GitLabRefs,
  expr: ByteString,
  negated: boolean,
  spec: SpecBuilder,
): void {
  const range = parseRevisionRange(expr);
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
  addExpression(repo, refs, expr, false, spec);
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

/** The walk of a `git rev-list` style argument list. */
export function revListWalk(
  repo: Repository,
  refs: GitLabRefs,
  args: readonly ByteString[],
): WalkSpec {
  const spec: SpecBuilder = { include: [], exclude: [] };
  let not = false;
  for (const arg of args) {
    const target = () => (not ? spec.exclude : spec.include);
    if (arg === "--not") not = !not;
    else if (arg === "--all") target().push(...refRevs(repo, refs));
    else if (arg === "ALL" || arg === "--visible") {
      const hidden = arg === "ALL" ? undefined : repoHidden(repo);
      const out = target();
      for (let rev = 0; rev < repo.changelog.length; rev++) {
        if (!hidden?.has(rev)) out.push(rev);
      }
    } else {
      const negated = arg.startsWith("^");
      const expr = negated ? arg.slice(1) : arg;
      const reason = revisionSyntaxError(expr);
      if (reason !== undefined) throw new InvalidRevisionError(arg, reason);
      addExpression(repo, refs, expr, negated !== not, spec);
    }
  }
  return spec;
}
