import assert from "node:assert/strict";
import {
  languageByPath,
  languageByShebang,
} from "../../../src/gitlab/languages/detect-language.ts";
import { isExcludedPath } from "../../../src/gitlab/languages/exclusions.ts";
import { languageColor } from "../../../src/gitlab/languages/language-stats.ts";

Deno.test("languageByPath: file names, extensions, compound extensions, ambiguities", () => {
  const name = (p: string) => languageByPath(p)?.name;
  assert.equal(name("src/main.py"), "Python");
  assert.equal(name("a/b/Makefile"), "Makefile");
  assert.equal(name("Dockerfile"), "Dockerfile");
  assert.equal(name("lib.ts"), "TypeScript");
  assert.equal(name("types.d.ts"), "TypeScript");
  assert.equal(name("x.h"), "C");
  assert.equal(name("x.hpp"), "C++");
  assert.equal(name("x.m"), "Objective-C");
  assert.equal(name("README.md"), "Markdown");
  assert.equal(name("Main.JAVA"), "Java");
  assert.equal(name("noext"), undefined);
  assert.equal(name(".hidden"), undefined);
});

Deno.test("languageByShebang", () => {
  assert.equal(languageByShebang("#!/usr/bin/env python3")?.name, "Python");
  assert.equal(languageByShebang("#!/bin/sh")?.name, "Shell");
  assert.equal(languageByShebang("#! /usr/bin/perl -w")?.name, "Perl");
  assert.equal(languageByShebang("no shebang"), undefined);
});

Deno.test("isExcludedPath: vendored, documentation, generated", () => {
  for (
    const p of [
      "vendor/x.js",
      "a/node_modules/b.js",
      "docs/x.md",
      "README.md",
      "LICENSE",
      "app.min.js",
      "x_pb2.py",
    ]
  ) {
    assert.ok(isExcludedPath(p), p);
  }
  for (const p of ["src/main.py", "lib/docs.py", "vendoring.py"]) assert.ok(!isExcludedPath(p), p);
});

Deno.test("languageColor: Linguist color or SHA-256 fallback", async () => {
  assert.equal(await languageColor("Python", "#3572A5"), "#3572A5");
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode("Foo")),
  );
  const hex = [...digest.slice(0, 3)].map((b) => b.toString(16).padStart(2, "0")).join("");
  assert.equal(await languageColor("Foo"), `#${hex}`);
});
