import assert from "node:assert/strict";
import { bookmarksPath, parseBookmarks } from "../../src/hg/bookmarks.ts";

const A = "a".repeat(40);
const B = "b".repeat(40);

Deno.test("parseBookmarks: names with spaces and bytes, later lines win", () => {
  const data = `${A} one\n${B} two words\n\n  ${A.toUpperCase()} caf\xc3\xa9\xa0\r\n${B} one\n`;
  assert.deepEqual([...parseBookmarks(data)], [
    ["one", B],
    ["two words", B],
    ["caf\xc3\xa9\xa0", A],
  ]);
});

Deno.test("parseBookmarks skips malformed lines and unknown nodes", () => {
  const data = `${A}\nnothex name\n${A.slice(1)} short\n${A} kept\n${B} dropped\n`;
  assert.deepEqual([...parseBookmarks(data, (node) => node === A)], [["kept", A]]);
});

Deno.test("bookmarksPath: working copy, store, shared source", async () => {
  const dir = await Deno.makeTempDir();
  const base = {
    hgDir: `${dir}/.hg`,
    storeDir: `${dir}/.hg/store`,
    requirements: new Set<string>(),
  };
  assert.equal(bookmarksPath(base), `${dir}/.hg/bookmarks`);
  assert.equal(
    bookmarksPath({ ...base, requirements: new Set(["bookmarksinstore"]) }),
    `${dir}/.hg/store/bookmarks`,
  );
  const share = { ...base, sharedHgDir: "/src/.hg" };
  assert.equal(bookmarksPath(share), `${dir}/.hg/bookmarks`);
  await Deno.mkdir(`${dir}/.hg`);
  await Deno.writeTextFile(`${dir}/.hg/shared`, "bookmarks\n");
  assert.equal(bookmarksPath(share), "/src/.hg/bookmarks");
  await Deno.remove(dir, { recursive: true });
});
