import assert from "node:assert/strict";
import {
  decodeDir,
  encodeDir,
  encodeStorePath,
  filelogStorePaths,
  type StoreEncoding,
  storeEncodingFor,
} from "../../src/hg/store-path.ts";
import { byteStringToUtf8 } from "../../src/hg/byte-string.ts";
import { openRepository } from "../../src/hg/repository.ts";
import { build, makeHgHome, type Step } from "./hg-fixture.ts";
import { randomBytes, TRICKY_PATHS } from "./rich-repo.ts";

const isUtf8 = (s: string) => {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(s, (c) => c.charCodeAt(0)));
    return true;
  } catch {
    return false;
  }
};

const LAYOUTS: [StoreEncoding, string[]][] = [
  ["fncache-dotencode", []],
  ["fncache", ["--config", "format.dotencode=no"]],
  ["encoded", ["--config", "format.usefncache=no"]],
  ["plain", ["--config", "format.usestore=no"]],
];

function pathsFor(enc: StoreEncoding): string[] {
  // Without a store, names hit the file system as they are: only UTF-8 ones are reachable.
  return enc === "plain" ? TRICKY_PATHS.filter(isUtf8) : TRICKY_PATHS;
}

const { dir, hgrc } = await makeHgHome();
const BIG_LONG = `hash-long/${"b".repeat(140)}.bin`;
{
  const steps: Step[] = [];
  for (const [enc, config] of LAYOUTS) {
    steps.push(["hg", "init", ...config, enc], ["cd", enc]);
    for (const p of pathsFor(enc)) steps.push(["write", p, `content of ${p}\n`]);
    steps.push(["write", BIG_LONG, randomBytes(200_000, 3)]);
    steps.push(["hg", "commit", "-A", "-q", "-m", "files"], ["cd", ".."]);
  }
  await build(dir, steps, hgrc);
}

function listFiles(root: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(`${root}/${prefix}`)) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory) out.push(...listFiles(root, rel));
    else out.push(rel);
  }
  return out;
}

Deno.test("encodeDir escapes .hg, .i and .d directories (Mercurial's examples)", () => {
  assert.equal(encodeDir("data/foo.i"), "data/foo.i");
  assert.equal(encodeDir("data/foo.i/bla.i"), "data/foo.i.hg/bla.i");
  assert.equal(encodeDir("data/foo.i.hg/bla.i"), "data/foo.i.hg.hg/bla.i");
  assert.equal(decodeDir("data/foo.i.hg.hg/bla.i"), "data/foo.i.hg/bla.i");
  for (const p of TRICKY_PATHS) assert.equal(decodeDir(encodeDir(`data/${p}.i`)), `data/${p}.i`);
});

Deno.test("encoded store escapes capitals, underscores and reserved bytes", () => {
  assert.equal(
    encodeStorePath("data/foo.i/bar.d/bla.hg/hi:world?/HELLO", "encoded"),
    "data/foo.i.hg/bar.d.hg/bla.hg.hg/hi~3aworld~3f/_h_e_l_l_o",
  );
  assert.equal(
    encodeStorePath("data/the\x07quick\xadshot_", "encoded"),
    "data/the~07quick~adshot__",
  );
});

Deno.test("fncache encoding of reserved names and dots", () => {
  assert.equal(
    encodeStorePath("data/.foo/aux.txt/txt.aux/con/prn/nul/foo.", "fncache-dotencode"),
    "data/~2efoo/au~78.txt/txt.aux/co~6e/pr~6e/nu~6c/foo~2e",
  );
  assert.equal(
    encodeStorePath("data/.com1com2/lpt9.lpt4.lpt1/conprn/com0/lpt0/foo.", "fncache"),
    "data/.com1com2/lp~749.lpt4.lpt1/conprn/com0/lpt0/foo~2e",
  );
  assert.equal(encodeStorePath("data/foo. ", "fncache-dotencode"), "data/foo.~20");
  assert.equal(encodeStorePath("data/ .foo", "fncache-dotencode"), "data/~20.foo");
});

Deno.test("hashed encoding keeps the extension and stays within 120 bytes", () => {
  const p = encodeStorePath(`data/${"x".repeat(200)}.i`, "fncache-dotencode");
  assert.match(p, /^dh\/x+[0-9a-f]{40}\.i$/);
  assert.equal(p.length, 120);
});

Deno.test("storeEncodingFor follows the requirements", () => {
  assert.equal(storeEncodingFor(new Set(["revlogv1"])), "plain");
  assert.equal(storeEncodingFor(new Set(["store"])), "encoded");
  assert.equal(storeEncodingFor(new Set(["store", "fncache"])), "fncache");
  assert.equal(storeEncodingFor(new Set(["store", "fncache", "dotencode"])), "fncache-dotencode");
});

for (const [enc] of LAYOUTS) {
  Deno.test(`every filelog of a ${enc} repository is found where hg wrote it`, () => {
    const repo = openRepository(`${dir}/${enc}`);
    assert.equal(repo.storeEncoding, enc);
    const expected = new Set<string>();
    for (const p of [...pathsFor(enc), BIG_LONG]) {
      const { index, data } = filelogStorePaths(p, enc);
      const fl = repo.filelog(p);
      assert.equal(fl.length, 1, `filelog of ${JSON.stringify(p)} at ${index}`);
      expected.add(byteStringToUtf8(index));
      if (p === BIG_LONG) {
        assert.equal(fl.index.inline, false);
        expected.add(byteStringToUtf8(data));
        assert.equal(fl.content(0).length, 200_000);
      }
    }
    const onDisk = listFiles(`${repo.storeDir}`).filter((f) =>
      f.startsWith("data/") || f.startsWith("dh/")
    );
    assert.deepEqual(onDisk.sort(), [...expected].sort());
  });
}

for (const enc of ["fncache-dotencode", "fncache"] as const) {
  Deno.test(`encoding every ${enc} fncache entry gives an existing store file`, () => {
    const store = `${dir}/${enc}/.hg/store`;
    const fncache = Deno.readFileSync(`${store}/fncache`);
    const entries = Array.from(fncache, (b) => String.fromCharCode(b)).join("").split("\n")
      .filter((l) => l);
    assert.ok(entries.length > TRICKY_PATHS.length);
    for (const entry of entries) {
      const encoded = encodeStorePath(decodeDir(entry), enc);
      assert.ok(
        Deno.statSync(`${store}/${byteStringToUtf8(encoded)}`).isFile,
        `${JSON.stringify(entry)} -> ${encoded}`,
      );
    }
  });
}
