/**
 * Messages answered as ready-made protobuf bytes. Big answers made of cached parts (a branch
 * list whose commits were encoded once) are cheaper to send as a concatenation of bytes than
 * to rebuild and re-encode by reflection at every call. A handler may return or yield an
 * EncodedMessage instead of a message object; the server writes its bytes as they are.
 */
import type { DescMessage } from "@bufbuild/protobuf";

/**
 * The binary encoding of one message of `schema`. Build it only from bytes known to encode
 * such a message (protobuf-es `toBinary` output, or a WireWriter following the schema's field
 * numbers, see ../gitlab/wire-writer.ts); the server checks the schema, not the bytes.
 */
export class EncodedMessage<D extends DescMessage = DescMessage> {
  /** Wraps `bytes`, the encoding of a message of `schema`. */
  constructor(readonly schema: D, readonly bytes: Uint8Array) {}
}
