import assert from "node:assert/strict";
import {
  blobOid,
  decodeObjectId,
  decodePathObjectId,
  ObjectIdError,
  treeOid,
} from "../../src/gitlab/object-id.ts";

const NODE = "56de78ad".repeat(5);

Deno.test("oids are the changeset hex, `_` and the base64 of the path bytes", () => {
  assert.equal(blobOid(NODE, "rang\xe9"), `${NODE}_cmFuZ+k=`);
  assert.equal(treeOid(NODE, ""), `${NODE}_`);
  assert.equal(treeOid(NODE, "a/b"), `${NODE}_YS9i`);
});

Deno.test("decoding round-trips any path bytes and lowercases the node", () => {
  for (const path of ["", "a", "ab", "abc", "d\xff\x00/\xe9t\xe9", "x".repeat(300)]) {
    assert.deepEqual(decodePathObjectId(blobOid(NODE, path)), { node: NODE, path });
  }
  assert.deepEqual(decodeObjectId(`${NODE.toUpperCase()}_YQ==`), { node: NODE, path: "a" });
  assert.deepEqual(decodeObjectId(NODE), { node: NODE, path: undefined });
});

Deno.test("malformed oids: InvalidNodeId, InvalidPathComponent, MissingPath", () => {
  const kind = (oid: string, f: (oid: string) => unknown = decodePathObjectId) => {
    try {
      f(oid);
    } catch (err) {
      assert.ok(err instanceof ObjectIdError);
      return err.kind;
    }
    return "ok";
  };
  assert.equal(kind(""), "InvalidNodeId");
  assert.equal(kind("abc_YQ=="), "InvalidNodeId");
  assert.equal(kind(`${NODE}0_YQ==`), "InvalidNodeId");
  assert.equal(kind(`${"g".repeat(40)}_YQ==`), "InvalidNodeId");
  assert.equal(kind(`${NODE}_YQ`), "InvalidPathComponent");
  assert.equal(kind(`${NODE}_Y!==`), "InvalidPathComponent");
  assert.equal(kind(`${NODE}_YQ==_`), "InvalidPathComponent");
  assert.equal(kind(`${NODE}_YQ-_`), "InvalidPathComponent");
  assert.equal(kind(NODE), "MissingPath");
  assert.equal(kind(NODE, decodeObjectId), "ok");
});
