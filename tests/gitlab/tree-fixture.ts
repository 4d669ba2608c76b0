/**
 * The fixture repository of the tree and blob tests: the storage engine's rich repository
 * (executables, symlinks, binary and empty files, tricky and non-ASCII paths, renames, a
 * hidden amended changeset, big files) plus a changeset of nested directories whose names sort
 * around `/` (`a-b`, `a.b`, `a`, `a0`) and chains of single-directory trees.
 */
import { build, makeHgHome, type Step } from "../hg/hg-fixture.ts";
import { richRepoSteps } from "../hg/rich-repo.ts";

/** A built fixture. */
export interface TreeFixture {
  /** Temp directory holding the hgrc and repositories (removed at exit). */
  dir: string;
  hgrc: string;
  /** Path of the repository `<dir>/repo`. */
  repo: string;
}

/** Paths added by the last changeset of the fixture. */
export const NESTED_PATHS = [
  "chain/a/b/c/leaf",
  "chain/a/b/c/leaf2",
  "solo/only/deep/file",
  "a-b/x",
  "a/x",
  "a/y/z",
  "a.b",
  "a0",
  "sub/dir/f",
  "sub/g",
  "\xc3\xa9t\xc3\xa9/caf\xc3\xa9/\xe2\x82\xac",
];

/** Builds the fixture (a couple of seconds). */
export async function buildTreeFixture(): Promise<TreeFixture> {
  const { dir, hgrc } = await makeHgHome();
  const steps: Step[] = richRepoSteps("repo");
  for (const p of NESTED_PATHS) steps.push(["write", p, `${p}\n`]);
  steps.push(["hg", "commit", "-A", "-q", "-m", "nested", "-d", "1000003000 0"]);
  await build(dir, steps, hgrc);
  return { dir, hgrc, repo: `${dir}/repo` };
}
