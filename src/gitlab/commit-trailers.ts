/**
 * Git-style trailers of a commit message (`git interpret-trailers --parse`, unfolded): the
 * last paragraph, when it is not the subject and every line is either `Key: value` (key of
 * letters, digits and `-`) or a continuation line starting with whitespace.
 */
import type { ByteString } from "../hg/byte-string.ts";

/** One trailer. */
export interface Trailer {
  /** Trailer key as written. */
  key: ByteString;
  /** Value, continuation lines unfolded with single spaces. */
  value: ByteString;
}

const TRAILER_LINE = /^([A-Za-z0-9-]+)[ \t]*:[ \t]*(.*)$/;

/** Parses the trailers of `message` (none when its last paragraph is not a trailer block). */
export function parseTrailers(message: ByteString): Trailer[] {
  const paragraphs = message.replace(/\r\n/g, "\n").trimEnd().split(/\n[ \t]*\n/);
  if (paragraphs.length < 2) return [];
  const trailers: Trailer[] = [];
  for (const line of paragraphs[paragraphs.length - 1].split("\n")) {
    const m = TRAILER_LINE.exec(line);
    if (m) trailers.push({ key: m[1], value: m[2].trim() });
    else if (/^[ \t]/.test(line) && trailers.length > 0) {
      const last = trailers[trailers.length - 1];
      last.value = `${last.value} ${line.trim()}`.trim();
    } else return [];
  }
  return trailers;
}
