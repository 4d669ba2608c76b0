import assert from "node:assert/strict";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  FindAllBranchesResponse_BranchSchema,
  FindAllBranchesResponseSchema,
  ListRefsResponseSchema,
} from "../../src/gen/gitaly/ref_pb.ts";
import { GitCommitSchema } from "../../src/gen/gitaly/shared_pb.ts";
import { delimitedFieldSize, WireWriter } from "../../src/gitlab/wire-writer.ts";

const enc = (s: string) => new TextEncoder().encode(s);

/** A commit whose body has `size` bytes (lengths crossing varint byte boundaries). */
function commitOf(size: number) {
  return create(GitCommitSchema, {
    id: "ab".repeat(20),
    subject: enc("subject é"),
    body: new Uint8Array(size).fill(0x61),
    bodySize: BigInt(size),
    parentIds: ["cd".repeat(20)],
    author: { name: enc("Al"), email: enc("al@ex.org"), date: { seconds: 5n } },
  });
}

Deno.test("WireWriter writes FindAllBranches responses as protobuf-es does", () => {
  for (const sizes of [[0], [1, 126, 127, 128], [16_383, 16_384, 2_100_000]]) {
    const branches = sizes.map((size, i) => ({
      name: enc(`refs/heads/branch/b${i}-\u00e9`),
      target: commitOf(size),
    }));
    const writer = new WireWriter(16);
    for (const { name, target } of branches) {
      const commit = toBinary(GitCommitSchema, target);
      const field = FindAllBranchesResponse_BranchSchema.field;
      const size = delimitedFieldSize(field.name.number, name.length) +
        delimitedFieldSize(field.target.number, commit.length);
      writer.header(FindAllBranchesResponseSchema.field.branches.number, size)
        .bytes(field.name.number, name)
        .bytes(field.target.number, commit);
    }
    const expected = create(FindAllBranchesResponseSchema, { branches });
    const bytes = writer.finish();
    assert.equal(bytes.length, writer.length);
    assert.deepEqual(bytes, toBinary(FindAllBranchesResponseSchema, expected));
    assert.deepEqual(fromBinary(FindAllBranchesResponseSchema, bytes), expected);
  }
});

Deno.test("WireWriter strings and sub-message headers; field sizes", () => {
  const writer = new WireWriter(1);
  const ref = { name: enc("refs/tags/v1"), target: "\u00e9t\u00e9" };
  const name = ref.name;
  const target = enc(ref.target);
  writer.header(1, delimitedFieldSize(1, name.length) + delimitedFieldSize(2, target.length))
    .bytes(1, name).string(2, ref.target);
  const expected = create(ListRefsResponseSchema, { references: [ref] });
  assert.deepEqual(writer.finish(), toBinary(ListRefsResponseSchema, expected));
  const latin1 = new WireWriter().byteString(1, "refs/heads/\xe9\xff").finish();
  assert.deepEqual(latin1, new Uint8Array([10, 13, ...enc("refs/heads/"), 0xe9, 0xff]));
  assert.throws(() => new WireWriter().byteString(1, "\u0100"), RangeError);
  assert.equal(delimitedFieldSize(1, 0), 2);
  assert.equal(delimitedFieldSize(1, 128), 131);
  assert.equal(delimitedFieldSize(16, 1), 4, "field 16 needs a two-byte tag");
});
