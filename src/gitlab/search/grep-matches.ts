/**
 * Content search rendered as Gitaly's SearchFilesByContent sends it, i.e. the output of
 * `git grep --ignore-case -I --line-number --null --before-context 2 --after-context 2
 * --perl-regexp -e <query> <ref>`: each matching line comes with up to 2 lines of context on
 * both sides; overlapping or adjacent windows form one block (git prints `--` between blocks,
 * which Gitaly uses to split matches). Every line is `<ref>:<path>\0<line number>\0<text>\n`.
 *
 * Lines are split at `\n` only (a `\r` stays in the line, as in Git), a missing final newline
 * is added, binary contents (NUL in the first 8000 bytes) are skipped.
 */
import { type ByteString, byteStringToBytes } from "../../hg/byte-string.ts";
import { concatBytes } from "../../hg/concat-bytes.ts";
import { isBinaryContent } from "../diff/binary.ts";

/** Lines of context Gitaly asks `git grep` for, before and after each match. */
export const GREP_CONTEXT_LINES = 2;

/** A query that is not a valid regular expression. */
export class GrepQueryError extends Error {
  /** @param query the offending query; @param reason the regexp engine's message. */
  constructor(readonly query: string, reason: string) {
    super(`invalid query ${JSON.stringify(query)}: ${reason}`);
    this.name = "GrepQueryError";
  }
}

/**
 * Compiles a query case-insensitively, in Unicode mode when it is valid there (closest to
 * PCRE in UTF-8 mode), else in legacy mode. Throws GrepQueryError when neither accepts it.
 */
export function compileGrepQuery(query: string): RegExp {
  try {
    return new RegExp(query, "iu");
  } catch {
    try {
      return new RegExp(query, "i");
    } catch (err) {
      throw new GrepQueryError(query, err instanceof Error ? err.message : String(err));
    }
  }
}

const decoder = new TextDecoder();
const NEWLINE = 0x0a;

/** Start offset of every line, plus the end sentinel (a final newline ends the last line). */
function lineStarts(content: Uint8Array): number[] {
  const starts = [0];
  for (let i = content.indexOf(NEWLINE); i >= 0; i = content.indexOf(NEWLINE, i + 1)) {
    starts.push(i + 1);
  }
  if (starts[starts.length - 1] !== content.length) starts.push(content.length + 1);
  return starts;
}

/** 1-based inclusive line ranges of the blocks around matching lines. */
function blockRanges(matches: number[], lineCount: number): [number, number][] {
  const out: [number, number][] = [];
  for (const line of matches) {
    const start = Math.max(1, line - GREP_CONTEXT_LINES);
    const end = Math.min(lineCount, line + GREP_CONTEXT_LINES);
    const last = out[out.length - 1];
    if (last !== undefined && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

/**
 * The match blocks of one file, each rendered as git grep prints it (`prefix` is
 * `<ref>:<path>` as bytes). Nothing for binary contents or without a match.
 */
export function grepBlocks(
  regex: RegExp,
  prefix: ByteString,
  content: Uint8Array,
): Uint8Array[] {
  if (content.length === 0 || isBinaryContent(content)) return [];
  const texts = decoder.decode(content).split("\n");
  const starts = lineStarts(content);
  const lineCount = starts.length - 1;
  const matches: number[] = [];
  for (let i = 0; i < lineCount; i++) {
    regex.lastIndex = 0;
    if (regex.test(texts[i])) matches.push(i + 1);
  }
  if (matches.length === 0) return [];
  const head = byteStringToBytes(`${prefix}\0`);
  return blockRanges(matches, lineCount).map(([from, to]) => {
    const parts: Uint8Array[] = [];
    for (let line = from; line <= to; line++) {
      const start = starts[line - 1];
      const end = Math.min(starts[line] - 1, content.length);
      parts.push(head, byteStringToBytes(`${line}\0`), content.subarray(start, end), NL);
    }
    return concatBytes(parts);
  });
}

const NL = Uint8Array.of(NEWLINE);
