/**
 * Re-chunking of generated text (ByteStrings) into stream messages of a fixed size, for the
 * raw outputs (RawDiff, RawPatch): pieces are appended, full chunks are taken out.
 */
import { type ByteString, byteStringToBytes } from "../../hg/byte-string.ts";
import { STREAM_CHUNK_SIZE } from "../data-chunks.ts";

/** Accumulates text and hands out chunks of `size` bytes. */
export class ChunkBuffer {
  #parts: ByteString[] = [];
  #length = 0;

  /** @param size chunk size in bytes (Gitaly's 128 KiB by default). */
  constructor(readonly size: number = STREAM_CHUNK_SIZE) {}

  /** Appends text; returns the full chunks now available. */
  push(text: ByteString): Uint8Array[] {
    if (text === "") return [];
    this.#parts.push(text);
    this.#length += text.length;
    if (this.#length < this.size) return [];
    const all = this.#parts.join("");
    const out: Uint8Array[] = [];
    let offset = 0;
    for (; all.length - offset >= this.size; offset += this.size) {
      out.push(byteStringToBytes(all.slice(offset, offset + this.size)));
    }
    this.#parts = offset < all.length ? [all.slice(offset)] : [];
    this.#length = all.length - offset;
    return out;
  }

  /** The remaining text as a last chunk, if any. */
  flush(): Uint8Array[] {
    const rest = this.#parts.join("");
    this.#parts = [];
    this.#length = 0;
    return rest === "" ? [] : [byteStringToBytes(rest)];
  }
}
