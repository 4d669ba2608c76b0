/**
 * `hg annotate` semantics: for each line of a file at a changeset, the file revision (and so
 * the changeset, path and line number there) that introduced it.
 *
 * - The file DAG: a file revision's parents are its filelog parents; a revision carrying copy
 *   metadata (`copy`/`copyrev`, first filelog parent null) gets its copy source as first
 *   parent, so copies and renames are followed (as `hg annotate` does by default).
 * - Lines matched (by bdiff blocks) in a parent inherit that parent's attribution; with two
 *   parents the second one wins where both match (Mercurial prefers p2).
 * - Linkrev adjustment: a file revision's linkrev names the first changeset that stored it,
 *   which may lie outside the ancestry of the requested changeset (identical changes on two
 *   branches share a file revision). The changeset of the annotated revision itself is the
 *   nearest ancestor (inclusive) of the requested changeset touching the file with that file
 *   node; a parent revision whose linkrev is not an ancestor of that changeset is searched
 *   among the ancestors of its child's changeset the same way. When several children reach
 *   the same file revision, the first one reached depth-first decides (Mercurial's object
 *   identities may pick another in such rare cases).
 */
import { bdiffBlocksOfLines, splitLines } from "./bdiff.ts";
import type { ByteString } from "./byte-string.ts";
import type { Filelog } from "./filelog.ts";
import { NULL_REV } from "./node.ts";
import type { Repository } from "./repository.ts";

/** A file revision lines are attributed to. */
export interface AnnotateOrigin {
  /** Changeset revision (after linkrev adjustment). */
  rev: number;
  /** Path of the file in that changeset. */
  path: ByteString;
  /** Filelog revision. */
  fileRev: number;
  /** Path of its first annotate parent (copy source or same path), if it has parents. */
  parentPath?: ByteString;
}

/** The annotation of one line. */
export interface AnnotatedLine {
  /** Index into `origins`. */
  origin: number;
  /** 1-based line number in the origin's file revision. */
  lineno: number;
  /** Line content, LF included when present. */
  text: ByteString;
}

/** A whole file annotation. */
export interface Annotation {
  origins: AnnotateOrigin[];
  lines: AnnotatedLine[];
}

interface FileNode {
  index: number;
  path: ByteString;
  fl: Filelog;
  fileRev: number;
  /** Changeset from which the linkrev is adjusted (the child's changeset). */
  descendantRev: number;
  changeRev?: number;
  parents?: FileNode[];
}

interface Annotated {
  lines: string[];
  origin: Int32Array;
  lineno: Int32Array;
}

/** Ancestors of `rev` (inclusive or not) down to `stop`, as a mask indexed by revision. */
function ancestorMask(repo: Repository, rev: number, inclusive: boolean, stop = 0): Uint8Array {
  const mask = new Uint8Array(rev + 1);
  const markParents = (r: number) => {
    for (const p of repo.changelog.parents(r)) if (p !== NULL_REV && p >= stop) mask[p] = 1;
  };
  // Parents have lower revision numbers: one descending sweep reaches every ancestor.
  markParents(rev);
  for (let r = rev - 1; r >= stop; r--) if (mask[r]) markParents(r);
  if (inclusive) mask[rev] = 1;
  return mask;
}

/**
 * The changeset introducing file revision `fileRev` of `path` as seen from `srcRev`
 * (Mercurial's `_adjustlinkrev`); `ancestry`, when given, is accepted as is for the linkrev.
 */
function adjustLinkrev(
  repo: Repository,
  fl: Filelog,
  path: ByteString,
  fileRev: number,
  srcRev: number,
  inclusive: boolean,
  ancestry?: Uint8Array,
): number {
  const lkr = fl.linkrev(fileRev);
  if (srcRev === lkr) return lkr;
  if (ancestry && lkr < ancestry.length && ancestry[lkr]) return lkr;
  if (lkr > srcRev) return lkr;
  const mask = ancestorMask(repo, srcRev, inclusive, lkr);
  if (!ancestry && mask[lkr]) return lkr;
  const fnode = fl.node(fileRev);
  for (let r = srcRev; r >= lkr; r--) {
    if (!mask[r]) continue;
    const cs = repo.changelog.read(r);
    if (!cs.files.includes(path)) continue;
    if (repo.manifest(cs.manifestNode).get(path)?.node === fnode) return r;
  }
  return lkr;
}

/**
 * Annotates `path` as of changeset `rev`; undefined when the changeset has no such file.
 */
export function annotate(repo: Repository, rev: number, path: ByteString): Annotation | undefined {
  const cs = repo.changelog.read(rev);
  const entry = repo.manifest(cs.manifestNode).get(path);
  if (!entry) return undefined;
  const baseFl = repo.filelog(path);
  const baseRev = baseFl.rev(entry.node);
  if (baseRev === undefined) return undefined;
  const intro = adjustLinkrev(repo, baseFl, path, baseRev, rev, true);
  const ancestry = ancestorMask(repo, intro, true);

  const nodes: FileNode[] = [];
  const byKey = new Map<string, FileNode>();
  const nodeOf = (p: ByteString, fl: Filelog, fileRev: number, descendantRev: number) => {
    const key = `${fileRev}\0${p}`;
    let n = byKey.get(key);
    if (!n) {
      n = { index: nodes.length, path: p, fl, fileRev, descendantRev };
      nodes.push(n);
      byKey.set(key, n);
    }
    return n;
  };
  const base = nodeOf(path, baseFl, baseRev, intro);
  base.changeRev = intro;

  const parentsOf = (n: FileNode): FileNode[] => {
    if (n.parents) return n.parents;
    n.changeRev ??= adjustLinkrev(repo, n.fl, n.path, n.fileRev, n.descendantRev, false, ancestry);
    const out: FileNode[] = [];
    const copy = n.fl.copySource(n.fileRev);
    if (copy) {
      const cfl = repo.filelog(copy.path);
      const crev = cfl.rev(copy.node);
      if (crev !== undefined) out.push(nodeOf(copy.path, cfl, crev, n.changeRev));
    }
    for (const p of n.fl.parents(n.fileRev)) {
      if (p !== NULL_REV) out.push(nodeOf(n.path, n.fl, p, n.changeRev));
    }
    n.parents = out;
    return out;
  };

  // First pass: discover the DAG and how many children need each node.
  const needed = new Map<FileNode, number>();
  const visit = [base];
  while (visit.length) {
    const f = visit.pop()!;
    if (f.parents) continue;
    for (const p of parentsOf(f)) {
      needed.set(p, (needed.get(p) ?? 0) + 1);
      if (!p.parents) visit.push(p);
    }
  }

  // Second pass: annotate parents before children, dropping results no longer needed.
  const hist = new Map<FileNode, Annotated>();
  visit.push(base);
  while (visit.length) {
    const f = visit[visit.length - 1];
    if (hist.has(f)) {
      visit.pop();
      continue;
    }
    const missing = f.parents!.filter((p) => !hist.has(p));
    if (missing.length) {
      visit.push(...missing);
      continue;
    }
    visit.pop();
    const lines = splitLines(f.fl.content(f.fileRev));
    const origin = new Int32Array(lines.length).fill(f.index);
    const lineno = Int32Array.from(lines, (_, i) => i + 1);
    for (const p of f.parents!) {
      const pa = hist.get(p)!;
      for (const blk of bdiffBlocksOfLines(pa.lines, lines)) {
        origin.set(pa.origin.subarray(blk.a1, blk.a2), blk.b1);
        lineno.set(pa.lineno.subarray(blk.a1, blk.a2), blk.b1);
      }
    }
    for (const p of f.parents!) {
      const left = needed.get(p)! - 1;
      if (left === 0) hist.delete(p);
      needed.set(p, left);
    }
    hist.set(f, { lines, origin, lineno });
  }

  const result = hist.get(base)!;
  const origins = nodes.map((n): AnnotateOrigin => {
    const o: AnnotateOrigin = { rev: n.changeRev!, path: n.path, fileRev: n.fileRev };
    if (n.parents?.length) o.parentPath = n.parents[0].path;
    return o;
  });
  const lines = result.lines.map((text, i) => ({
    origin: result.origin[i],
    lineno: result.lineno[i],
    text,
  }));
  return { origins, lines };
}
