import assert from "node:assert/strict";
import { openRepository } from "../../src/hg/repository.ts";
import { RepositoryNotFoundError, UnsupportedRequirementError } from "../../src/hg/errors.ts";
import { build, dumpRepository, makeHgHome, type Step } from "./hg-fixture.ts";
import { assertRepositoryMatches } from "./differential.ts";

const { dir, hgrc } = await makeHgHome();

/** `hg init` variants whose requirements must all be accepted. */
const INIT_VARIANTS: Record<string, string[]> = {
  default: [],
  "no-share-safe": ["format.use-share-safe=no"],
  "dirstate-v2": ["format.use-dirstate-v2=yes", "storage.dirstate-v2.slow-path=allow"],
  "tracked-hint": ["format.use-dirstate-tracked-hint=yes"],
  "internal-phase": ["format.use-internal-phase=yes"],
  "archived-phase": ["format.exp-archived-phase=yes"],
  "persistent-nodemap": [
    "format.use-persistent-nodemap=yes",
    "storage.revlog.persistent-nodemap.slow-path=allow",
  ],
  "bookmarks-in-store": ["format.bookmarks-in-store=yes"],
  "no-sparse": ["format.sparse-revlog=no"],
  zlib: ["format.revlog-compression=zlib"],
  none: ["format.revlog-compression=none"],
};

const commitSteps = (msg: string): Step[] => [
  ["write", "f", `${msg}\n`],
  ["hg", "commit", "-A", "-q", "-m", msg],
];

{
  const steps: Step[] = [];
  for (const [name, config] of Object.entries(INIT_VARIANTS)) {
    const args = config.flatMap((c) => ["--config", c]);
    steps.push(["hg", "init", ...args, name], ["cd", name], ["write", "f", `${name}\n`]);
    steps.push(["hg", "commit", ...args, "-A", "-q", "-m", name], ["cd", ".."]);
  }
  for (const src of ["default", "no-share-safe"]) {
    steps.push(["hg", "share", "-q", src, `${src}-share`]);
    steps.push(["hg", "share", "-q", "--relative", src, `${src}-relshare`]);
    steps.push(["cd", `${src}-share`], ...commitSteps("from share"), ["cd", ".."]);
  }
  steps.push(["hg", "init", "unsupported"], ["cd", "unsupported"], ...commitSteps("x"));
  await build(dir, steps, hgrc);
}

for (const name of Object.keys(INIT_VARIANTS)) {
  Deno.test(`requirements of \`hg init\` variant ${name} are supported`, () => {
    const repo = openRepository(`${dir}/${name}`);
    assert.ok(repo.requirements.has("revlogv1"));
    assert.ok(repo.requirements.has("store"));
    assert.equal(repo.storeDir, `${dir}/${name}/.hg/store`);
    assert.ok(repo.changelog.length >= 1); // shares add to some of them
    const cs = repo.changelog.read(0);
    assert.equal(cs.description, name);
    const fl = repo.filelog("f");
    assert.equal(
      new TextDecoder().decode(fl.content(fl.rev(repo.manifest(cs.manifestNode).get("f")!.node)!)),
      `${name}\n`,
    );
  });
}

Deno.test("share-safe requirements come from the store", () => {
  const repo = openRepository(`${dir}/default`);
  assert.ok(repo.requirements.has("share-safe"));
  assert.ok(repo.requirements.has("generaldelta"), "read from .hg/store/requires");
  assert.equal(repo.root, `${dir}/default`);
  assert.equal(repo.hgDir, `${dir}/default/.hg`);
  assert.equal(repo.sharedHgDir, repo.hgDir);
  assert.equal(openRepository(`${dir}/default/`).root, `${dir}/default`);
});

for (const src of ["default", "no-share-safe"]) {
  for (const kind of ["share", "relshare"]) {
    Deno.test(`a ${kind} of a ${src} repository reads the source's store`, async () => {
      const share = openRepository(`${dir}/${src}-${kind}`);
      const source = openRepository(`${dir}/${src}`);
      assert.ok(share.requirements.has(kind === "share" ? "shared" : "relshared"));
      assert.equal(share.storeDir, source.storeDir);
      assert.equal(share.sharedHgDir, source.hgDir);
      assert.equal(share.hgDir, `${dir}/${src}-${kind}/.hg`);
      assert.equal(share.changelog.length, 2);
      assert.equal(share.changelog.read(1).description, "from share");
      assertRepositoryMatches(share, await dumpRepository(`${dir}/${src}-${kind}`, hgrc));
    });
  }
}

Deno.test("missing repositories", () => {
  assert.throws(() => openRepository(`${dir}/nowhere`), RepositoryNotFoundError);
  Deno.mkdirSync(`${dir}/plain-dir`);
  assert.throws(() => openRepository(`${dir}/plain-dir`), RepositoryNotFoundError);
  Deno.mkdirSync(`${dir}/file-hg`);
  Deno.writeTextFileSync(`${dir}/file-hg/.hg`, "");
  assert.throws(() => openRepository(`${dir}/file-hg`), RepositoryNotFoundError);
  // As repositoryExists sees it: `.hg` needs a requires file or (very old ones) a changelog.
  Deno.mkdirSync(`${dir}/empty-hg/.hg`, { recursive: true });
  assert.throws(() => openRepository(`${dir}/empty-hg`), RepositoryNotFoundError);
  Deno.writeFileSync(`${dir}/empty-hg/.hg/00changelog.i`, new Uint8Array());
  assert.throws(() => openRepository(`${dir}/empty-hg`), UnsupportedRequirementError);
});

Deno.test("unsupported requirements are reported by name", () => {
  const path = `${dir}/unsupported`;
  const storeRequires = `${path}/.hg/store/requires`;
  const original = Deno.readTextFileSync(storeRequires);
  const expectUnsupported = (requirement: string) => {
    assert.throws(() => openRepository(path), (e: unknown) => {
      assert.ok(e instanceof UnsupportedRequirementError);
      assert.equal(e.requirement, requirement);
      assert.match(e.message, new RegExp(requirement));
      return true;
    });
  };
  try {
    Deno.writeTextFileSync(storeRequires, original + "treemanifest\n");
    expectUnsupported("treemanifest");
    Deno.writeTextFileSync(storeRequires, original + "exp-revlogv2.2\n");
    expectUnsupported("exp-revlogv2.2");
    Deno.writeTextFileSync(storeRequires, original.replace("revlogv1\n", ""));
    expectUnsupported("revlogv0");
    Deno.writeTextFileSync(storeRequires, original);
    const wc = `${path}/.hg/requires`;
    Deno.writeTextFileSync(wc, Deno.readTextFileSync(wc) + "largefiles\n");
    expectUnsupported("largefiles");
  } finally {
    Deno.writeTextFileSync(storeRequires, original);
  }
});

Deno.test("filelogs are opened once per repository object", () => {
  const repo = openRepository(`${dir}/default`);
  assert.equal(repo.filelog("f"), repo.filelog("f"));
  assert.equal(repo.manifestLog, repo.manifestLog);
});

Deno.test("reopening reuses the layout and changelog snapshot until hg changes them", async () => {
  const path = `${dir}/reopened`;
  await build(dir, [["hg", "init", "reopened"], ["cd", "reopened"], ...commitSteps("one")], hgrc);
  const first = openRepository(path);
  const again = openRepository(path);
  assert.notEqual(again, first, "a new snapshot object per opening");
  assert.equal(again.changelog, first.changelog, "the unchanged changelog snapshot is shared");
  assert.deepEqual(again.requirements, first.requirements);
  again.requirements.add("mine");
  assert.ok(!openRepository(path).requirements.has("mine"), "callers get their own set");

  await build(path, commitSteps("two"), hgrc);
  const afterCommit = openRepository(path);
  assert.notEqual(afterCommit.changelog, first.changelog);
  assert.equal(afterCommit.changelog.length, 2);
  assert.equal(afterCommit.changelog.read(1).description, "two");
  assert.equal(first.changelog.length, 1, "an older snapshot stays as it was");

  // A requirement added the way hg writes requires files: a new file renamed over the old one.
  const storeRequires = `${path}/.hg/store/requires`;
  const original = Deno.readTextFileSync(storeRequires);
  Deno.writeTextFileSync(`${storeRequires}.tmp`, original + "treemanifest\n");
  Deno.renameSync(`${storeRequires}.tmp`, storeRequires);
  assert.throws(() => openRepository(path), UnsupportedRequirementError);
  Deno.writeTextFileSync(`${storeRequires}.tmp`, original);
  Deno.renameSync(`${storeRequires}.tmp`, storeRequires);
  assert.equal(openRepository(path).changelog.length, 2);
  const requires = `${path}/.hg/requires`;
  const wc = Deno.readTextFileSync(requires);
  Deno.writeTextFileSync(`${requires}.tmp`, wc + "largefiles\n");
  Deno.renameSync(`${requires}.tmp`, requires);
  assert.throws(() => openRepository(path), UnsupportedRequirementError);
  Deno.writeTextFileSync(`${requires}.tmp`, wc);
  Deno.renameSync(`${requires}.tmp`, requires);
  assert.equal(openRepository(path).changelog.length, 2);

  // The repository replaced by another one at the same path.
  await Deno.rename(path, `${path}-old`);
  assert.throws(() => openRepository(path), RepositoryNotFoundError);
  await build(dir, [["hg", "init", "reopened"], ["cd", "reopened"], ...commitSteps("new")], hgrc);
  const replaced = openRepository(path);
  assert.equal(replaced.changelog.length, 1);
  assert.equal(replaced.changelog.read(0).description, "new");
});
