import assert from "node:assert/strict";
import { identifyLicense } from "../../../src/gitlab/license/identify-license.ts";
import { spdxLicenseList } from "../../../src/gitlab/license/license-database.ts";
import { isLicenseFileName, licenseCandidates } from "../../../src/gitlab/license/license-files.ts";
import {
  licenseWords,
  similarity,
  textProfile,
} from "../../../src/gitlab/license/license-similarity.ts";

Deno.test("license file names", () => {
  for (
    const name of [
      "LICENSE",
      "license.md",
      "LICENCE.txt",
      "COPYING",
      "COPYING.LESSER",
      "UNLICENSE",
      "MIT-LICENSE",
      "LICENSE-MIT",
      "gpl-v3.txt",
      "mit.txt",
      "Apache",
    ]
  ) {
    assert.ok(isLicenseFileName(name), name);
  }
  for (const name of ["README.md", "licensed.txt", "docs/LICENSE", "submit.txt", "main.c"]) {
    assert.ok(!isLicenseFileName(name), name);
  }
  assert.deepEqual(licenseCandidates(["mit.txt", "README", "COPYING", "LICENSE", "a/LICENSE"]), [
    "LICENSE",
    "COPYING",
    "mit.txt",
  ]);
});

Deno.test("normalised words ignore layout, case, copyright lines and trailing advice", () => {
  assert.deepEqual(
    licenseWords(
      "Copyright (c) 2020 X\nThe  Licence,\nis FREE.\nEND OF TERMS AND CONDITIONS\nmore",
    ),
    ["the", "license", "is", "free"],
  );
  const a = textProfile("a b c d e");
  assert.equal(similarity(a, textProfile("A\nb  c, d; e")), 1);
  assert.equal(similarity(a, textProfile("x y z")), 0);
  assert.equal(similarity(textProfile(""), textProfile("")), 0);
});

Deno.test("reference texts with another copyright line identify themselves", async () => {
  const list = await spdxLicenseList();
  for (
    const id of ["MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC", "MPL-2.0", "Zlib"]
  ) {
    const text = list[id].licenseText.replace(/^copyright.*$/im, "Copyright 1999 Someone");
    const match = await identifyLicense(text);
    assert.equal(match?.license.id, id);
  }
  // Identical texts: the smallest identifier wins, like Gitaly's sort.
  assert.equal((await identifyLicense(list["GPL-2.0-only"].licenseText))?.license.id, "GPL-2.0");
  assert.equal(await identifyLicense("this doesn't match any known license"), undefined);
});
