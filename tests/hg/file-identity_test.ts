import assert from "node:assert/strict";
import { fileIdentity } from "../../src/hg/file-identity.ts";
import { snapshotFileIdentity, snapshotMemo } from "../../src/hg/snapshot-memo.ts";

Deno.test("file identity: missing, created, appended, replaced, removed", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/f`;
    assert.equal(fileIdentity(path), undefined);
    assert.equal(fileIdentity(path), undefined, "missing again (cheap probe)");
    assert.equal(fileIdentity(`${dir}/f/under-a-file`), undefined);
    await Deno.writeTextFile(path, "a");
    const created = fileIdentity(path);
    assert.notEqual(created, undefined, "created since the last call: seen at once");
    await Deno.writeTextFile(path, "b", { append: true });
    const appended = fileIdentity(path);
    assert.notEqual(appended, created);
    await Deno.writeTextFile(`${dir}/g`, "ab");
    await Deno.rename(`${dir}/g`, path);
    assert.notEqual(fileIdentity(path), appended, "replaced by a rename");
    await Deno.remove(path);
    assert.equal(fileIdentity(path), undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("snapshot memo: once per snapshot object", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/f`;
    const first = {};
    assert.equal(snapshotFileIdentity(first, path), undefined);
    await Deno.writeTextFile(path, "a");
    assert.equal(snapshotFileIdentity(first, path), undefined, "as first seen by the snapshot");
    assert.notEqual(snapshotFileIdentity({}, path), undefined, "a new snapshot sees the file");
    let calls = 0;
    const compute = () => ++calls;
    assert.equal(snapshotMemo(first, "k", compute), 1);
    assert.equal(snapshotMemo(first, "k", compute), 1);
    assert.equal(snapshotMemo({}, "k", compute), 2);
    assert.throws(() =>
      snapshotMemo(first, "bad", () => {
        throw new Error("x");
      })
    );
    assert.equal(snapshotMemo(first, "bad", () => 3), 3, "a failure is not remembered");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
