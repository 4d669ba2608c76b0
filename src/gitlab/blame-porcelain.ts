/**
 * Git's porcelain blame output (`git blame -p`, what Gitaly's RawBlame streams), written from
 * a Mercurial annotation. Per group of consecutive lines coming from consecutive lines of one
 * origin: a header `<sha> <orig line> <final line> <group size>`, then the TAB-prefixed line;
 * further lines of the group get `<sha> <orig line> <final line>` only. The first group of a
 * commit is followed by its details (author, author-mail, author-time, author-tz, the same for
 * committer, summary, `boundary` for root changesets, `previous <sha> <path>` when the file
 * had a parent revision, `filename <path>`); a commit seen under several paths repeats its
 * previous/filename lines on each of its groups. A last line without LF gets one.
 */
import type { AnnotateOrigin, Annotation } from "../hg/annotate.ts";
import type { ByteString } from "../hg/byte-string.ts";
import { NULL_REV } from "../hg/node.ts";
import type { Repository } from "../hg/repository.ts";
import { gitTimezone, parsePerson } from "./commit-author.ts";
import { quoteGitPath } from "./git-path-quote.ts";

/** Git's blame summary: the first non-blank line of the message, else `(<sha>)`. */
export function blameSummary(description: ByteString, sha: string): ByteString {
  for (const line of description.split("\n")) {
    if (line.trim() !== "") return line;
  }
  return `(${sha})`;
}

function commitDetails(repo: Repository, rev: number): ByteString {
  const cs = repo.changelog.read(rev);
  const { name, email } = parsePerson(cs.user);
  const time = Math.trunc(cs.time);
  const tz = gitTimezone(cs.tzOffset);
  let out = "";
  for (const role of ["author", "committer"]) {
    out += `${role} ${name}\n${role}-mail <${email}>\n${role}-time ${time}\n${role}-tz ${tz}\n`;
  }
  out += `summary ${blameSummary(cs.description, cs.node)}\n`;
  if (cs.p1 === NULL_REV && cs.p2 === NULL_REV) out += "boundary\n";
  return out;
}

/** `previous` and `filename` lines of an origin. */
function filenameInfo(repo: Repository, o: AnnotateOrigin): ByteString {
  let out = "";
  if (o.parentPath !== undefined) {
    const parents = repo.changelog.parents(o.rev).filter((p) => p !== NULL_REV);
    const holder = parents.find((p) =>
      repo.manifest(repo.changelog.read(p).manifestNode).has(o.parentPath!)
    ) ?? parents[0];
    if (holder !== undefined) {
      out += `previous ${repo.changelog.node(holder)} ${quoteGitPath(o.parentPath)}\n`;
    }
  }
  return out + `filename ${quoteGitPath(o.path)}\n`;
}

/**
 * Yields the porcelain blame of lines `start..end` (1-based, inclusive, within the file) of
 * an annotation, one chunk per group.
 */
export function* blamePorcelain(
  repo: Repository,
  annotation: Annotation,
  start = 1,
  end = annotation.lines.length,
): Generator<ByteString> {
  const { origins, lines } = annotation;
  const shas = origins.map((o) => repo.changelog.node(o.rev));
  // Commits blamed under more than one path (within the range) repeat their filename info.
  const pathsOf = new Map<number, Set<ByteString>>();
  for (let i = start - 1; i < end; i++) {
    const o = origins[lines[i].origin];
    const set = pathsOf.get(o.rev) ?? new Set();
    set.add(o.path);
    pathsOf.set(o.rev, set);
  }
  const shown = new Set<number>();
  let i = start - 1;
  while (i < end) {
    const first = lines[i];
    let n = 1;
    while (
      i + n < end && lines[i + n].origin === first.origin &&
      lines[i + n].lineno === first.lineno + n
    ) n++;
    const o = origins[first.origin];
    const sha = shas[first.origin];
    let out = `${sha} ${first.lineno} ${i + 1} ${n}\n`;
    if (!shown.has(o.rev)) {
      shown.add(o.rev);
      out += commitDetails(repo, o.rev) + filenameInfo(repo, o);
    } else if (pathsOf.get(o.rev)!.size > 1) {
      out += filenameInfo(repo, o);
    }
    for (let k = 0; k < n; k++) {
      const line = lines[i + k];
      if (k) out += `${sha} ${line.lineno} ${i + k + 1}\n`;
      out += `\t${line.text}${line.text.endsWith("\n") ? "" : "\n"}`;
    }
    yield out;
    i += n;
  }
}
