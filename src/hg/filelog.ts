/**
 * Filelogs: one revlog per tracked path. A revision text may start with a metadata header
 * `\1\n` + `key: value\n`... + `\1\n` (copy source `copy`, `copyrev`; `censored`), which is
 * not part of the file content. Content that itself starts with `\1\n` is stored behind an
 * empty header.
 */
import { bytesToByteString, type ByteString } from "./byte-string.ts";
import { CorruptionError } from "./errors.ts";
import { NULL_REV } from "./node.ts";
import { type RevisionOptions, Revlog } from "./revlog.ts";

/** Copy source of a file revision. */
export interface CopySource {
  /** Path the file was copied or renamed from. */
  path: ByteString;
  /** Hex file node of the source revision. */
  node: string;
}

function hasMetaHeader(text: Uint8Array): boolean {
  return text.length >= 2 && text[0] === 1 && text[1] === 0x0a;
}

/** Offset where the metadata header's closing `\1\n` starts, or -1. */
function metaEnd(text: Uint8Array): number {
  for (let i = 2; i + 1 < text.length; i++) {
    if (text[i] === 1 && text[i + 1] === 0x0a) return i;
  }
  return -1;
}

/** Splits a filelog revision text into its metadata (if any) and content. */
export function splitFileText(
  text: Uint8Array,
): { meta: Map<string, ByteString> | undefined; content: Uint8Array } {
  if (!hasMetaHeader(text)) return { meta: undefined, content: text };
  const end = metaEnd(text);
  if (end < 0) throw new CorruptionError("unterminated filelog metadata header");
  const meta = new Map<string, ByteString>();
  for (const line of bytesToByteString(text, 2, end).split("\n")) {
    if (!line) continue;
    const sep = line.indexOf(": ");
    if (sep < 0) throw new CorruptionError(`malformed filelog metadata line: ${line}`);
    meta.set(line.slice(0, sep), line.slice(sep + 2));
  }
  return { meta, content: text.subarray(end + 2) };
}

/** A filelog snapshot. */
export class Filelog extends Revlog {
  /** The tracked path (repository-relative). */
  readonly path: ByteString;

  /** Opens the filelog of `path` from its on-disk index and data file paths. */
  constructor(path: ByteString, indexPath: string, dataPath: string) {
    super(indexPath, dataPath);
    this.path = path;
  }

  /** File content of `rev` without metadata; empty for censored revisions. */
  content(rev: number, options?: RevisionOptions): Uint8Array {
    if (rev === NULL_REV || this.isCensored(rev)) return new Uint8Array(0);
    return splitFileText(this.revision(rev, options)).content;
  }

  /** Metadata header of `rev`, if any. */
  meta(rev: number): Map<string, ByteString> | undefined {
    if (rev === NULL_REV) return undefined;
    return splitFileText(this.revision(rev)).meta;
  }

  /** Exact content size of `rev` (reads the text; `rawSize` is the cheap stored size). */
  size(rev: number): number {
    if (rev === NULL_REV || this.isCensored(rev)) return 0;
    return this.content(rev).length;
  }

  /**
   * Copy source recorded in `rev`, following Mercurial: only revisions whose first parent is
   * null carry copy metadata, and both `copy` and `copyrev` must be present.
   */
  copySource(rev: number): CopySource | undefined {
    if (rev === NULL_REV || this.parents(rev)[0] !== NULL_REV) return undefined;
    const meta = this.meta(rev);
    const path = meta?.get("copy");
    const node = meta?.get("copyrev");
    return path !== undefined && node !== undefined ? { path, node } : undefined;
  }
}
