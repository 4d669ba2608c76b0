/**
 * One file of a Git diff in Git's extended format:
 *
 *   diff --git a/<from> b/<to>
 *   new file mode M | deleted file mode M | old mode M / new mode M
 *   similarity index N% / rename|copy from <from> / rename|copy to <to>
 *   index <from id>..<to id>[ M]        (when contents differ; mode when unchanged)
 *   --- a/<from> | /dev/null
 *   +++ b/<to> | /dev/null
 *   @@ hunks @@  |  Binary files a/<from> and b/<to> differ
 *
 * Paths are C-quoted as Git does (`"a/\303\251"`). The `---`/`+++` lines only appear when
 * there are hunks. Object ids are the caller's choice (Heptapod blob ids for RawDiff, Git
 * blob ids for patch ids).
 */
import type { ByteString } from "../../hg/byte-string.ts";
import { fileContent } from "../../hg/file-content.ts";
import type { Repository } from "../../hg/repository.ts";
import { quoteGitPath } from "../git-path-quote.ts";
import { isBinaryContent } from "./binary.ts";
import type { FileDelta } from "./file-delta.ts";
import { diffLines } from "./line-diff.ts";
import { similarityIndex } from "./similarity.ts";
import { type UnifiedHunks, unifiedHunks } from "./unified-hunks.ts";
import { whitespaceKey, type WhitespaceMode } from "./whitespace.ts";

/** A formatted file diff. */
export interface FilePatch {
  /**
   * From `diff --git` to `+++` (included when there are hunks); empty when Git shows nothing
   * (a modification whose changes are all ignored whitespace).
   */
  header: ByteString;
  /** Hunks, or the `Binary files ... differ` line; empty when nothing to show. */
  body: ByteString;
  /** True when either side is binary. */
  binary: boolean;
  /** `+` lines of the body. */
  additions: number;
  /** `-` lines of the body. */
  deletions: number;
}

/** Options of patch formatting. */
export interface FilePatchOptions {
  /** Whitespace changes to ignore (default none). */
  whitespace?: WhitespaceMode;
}

const EMPTY = new Uint8Array(0);

/** Both contents of a delta or pair (empty for a missing side). */
export function deltaContents(
  repo: Repository,
  d: Pick<FileDelta, "old" | "new">,
): [Uint8Array, Uint8Array] {
  const read = (s: FileDelta["old"]) => s ? fileContent(repo, s.path, s.entry.node) : EMPTY;
  if (d.old && d.new && d.old.path === d.new.path && d.old.entry.node === d.new.entry.node) {
    const same = read(d.new);
    return [same, same];
  }
  return [read(d.old), read(d.new)];
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const tab = (path: ByteString) => path.includes(" ") ? "\t" : "";
const octal = (mode: number) => mode.toString(8).padStart(6, "0");

/**
 * Whether formatting delta `d` (contents `a` -> `b`) diffs lines: the contents differ and
 * neither side is binary.
 */
export function needsLineDiff(
  d: Pick<FileDelta, "old" | "new">,
  a: Uint8Array,
  b: Uint8Array,
): boolean {
  return (!d.old || !d.new || !sameBytes(a, b)) && !isBinaryContent(a) && !isBinaryContent(b);
}

/**
 * Formats delta `d` whose contents are `a` (old) and `b` (new), with the given ids. `hunks`,
 * when given, are the unified hunks of `a` -> `b` already computed with the same whitespace
 * mode (by a worker, for big files).
 */
export function formatFilePatch(
  d: FileDelta,
  a: Uint8Array,
  b: Uint8Array,
  ids: { fromId: string; toId: string },
  opts: FilePatchOptions = {},
  hunks?: UnifiedHunks,
): FilePatch {
  const qa = quoteGitPath("a/" + d.fromPath);
  const qb = quoteGitPath("b/" + d.toPath);
  let header = `diff --git ${qa} ${qb}\n`;
  if (d.status === "A") header += `new file mode ${octal(d.newMode)}\n`;
  else if (d.status === "D") header += `deleted file mode ${octal(d.oldMode)}\n`;
  else if (d.oldMode !== d.newMode) {
    header += `old mode ${octal(d.oldMode)}\nnew mode ${octal(d.newMode)}\n`;
  }
  const binary = isBinaryContent(a) || isBinaryContent(b);
  if (d.status === "R" || d.status === "C") {
    const op = d.status === "R" ? "rename" : "copy";
    header += `similarity index ${similarityIndex(a, b, !binary)}%\n`;
    header += `${op} from ${quoteGitPath(d.fromPath)}\n${op} to ${quoteGitPath(d.toPath)}\n`;
  }
  const differs = !d.old || !d.new || !sameBytes(a, b);
  if (differs) {
    const mode = d.oldMode === d.newMode ? ` ${octal(d.newMode)}` : "";
    header += `index ${ids.fromId}..${ids.toId}${mode}\n`;
  }
  const la = d.old ? qa : "/dev/null";
  const lb = d.new ? qb : "/dev/null";
  if (!differs) return { header, body: "", binary, additions: 0, deletions: 0 };
  if (binary) {
    return {
      header,
      body: `Binary files ${la} and ${lb} differ\n`,
      binary,
      additions: 0,
      deletions: 0,
    };
  }
  hunks ??= unifiedHunks(a, b, diffLines(a, b, whitespaceKey(opts.whitespace ?? "none")));
  if (hunks.text === "") {
    // Only whitespace changed: Git shows the file only for a header of its own.
    const mustShow = d.status !== "M" || d.oldMode !== d.newMode;
    return { header: mustShow ? header : "", body: "", binary, additions: 0, deletions: 0 };
  }
  return {
    // Git ends these two lines with a tab when the path holds a space.
    header: header + `--- ${la}${tab(d.fromPath)}\n+++ ${lb}${tab(d.toPath)}\n`,
    body: hunks.text,
    binary,
    additions: hunks.additions,
    deletions: hunks.deletions,
  };
}
