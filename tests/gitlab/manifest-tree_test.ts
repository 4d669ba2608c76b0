/**
 * Tree synthesis checked against Git itself: each changeset is archived by hg, committed into
 * a Git repository, and Git's listings, modes, tree sizes and single-tree chains are compared
 * with what the manifest gives.
 */
import assert from "node:assert/strict";
import { bytesToByteString, type ByteString } from "../../src/hg/byte-string.ts";
import { openRepository } from "../../src/hg/repository.ts";
import {
  directoryChildren,
  lookupTreePath,
  treeObjectSize,
  trimTreePath,
  walkTree,
} from "../../src/gitlab/manifest-tree.ts";
import { MODE_TREE, modeOfFlags } from "../../src/gitlab/object-mode.ts";
import { hgCommand } from "../hg/hg-fixture.ts";
import { buildTreeFixture } from "./tree-fixture.ts";

const fixture = await buildTreeFixture();
const repo = openRepository(fixture.repo);

async function run(cmd: string, args: string[], cwd: string, stdin?: string): Promise<ByteString> {
  const child = new Deno.Command(cmd, {
    args,
    cwd,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    env: { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t" },
  }).spawn();
  if (stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(Uint8Array.from(stdin, (c) => c.charCodeAt(0)));
    await w.close();
  }
  const out = await child.output();
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
  return bytesToByteString(out.stdout);
}

interface GitEntry {
  mode: number;
  kind: "blob" | "tree";
  path: ByteString;
}

/** `git ls-tree -r -t` of changeset `rev` committed into a fresh Git repository. */
async function gitTree(rev: number): Promise<{ entries: GitEntry[]; git: string }> {
  const git = `${fixture.dir}/git-${rev}`;
  await hgCommand(
    ["archive", "--hidden", "-r", `${rev}`, "--config", "ui.archivemeta=false", git],
    fixture.repo,
    fixture.hgrc,
  );
  await run("git", ["init", "-q"], git);
  await run("git", ["add", "-A"], git);
  await run("git", ["-c", "user.email=t@t", "commit", "-q", "-m", "x"], git);
  const out = await run("git", ["ls-tree", "-r", "-t", "-z", "HEAD"], git);
  const entries = out.split("\0").filter(Boolean).map((line) => {
    const [meta, path] = [line.slice(0, line.indexOf("\t")), line.slice(line.indexOf("\t") + 1)];
    const [mode, type] = meta.split(" ");
    return { mode: parseInt(mode, 8), kind: type as "blob" | "tree", path };
  });
  return { entries, git };
}

const parentOf = (path: ByteString) => path.slice(0, Math.max(0, path.lastIndexOf("/")));

for (const rev of [0, 1, 9, 16]) {
  Deno.test(`changeset ${rev}: trees, order, modes, sizes and flat paths equal Git's`, async () => {
    const manifest = repo.manifest(repo.changelog.read(rev).manifestNode);
    const { entries, git } = await gitTree(rev);

    const walked = [...walkTree(manifest, "")].map((e) => ({
      mode: e.kind === "tree" ? MODE_TREE : modeOfFlags(manifest.entry(e.index).flags),
      kind: e.kind,
      path: e.path,
    }));
    assert.deepEqual(walked, entries);

    const dirs = ["", ...entries.filter((e) => e.kind === "tree").map((e) => e.path)];
    const sizes = (await run(
      "git",
      ["cat-file", "--batch-check=%(objectsize)"],
      git,
      dirs.map((d) => `HEAD:${d}\n`).join(""),
    )).trim().split("\n").map(Number);
    for (const [i, dir] of dirs.entries()) {
      const children = entries.filter((e) => parentOf(e.path) === dir && e.path !== dir);
      const listed = [...directoryChildren(manifest, dir)];
      assert.deepEqual(listed.map((c) => [c.kind, c.path]), children.map((c) => [c.kind, c.path]));
      assert.equal(treeObjectSize(manifest, dir), sizes[i], `size of ${dir}`);
      // Git's flat path: follow trees having a single entry that is itself a tree.
      for (const child of listed) {
        let flat = child.path;
        for (;;) {
          const below = entries.filter((e) => parentOf(e.path) === flat && e.path !== flat);
          if (below.length !== 1 || below[0].kind !== "tree") break;
          flat = below[0].path;
        }
        assert.equal(child.flatPath, flat, `flat path of ${child.path}`);
      }
      assert.deepEqual(
        [...walkTree(manifest, dir)].map((e) => e.path),
        entries.filter((e) => e.path.startsWith(dir === "" ? "" : `${dir}/`)).map((e) => e.path),
      );
    }
  });
}

Deno.test("path lookups: files, directories, the root, absent paths", () => {
  const manifest = repo.manifest(repo.changelog.read(16).manifestNode);
  assert.equal(lookupTreePath(manifest, "a/x")?.kind, "blob");
  assert.equal(lookupTreePath(manifest, "a")?.kind, "tree");
  assert.equal(lookupTreePath(manifest, "chain/a/b")?.kind, "tree");
  assert.equal(lookupTreePath(manifest, "")?.kind, "tree");
  for (const absent of ["a/", "chain/a/b/c/lea", "ch", "nope", "a/x/y", "/a"]) {
    assert.equal(lookupTreePath(manifest, absent), undefined, absent);
  }
  assert.equal(trimTreePath("a/b//"), "a/b");
  assert.equal(trimTreePath("/"), "");
  const empty = repo.manifest("0".repeat(40));
  assert.equal(lookupTreePath(empty, ""), undefined);
  assert.deepEqual([...walkTree(empty, "")], []);
});
