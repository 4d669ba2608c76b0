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
import { CHUNK_STREAM_PIECE, decompressChunkStream } from "./revlog-chunk-stream.ts";

/** Size of the reads of a streamed revision's stored chunk. */
const STORED_READ_PIECE = 1024 * 1024;

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

/** A file revision's content read as a stream of pieces (see `Filelog.contentStream`). */
export interface ContentStream {
  /** Exact content size (raw text size minus the metadata header). */
  size: number;
  /**
   * The content in pieces, metadata header stripped; iterate it once. A text that turns out
   * not to have the size recorded in the index ends the iteration with a CorruptionError.
   * Stopping early (`return()`, also before the first piece) releases the decompressor.
   */
  chunks: AsyncIterableIterator<Uint8Array>;
}

/** `a` followed by `b` (one copy). */
function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
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

  /**
   * Content of `rev` decompressed piece by piece (pieces of at most `pieceSize` bytes), when
   * its text is a single stored full snapshot (see `Revlog.fullTextChunkPieces`): neither the
   * stored chunk nor the text is ever in memory whole. Undefined otherwise (delta revisions,
   * censored or flagged ones, texts already cached), and callers use `content`. The metadata
   * header, at the start of the text, is decoded before this resolves so that the size is
   * known before the first piece. The text is not put in the text cache.
   */
  async contentStream(
    rev: number,
    pieceSize: number = CHUNK_STREAM_PIECE,
  ): Promise<ContentStream | undefined> {
    const stored = this.fullTextChunkPieces(rev, STORED_READ_PIECE);
    if (stored === undefined) return undefined;
    const rawSize = this.rawSize(rev);
    const pieces = decompressChunkStream(stored, pieceSize);
    // Read until the text is known not to start with a header, or up to the header's end.
    let head: Uint8Array = new Uint8Array(0);
    let metaLength = 0;
    try {
      for (;;) {
        if (head.length >= 2 && !hasMetaHeader(head)) break;
        const end = metaEnd(head);
        if (end >= 0) {
          metaLength = end + 2;
          break;
        }
        const next = await pieces.next();
        if (next.done) {
          if (head.length < 2) break;
          throw new CorruptionError(`${this.indexPath}: rev ${rev}: unterminated metadata header`);
        }
        head = head.length === 0 ? next.value : concat(head, next.value);
      }
    } catch (e) {
      await pieces.return(undefined);
      throw e;
    }
    const first = head.subarray(metaLength);
    const indexPath = this.indexPath;
    async function* chunks(): AsyncGenerator<Uint8Array> {
      let total = head.length;
      try {
        if (first.length > 0) yield first;
        for await (const piece of pieces) {
          total += piece.length;
          yield piece;
        }
      } finally {
        await pieces.return(undefined);
      }
      if (total !== rawSize) {
        throw new CorruptionError(
          `${indexPath}: rev ${rev} has length ${total}, index says ${rawSize}`,
        );
      }
    }
    // The decompression started above must also be released when the reader stops before
    // the first piece (the return() of an unstarted generator skips its finally block).
    const outer = chunks();
    const iterator: AsyncIterableIterator<Uint8Array> = {
      next: () => outer.next(),
      async return(value?: unknown) {
        await pieces.return(undefined);
        return await outer.return(value);
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    return { size: rawSize - metaLength, chunks: iterator };
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
