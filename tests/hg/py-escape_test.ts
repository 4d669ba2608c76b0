import assert from "node:assert/strict";
import { pyEscapeDecode } from "../../src/hg/py-escape.ts";

Deno.test("pyEscapeDecode follows Python's escape_decode", () => {
  assert.equal(pyEscapeDecode("plain"), "plain");
  assert.equal(pyEscapeDecode("a\\\\b\\nc\\rd\\te"), "a\\b\nc\rd\te");
  assert.equal(pyEscapeDecode("\\x41\\x4a\\101\\0\\7\\777"), "AJA\0\x07\xff");
  assert.equal(pyEscapeDecode("\\'\\\"\\a\\b\\f\\v"), "'\"\x07\x08\x0c\x0b");
  assert.equal(pyEscapeDecode("keep \\q and \\x4"), "keep \\q and \\x4");
  assert.equal(pyEscapeDecode("line\\\ncont"), "linecont");
  assert.equal(pyEscapeDecode("trailing\\"), "trailing\\");
});
