import assert from "node:assert/strict";
import { join } from "node:path";
import {
  RepositoryPathError,
  type RepositoryPathErrorKind,
  resolveRepositoryPath,
  storageRoot,
} from "../../src/config/repository-path.ts";
import { existingRepositoryPath, repositoryExists } from "../../src/config/repository-exists.ts";

/**
 * `<tmp>/store` (storage root) with `group/project.hg` (a real hg repository),
 * `file.txt`, symlinks `evil -> ../outside`, `alias -> group`,
 * `dangling -> /nonexistent/x`; `<tmp>/link-to-store -> store`.
 */
async function fixture() {
  const dir = await Deno.realPath(await Deno.makeTempDir());
  const store = join(dir, "store");
  await Deno.mkdir(join(store, "group"), { recursive: true });
  await Deno.mkdir(join(dir, "outside", "repo.hg"), { recursive: true });
  const init = await new Deno.Command("hg", {
    args: ["init", join(store, "group", "project.hg")],
    stdout: "null",
    stderr: "inherit",
  }).output();
  assert.ok(init.success);
  await Deno.writeTextFile(join(store, "file.txt"), "x");
  await Deno.symlink("../outside", join(store, "evil"));
  await Deno.symlink("group", join(store, "alias"));
  await Deno.symlink("/nonexistent/x", join(store, "dangling"));
  await Deno.symlink("store", join(dir, "link-to-store"));
  const storages = new Map([["default", store], ["other", join(dir, "link-to-store")]]);
  return { dir, store, storages, cleanup: () => Deno.remove(dir, { recursive: true }) };
}

async function assertRefused(
  promise: Promise<unknown>,
  kind: RepositoryPathErrorKind,
  message: string | RegExp,
): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof RepositoryPathError);
    assert.equal(error.kind, kind);
    if (typeof message === "string") assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  });
}

Deno.test("repository path: storage names", async () => {
  const { store, storages, cleanup } = await fixture();
  assert.equal(storageRoot(storages, "default"), store);
  assert.equal(storageRoot(storages, "x:default"), store);
  assert.equal(storageRoot(storages, "a:b:default"), store);
  await assertRefused(
    resolveRepositoryPath(storages, "nope", "group/project.git"),
    "invalid-argument",
    'GetStorageByName: no such storage: "nope"',
  );
  await assertRefused(
    resolveRepositoryPath(storages, "default:x", "group/project.git"),
    "invalid-argument",
    'GetStorageByName: no such storage: "default:x"',
  );
  await cleanup();
});

Deno.test("repository path: .git becomes .hg, harmless dots are normalized", async () => {
  const { store, storages, cleanup } = await fixture();
  const expected = join(store, "group", "project.hg");
  for (
    const relative of [
      "group/project.git",
      "group/project.hg",
      "./group//project.git/",
      "a/../group/project.git",
    ]
  ) {
    assert.equal(await resolveRepositoryPath(storages, "default", relative), expected, relative);
  }
  assert.equal(await resolveRepositoryPath(storages, "x:default", "group/project.git"), expected);
  assert.equal(
    await resolveRepositoryPath(storages, "default", "@hashed/ab/cd/abcd.git"),
    join(store, "@hashed/ab/cd/abcd.hg"),
  );
  await cleanup();
});

Deno.test("repository path: escapes are refused", async () => {
  const { storages, cleanup } = await fixture();
  const refuse = (relative: string, message: string | RegExp) =>
    assertRefused(
      resolveRepositoryPath(storages, "default", relative),
      "invalid-argument",
      message,
    );
  await refuse("", "empty RelativePath");
  await refuse(
    "../outside/repo.hg",
    'relative path escapes the storage root: "../outside/repo.hg"',
  );
  await refuse("group/../../outside/repo.git", /escapes the storage root/);
  await refuse("/etc/passwd", /escapes the storage root/);
  await refuse("evil/repo.git", 'relative path escapes the storage root: "evil/repo.git"');
  await refuse("evil", /escapes the storage root/);
  await refuse("evil/not/yet/there.git", /escapes the storage root/);
  await refuse("dangling/x.git", /dangling symbolic link/);
  await refuse(".", /designates the storage root itself/);
  await refuse("group/..", /designates the storage root itself/);
  await refuse("a\0b", /NUL/);
  await cleanup();
});

Deno.test("repository path: symlinks staying inside are allowed", async () => {
  const { dir, store, storages, cleanup } = await fixture();
  const viaAlias = await resolveRepositoryPath(storages, "default", "alias/project.git");
  assert.equal(viaAlias, join(store, "alias", "project.hg"));
  assert.equal(await repositoryExists(viaAlias), true);
  // A storage root that is itself a symlink: paths stay spelled under it.
  const viaRootLink = await resolveRepositoryPath(storages, "other", "group/project.git");
  assert.equal(viaRootLink, join(dir, "link-to-store", "group", "project.hg"));
  await assertRefused(
    resolveRepositoryPath(storages, "other", "../outside/repo.git"),
    "invalid-argument",
    /escapes/,
  );
  await cleanup();
});

Deno.test("repository path: missing paths resolve, existence is separate", async () => {
  const { dir, store, storages, cleanup } = await fixture();
  const fresh = await resolveRepositoryPath(storages, "default", "new/group/fresh.git");
  assert.equal(fresh, join(store, "new", "group", "fresh.hg"));
  assert.equal(await repositoryExists(fresh), false);
  const underFile = await resolveRepositoryPath(storages, "default", "file.txt/x.git");
  assert.equal(await repositoryExists(underFile), false);
  const missingRoot = new Map([["default", join(dir, "no-store")]]);
  assert.equal(
    await resolveRepositoryPath(missingRoot, "default", "a/b.git"),
    join(dir, "no-store", "a", "b.hg"),
  );

  assert.equal(
    await existingRepositoryPath(storages, "default", "group/project.git"),
    join(store, "group", "project.hg"),
  );
  await assertRefused(
    existingRepositoryPath(storages, "default", "group/missing.git"),
    "not-found",
    'repository at "group/missing.git" not found',
  );
  // A bare `.hg` directory is not a repository; an old-style changelog is.
  await Deno.mkdir(join(store, "empty.hg", ".hg"), { recursive: true });
  assert.equal(await repositoryExists(join(store, "empty.hg")), false);
  await Deno.writeTextFile(join(store, "empty.hg", ".hg", "00changelog.i"), "");
  assert.equal(await repositoryExists(join(store, "empty.hg")), true);
  await cleanup();
});
