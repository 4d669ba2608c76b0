import assert from "node:assert/strict";
import { revisionSyntaxError } from "../../src/gitlab/revision-syntax.ts";

const EMPTY = "empty revision";
const DASH = "revision can't start with '-'";
const SPACE = "revision can't contain whitespace";
const NUL = "revision can't contain NUL";

// [revision, default (revision lists, object lookups), strict (git.ValidateRevision)]
const CASES: [string, string | undefined, string | undefined][] = [
  ["", EMPTY, EMPTY],
  ["main", undefined, undefined],
  ["branch/default", undefined, undefined],
  ["a..b", undefined, undefined],
  ["^main", undefined, undefined],
  ["-all", DASH, DASH],
  ["--not", DASH, DASH],
  ["a b", SPACE, SPACE],
  ["a\tb", SPACE, undefined], // strict: only space and line feed
  ["a\nb", SPACE, "revision can't contain line feed"],
  ["a\rb", SPACE, undefined],
  ["a\0b", NUL, NUL],
  ["a:", 'revision can\'t end with ":"', "revision can't contain ':'"],
  ["main:README", undefined, "revision can't contain ':'"],
  // The first failing check wins.
  ["-a b", DASH, DASH],
  ["a b\0", SPACE, SPACE],
  ["a\0:", NUL, NUL],
  ["a:\n", SPACE, "revision can't contain ':'"],
];

Deno.test("revision syntax: default and strict rules", () => {
  for (const [revision, lax, strict] of CASES) {
    assert.equal(revisionSyntaxError(revision), lax, JSON.stringify(revision));
    assert.equal(revisionSyntaxError(revision, { strict: true }), strict, JSON.stringify(revision));
  }
});

Deno.test("revision syntax: empty revision allowed on request", () => {
  assert.equal(revisionSyntaxError("", { allowEmpty: true }), undefined);
  assert.equal(revisionSyntaxError("", { allowEmpty: true, strict: true }), undefined);
  assert.equal(revisionSyntaxError("-x", { allowEmpty: true }), DASH);
});
