import assert from "node:assert/strict";
import {
  ArchivePrefixError,
  tidyArchivePrefix,
} from "../../../src/gitlab/archive/archive-prefix.ts";
import { pyFloatRepr, pyRound } from "../../../src/gitlab/archive/py-number.ts";
import { isUtf8, pyAsciiReplace } from "../../../src/gitlab/archive/py-text.ts";
import { rechunk } from "../../../src/gitlab/archive/rechunk.ts";

Deno.test("Python number formatting: float repr and round half to even", () => {
  assert.equal(pyFloatRepr(1700000200), "1700000200.0");
  assert.equal(pyFloatRepr(0.5), "0.5");
  assert.equal(pyFloatRepr(-12.25), "-12.25");
  assert.equal(pyFloatRepr(1e16), "1e+16");
  assert.equal(pyFloatRepr(1.5e-5), "1.5e-05");
  assert.deepEqual([0.5, 1.5, 2.5, 2.6, 3.4].map(pyRound), [0, 2, 2, 3, 3]);
});

Deno.test("Python text views of byte names", () => {
  const bytes = (...b: number[]) => Uint8Array.from(b);
  assert.equal(isUtf8(bytes(0x63, 0xc3, 0xa9)), true);
  assert.equal(isUtf8(bytes(0xe9)), false);
  assert.equal(isUtf8(bytes(0xed, 0xa0, 0x80)), false, "encoded surrogate");
  // One `?` per character: a 2-byte é, a 3-byte €, a stray byte, a truncated sequence.
  const name = bytes(0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xe9, 0xe2, 0x82, 0x62);
  assert.equal(new TextDecoder().decode(pyAsciiReplace(name)), "a?????b");
});

Deno.test("tidyArchivePrefix folds like Mercurial and refuses escapes", () => {
  assert.equal(tidyArchivePrefix("proj-123"), "proj-123/");
  assert.equal(tidyArchivePrefix("./a//b/./c/"), "a/b/c/");
  assert.equal(tidyArchivePrefix("a/../b"), "b/");
  assert.equal(tidyArchivePrefix("."), "");
  assert.equal(tidyArchivePrefix(""), "");
  for (const bad of ["/abs", "..", "../x", "a/../../x"]) {
    assert.throws(() => tidyArchivePrefix(bad), ArchivePrefixError, bad);
  }
});

Deno.test("rechunk: full messages but the last, big pieces cut, small ones gathered", async () => {
  const pieces = [5, 3, 20, 1, 0, 9].map((n, i) => new Uint8Array(n).fill(i));
  const out: Uint8Array[] = [];
  for await (const c of rechunk(pieces, 8)) out.push(c);
  assert.deepEqual(out.map((c) => c.length), [8, 8, 8, 8, 6]);
  assert.deepEqual([...out[0]], [0, 0, 0, 0, 0, 1, 1, 1]);
  assert.deepEqual([...out[3]], [2, 2, 2, 2, 3, 5, 5, 5]);
  assert.deepEqual([...out[4]], [5, 5, 5, 5, 5, 5]);
});
