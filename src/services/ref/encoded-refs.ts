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
import { chunked, COMMITS_PER_MESSAGE, NAMES_PER_MESSAGE } from "./ref-support.ts";

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

/** FindAllBranches responses for `branches`, COMMITS_PER_MESSAGE branches per message. */
export function findAllBranchesMessages(
  repo: Repository,
  branches: readonly NamedTarget[],
): EncodedMessage<typeof FindAllBranchesResponseSchema>[] {
  const out = [];
  for (const chunk of chunked(branches, COMMITS_PER_MESSAGE)) {
    const writer = new WireWriter(16 * 1024);
    for (const [name, node] of chunk) {
      const commit = commitBytesOf(repo, node);
      const size = delimitedFieldSize(BRANCH_NAME, name.length) +
        delimitedFieldSize(BRANCH_TARGET, commit.length);
      writer.header(BRANCHES, size).byteString(BRANCH_NAME, name).bytes(BRANCH_TARGET, commit);
    }
    out.push(new EncodedMessage(FindAllBranchesResponseSchema, writer.finish()));
  }
  return out;
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

/** ListRefs responses holding `refs`, NAMES_PER_MESSAGE refs per message. */
export function listRefsMessages(
  refs: readonly EncodedRef[],
): EncodedMessage<typeof ListRefsResponseSchema>[] {
  const out = [];
  for (const chunk of chunked(refs, NAMES_PER_MESSAGE)) {
    const bytes = new Uint8Array(chunk.reduce((sum, ref) => sum + ref.entry.length, 0));
    let pos = 0;
    for (const { entry } of chunk) {
      bytes.set(entry, pos);
      pos += entry.length;
    }
    out.push(new EncodedMessage(ListRefsResponseSchema, bytes));
  }
  return out;
}
