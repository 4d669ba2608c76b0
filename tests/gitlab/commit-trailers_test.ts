import assert from "node:assert/strict";
import { parseTrailers } from "../../src/gitlab/commit-trailers.ts";

Deno.test("parseTrailers: last paragraph of Key: value lines, continuations unfolded", () => {
  assert.deepEqual(parseTrailers("subject\n\nbody\n\nSigned-off-by: A <a@x>\nFixes:  #1\n"), [
    { key: "Signed-off-by", value: "A <a@x>" },
    { key: "Fixes", value: "#1" },
  ]);
  assert.deepEqual(parseTrailers("s\n\nKey: a\n  b\n\tc"), [{ key: "Key", value: "a b c" }]);
  assert.deepEqual(parseTrailers("Key: only a subject"), []);
  assert.deepEqual(parseTrailers("s\n\nnot a trailer\nKey: v"), []);
  assert.deepEqual(parseTrailers("s\r\n\r\nKey: v\r\n"), [{ key: "Key", value: "v" }]);
});
