import assert from "node:assert/strict";
import { gitTimezone, parsePerson } from "../../src/gitlab/commit-author.ts";
import { parseKeepArounds, parseTypedRefs } from "../../src/gitlab/state-file-format.ts";
import { GitLabStateError } from "../../src/gitlab/state-file-error.ts";
import { isValidRefName, parseGitLabBranch } from "../../src/gitlab/ref-names.ts";

Deno.test("person and email like Mercurial (RHGitaly without @)", () => {
  assert.deepEqual(parsePerson("Foo Bar <foo@bar>"), { name: "Foo Bar", email: "foo@bar" });
  // Like Mercurial: quotes and spaces stripped at both ends, then \\" unescaped.
  assert.deepEqual(parsePerson('"Foo \\"B\\" x" <f@b>'), { name: 'Foo "B" x', email: "f@b" });
  assert.deepEqual(parsePerson("foo.bar@baz"), { name: "foo bar", email: "foo.bar@baz" });
  assert.deepEqual(parsePerson("just a name"), { name: "just a name", email: "" });
  assert.deepEqual(parsePerson("<only@mail"), { name: "", email: "only@mail" });
});

Deno.test("timezones are sign-flipped +HHMM", () => {
  assert.equal(gitTimezone(-7200), "+0200");
  assert.equal(gitTimezone(5400), "-0130");
  assert.equal(gitTimezone(-1800), "+0030");
  assert.equal(gitTimezone(0), "+0000");
  assert.equal(gitTimezone(Number.NaN), "+0000");
});

Deno.test("state file format", () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  const n = "a".repeat(40);
  assert.deepEqual([...parseTypedRefs(enc(`001\n${n} branch/x y\n`), "f")], [["branch/x y", n]]);
  assert.deepEqual([...parseTypedRefs(enc("001\n"), "f")], []);
  assert.deepEqual([...parseKeepArounds(enc(`001\n${n}\n`), "f")], [n]);
  assert.throws(() => parseTypedRefs(enc(` 01\n${n} x\n`), "f"), GitLabStateError);
  assert.throws(() => parseTypedRefs(enc(`001\n${n}\n`), "f"), GitLabStateError);
  assert.throws(() => parseTypedRefs(enc(`001\n${n}\tx\n`), "f"), GitLabStateError);
  assert.throws(() => parseKeepArounds(enc(`001\nxyz\n`), "f"), GitLabStateError);
});

Deno.test("ref names", () => {
  assert.ok(isValidRefName("refs/tags/v1.0"));
  for (
    const bad of [
      "refs/tags/a b",
      "refs/tags/a..b",
      "refs/tags/.x",
      "refs/tags/x.lock",
      "refs/tags/x~",
      "refs/tags/x.",
    ]
  ) {
    assert.ok(!isValidRefName(bad), bad);
  }
  assert.deepEqual(parseGitLabBranch("branch/ze/branch"), { kind: "branch", branch: "ze/branch" });
  assert.deepEqual(parseGitLabBranch("topic/a/b/t"), { kind: "topic", branch: "a/b", topic: "t" });
  assert.equal(parseGitLabBranch("topic/x"), undefined);
  assert.equal(parseGitLabBranch("bookmark"), undefined);
});
