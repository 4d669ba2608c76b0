import assert from "node:assert/strict";
import { annotate } from "../../src/hg/annotate.ts";
import { bdiffBlocksOfLines } from "../../src/hg/bdiff.ts";
import { fileContent } from "../../src/hg/file-content.ts";
import { openRepository } from "../../src/hg/repository.ts";
import { buildCommitFixture } from "../services/commit/commit-fixture.ts";
import { build, hgCommand, makeHgHome, type Step } from "./hg-fixture.ts";

type Line = [number, string, number, string];

/** `hg annotate` of several files, per line: [rev, path, line number, text]. */
async function hgAnnotateAll(
  repo: string,
  hgrc: string,
  rev: number,
  paths: string[],
): Promise<Line[][]> {
  const out = await hgCommand(
    ["annotate", "-r", String(rev), "-n", "-f", "-l", "-T", "json", "--", ...paths],
    repo,
    hgrc,
  );
  const parsed = JSON.parse(out) as {
    lines: { rev: number; path: string; lineno: number; line: string }[];
  }[];
  return parsed.map((f) => f.lines.map((l): Line => [l.rev, l.path, l.lineno, l.line]));
}

async function hgAnnotate(repo: string, hgrc: string, rev: number, path: string) {
  return (await hgAnnotateAll(repo, hgrc, rev, [path]))[0];
}

function ours(repoPath: string, rev: number, path: string): [number, string, number, string][] {
  const repo = openRepository(repoPath);
  const a = annotate(repo, rev, path)!;
  return a.lines.map((l) => {
    const o = a.origins[l.origin];
    return [o.rev, o.path, l.lineno, l.text];
  });
}

Deno.test("annotate agrees with hg annotate (renames, copies, merges)", async () => {
  const f = await buildCommitFixture();
  const repo = openRepository(f.repo);
  for (let rev = 0; rev < repo.changelog.length; rev++) {
    const cs = repo.changelog.read(rev);
    const mf = repo.manifest(cs.manifestNode);
    const paths = mf.paths().filter((p) =>
      mf.get(p)!.flags !== "l" && !fileContent(repo, p, mf.get(p)!.node).includes(0)
    );
    const expected = await hgAnnotateAll(f.repo, f.hgrc, rev, [...paths]);
    paths.forEach((path, i) => {
      assert.deepEqual(ours(f.repo, rev, path), expected[i], `rev ${rev} ${path}`);
    });
  }
  assert.equal(annotate(repo, 0, "nope"), undefined);
});

Deno.test("annotate: linkrev adjustment when the same change is made on two branches", async () => {
  const { dir, hgrc } = await makeHgHome();
  const ci = (m: string): Step => ["hg", "commit", "-q", "-A", "-m", m];
  await build(dir, [
    ["hg", "init", "r"],
    ["cd", "r"],
    ["write", "f", "a\nb\n"],
    ci("0"),
    ["write", "f", "a\nb\nc\n"],
    ci("1 adds c"),
    ["hg", "update", "-q", "0"],
    ["write", "other", "x\n"],
    ci("2"),
    ["write", "f", "a\nb\nc\n"],
    ci("3 adds c too (same file node as 1)"),
    ["write", "f", "a\nb\nc\nd\n"],
    ci("4"),
    ["hg", "mv", "-q", "f", "g"],
    ci("5 rename"),
  ], hgrc);
  const repo = `${dir}/r`;
  for (const [rev, path] of [[3, "f"], [4, "f"], [5, "g"], [1, "f"]] as const) {
    assert.deepEqual(ours(repo, rev, path), await hgAnnotate(repo, hgrc, rev, path));
  }
  assert.equal(ours(repo, 4, "f")[2][0], 3);
});

Deno.test("bdiff blocks agree with Mercurial's on random inputs", async () => {
  const script = String.raw`
import json, random, sys
from mercurial import policy
bdiff = policy.importmod('bdiff')
random.seed(5)
out = []
for n in range(200):
    alpha = random.choice([3, 10, 1000])
    a = [b'l%d\n' % random.randrange(alpha) for _ in range(random.randrange(80))]
    b = list(a)
    for e in range(random.randrange(10)):
        at = random.randrange(len(b) + 1)
        op = random.randrange(3)
        if op == 0: b[at:at] = [b'n%d\n' % random.randrange(alpha) for _ in range(random.randrange(1, 4))]
        elif op == 1: del b[at:at + random.randrange(1, 4)]
        else: b[at:at + 1] = [b'l%d\n' % random.randrange(alpha)]
    out.append([[x.decode() for x in a], [x.decode() for x in b], bdiff.blocks(b''.join(a), b''.join(b))])
print(json.dumps(out))
`;
  const res = await new Deno.Command("/usr/bin/python3", { args: ["-c", script], stdout: "piped" })
    .output();
  const cases = JSON.parse(new TextDecoder().decode(res.stdout)) as [
    string[],
    string[],
    number[][],
  ][];
  assert.equal(cases.length, 200);
  for (const [a, b, expected] of cases) {
    const got = bdiffBlocksOfLines(a, b).map((x) => [x.a1, x.a2, x.b1, x.b2]);
    assert.deepEqual(got, expected);
  }
});
