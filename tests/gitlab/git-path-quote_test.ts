import assert from "node:assert/strict";
import { quoteGitPath } from "../../src/gitlab/git-path-quote.ts";

Deno.test("quoteGitPath: Git's C-style quoting with core.quotePath", () => {
  assert.equal(quoteGitPath("plain/path name.txt"), "plain/path name.txt");
  assert.equal(quoteGitPath("tab\there"), '"tab\\there"');
  assert.equal(quoteGitPath('q"b\\s'), '"q\\"b\\\\s"');
  assert.equal(quoteGitPath("caf\xc3\xa9"), '"caf\\303\\251"');
  assert.equal(quoteGitPath("ctl\x01\x7f"), '"ctl\\001\\177"');
});
