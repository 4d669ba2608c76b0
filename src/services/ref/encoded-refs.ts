/**
 * RefService answers built as protobuf bytes (see ../encoded-message.ts): branch lists whose
 * commits come from the content-addressed cache of encoded GitCommits, and ref lists written
 * field by field. Field numbers come from the generated schemas.
 */
import {
  FindAllBranchesResponse_BranchSchema,
  FindAllBranchesResponseSchema,
  ListRefsResponse_ReferenceSchema,
  ListRefsResponseSchema,
} from "../../gen/gitaly/ref_pb.ts";
import type { ByteString } from "../../hg/byte-string.ts";
import type { Repository } from "../../hg/repository.ts";
import { gitCommitBytes } from "../../gitlab/git-commit.ts";
import { delimitedFieldSize, WireWriter } from "../../gitlab/wire-writer.ts";
import { EncodedMessage } from "../encoded-message.ts";

/**
 * Largest encoded answer message these lists are cut into (a single bigger entry still makes
 * one message). Clients concatenate the lists, so fewer messages only save per-message work
 * (half a millisecond for 526 branches in 27 messages); the bound keeps messages at the size
 * of Gitaly's data chunks (128 KiB), far below gRPC's 4 MiB default limit.
 */
export const MAX_MESSAGE_BYTES = 128 * 1024;

/** A ref as [full name, hex node]. */
export type NamedTarget = readonly [name: ByteString, node: string];

const BRANCHES = FindAllBranchesResponseSchema.field.branches.number;
const BRANCH_NAME = FindAllBranchesResponse_BranchSchema.field.name.number;
const BRANCH_TARGET = FindAllBranchesResponse_BranchSchema.field.target.number;
const REFERENCES = ListRefsResponseSchema.field.references.number;
const REFERENCE_NAME = ListRefsResponse_ReferenceSchema.field.name.number;
const REFERENCE_TARGET = ListRefsResponse_ReferenceSchema.field.target.number;

/** Encoded GitCommit of a hex node of the snapshot (a ref target must be in the changelog). */
function commitBytesOf(repo: Repository, node: string): Uint8Array {
  const rev = repo.changelog.rev(node);
  if (rev === undefined) throw new Error(`ref target ${node} is not in the changelog`);
  return gitCommitBytes(repo.changelog, rev);
}

/** Groups encoded entries into messages of at most MAX_MESSAGE_BYTES (at least one entry). */
function* sizedChunks(entries: Iterable<Uint8Array>): Generator<Uint8Array[]> {
  let chunk: Uint8Array[] = [];
  let size = 0;
  for (const entry of entries) {
    if (chunk.length > 0 && size + entry.length > MAX_MESSAGE_BYTES) {
      yield chunk;
      chunk = [];
      size = 0;
    }
    chunk.push(entry);
    size += entry.length;
  }
  if (chunk.length > 0) yield chunk;
}

/** The concatenation of `parts`. */
function concat(parts: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let pos = 0;
  for (const part of parts) {
    bytes.set(part, pos);
    pos += part.length;
  }
  return bytes;
}

/** The `branches` field of a FindAllBranches response holding one branch and its commit. */
function branchEntry(repo: Repository, [name, node]: NamedTarget): Uint8Array {
  const commit = commitBytesOf(repo, node);
  const size = delimitedFieldSize(BRANCH_NAME, name.length) +
    delimitedFieldSize(BRANCH_TARGET, commit.length);
  const writer = new WireWriter(size + 8);
  writer.header(BRANCHES, size).byteString(BRANCH_NAME, name).bytes(BRANCH_TARGET, commit);
  return writer.finish();
}

/** FindAllBranches responses for `branches`, in messages of at most MAX_MESSAGE_BYTES. */
export function findAllBranchesMessages(
  repo: Repository,
  branches: readonly NamedTarget[],
): EncodedMessage<typeof FindAllBranchesResponseSchema>[] {
  const entries = branches.map((branch) => branchEntry(repo, branch));
  return [...sizedChunks(entries)].map((chunk) =>
    new EncodedMessage(FindAllBranchesResponseSchema, concat(chunk))
  );
}

/** A ref with its encoded entry of a ListRefs response (the `references` field). */
export interface EncodedRef {
  /** Full ref name. */
  readonly name: ByteString;
  /** Hex node it points to. */
  readonly node: string;
  /** The `references` field holding this ref (name and target). */
  readonly entry: Uint8Array;
}

/** A ref and its ListRefs entry. */
export function encodedRef(name: ByteString, node: string): EncodedRef {
  // Names are byte strings, targets hex nodes (or ZERO_SHA): both are written byte per char.
  const size = delimitedFieldSize(REFERENCE_NAME, name.length) +
    delimitedFieldSize(REFERENCE_TARGET, node.length);
  const writer = new WireWriter(size + 8);
  writer.header(REFERENCES, size).byteString(REFERENCE_NAME, name)
    .byteString(REFERENCE_TARGET, node);
  return { name, node, entry: writer.finish() };
}

/** ListRefs responses holding `refs`, in messages of at most MAX_MESSAGE_BYTES. */
export function listRefsMessages(
  refs: readonly EncodedRef[],
): EncodedMessage<typeof ListRefsResponseSchema>[] {
  return [...sizedChunks(refs.map((ref) => ref.entry))].map((chunk) =>
    new EncodedMessage(ListRefsResponseSchema, concat(chunk))
  );
}
