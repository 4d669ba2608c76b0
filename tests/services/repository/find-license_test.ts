import assert from "node:assert/strict";
import { RepositoryService } from "../../../src/gen/gitaly/repository_pb.ts";
import { utf8ToByteString } from "../../../src/hg/byte-string.ts";
import { Code } from "../../../src/services/rpc.ts";
import { createClient, grpcError } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import { build, makeHgHome, type Step } from "../../hg/hg-fixture.ts";
import { spdxLicenseList } from "../../../src/gitlab/license/license-database.ts";

const spdx = await spdxLicenseList();

/** Re-wraps a text at `width` columns, as projects often do. */
function rewrap(text: string, width: number): string {
  return text.split(/\n\s*\n/).map((para) => {
    const out: string[] = [];
    let line = "";
    for (const word of para.split(/\s+/).filter((w) => w)) {
      if (line && line.length + word.length + 1 > width) {
        out.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    if (line) out.push(line);
    return out.join("\n");
  }).join("\n\n") + "\n";
}

const mit = spdx.MIT.licenseText.replace("<year> <copyright holders>", "2024 Jane Doe et al.");
const apache = spdx["Apache-2.0"].licenseText.split("APPENDIX:")[0];
const gpl2 = rewrap(spdx["GPL-2.0-only"].licenseText, 64);

const { dir, hgrc } = await makeHgHome();
const root = `${dir}/repos`;
await Deno.mkdir(root);
const repo = (name: string, files: [string, string][]): Step[] => [
  ["cd", root],
  ["hg", "init", name],
  ["cd", name],
  ...files.map(([p, c]): Step => ["write", p, utf8ToByteString(c)]),
  ["hg", "commit", "-A", "-q", "-m", "init", "-u", "t <t@e.org>", "-d", "0 0"],
];
await build(dir, [
  ...repo("mit", [["LICENSE", rewrap(mit, 72)], ["README.md", "hello\n"]]),
  ...repo("apache", [["LICENSE.txt", apache], ["src/LICENSE", rewrap(mit, 80)]]),
  ...repo("gpl", [["COPYING", gpl2], ["NOTES", "n\n"]]),
  ...repo("none", [["README.md", "MIT licensed, see the website\n"], ["sub/LICENSE", mit]]),
  ...repo("garbage", [["LICENSE.md", "this doesn't match any known license\n"]]),
  ...repo("pointer", [["LICENSE", "mit.txt\n"], ["mit.txt", mit]]),
  ["cd", root],
  ["hg", "init", "empty"],
], hgrc);

const srv = await startTestServer(root);
const client = createClient(RepositoryService, srv.address);
const find = (relativePath: string) =>
  client.findLicense({ repository: { storageName: "default", relativePath } });

Deno.test("FindLicense identifies MIT, Apache-2.0 and GPL-2.0 texts", async () => {
  const m = await find("mit");
  assert.equal(m.licenseShortName, "mit");
  assert.equal(m.licenseName, spdx.MIT.name);
  assert.equal(m.licenseUrl, spdx.MIT.url);
  assert.equal(m.licensePath, "LICENSE");
  assert.equal(m.licenseNickname, "");

  const a = await find("apache");
  assert.equal(a.licenseShortName, "apache-2.0");
  assert.equal(a.licenseName, spdx["Apache-2.0"].name);
  assert.equal(a.licensePath, "LICENSE.txt");

  const g = await find("gpl");
  assert.equal(g.licenseShortName, "gpl-2.0");
  assert.equal(g.licenseNickname, "GNU GPLv2");
  assert.equal(g.licensePath, "COPYING");

  // A candidate whose content is a file name: the other candidate is recognised.
  const p = await find("pointer");
  assert.equal(p.licenseShortName, "mit");
  assert.equal(p.licensePath, "mit.txt");
});

Deno.test("FindLicense: no license, unrecognised license, empty repository", async () => {
  const none = await find("none");
  assert.equal(none.licenseShortName, "");
  assert.equal(none.licensePath, "");
  assert.deepEqual(
    [(await find("garbage")).licenseShortName, (await find("garbage")).licenseName],
    ["other", "Other"],
  );
  const g = await find("garbage");
  assert.equal(g.licenseNickname, "LICENSE");
  assert.equal(g.licensePath, "LICENSE.md");
  assert.equal((await find("empty")).licenseShortName, "");
});

Deno.test("FindLicense: bad repository addressing", async () => {
  assert.equal((await grpcError(client.findLicense({}))).code, Code.INVALID_ARGUMENT);
  assert.equal((await grpcError(find("missing"))).code, Code.NOT_FOUND);
  assert.equal(
    (await grpcError(client.findLicense({ repository: { storageName: "x", relativePath: "mit" } })))
      .code,
    Code.INVALID_ARGUMENT,
  );
});

Deno.test("stop server", async () => {
  client.close();
  await srv[Symbol.asyncDispose]();
});
