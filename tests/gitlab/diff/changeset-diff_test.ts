import assert from "node:assert/strict";
import { changesetDiff } from "../../../src/gitlab/diff/changeset-diff.ts";
import { diffLines } from "../../../src/gitlab/diff/line-diff.ts";
import { patchId } from "../../../src/gitlab/diff/patch-id.ts";
import { unifiedHunks } from "../../../src/gitlab/diff/unified-hunks.ts";
import type { WhitespaceMode } from "../../../src/gitlab/diff/whitespace.ts";
import { bytesToByteString, byteStringToBytes } from "../../../src/hg/byte-string.ts";
import { openRepository } from "../../../src/hg/repository.ts";
import { hgCommand } from "../../hg/hg-fixture.ts";
import {
  buildDiffFixture,
  E_ACUTE,
  exportTrees,
  gitOutput,
} from "../../services/diff/diff-fixture.ts";

const fixture = await buildDiffFixture();
const repo = openRepository(fixture.repo);
const { gitDir, trees } = await exportTrees(fixture);
const PAIRS: [number, number][] = [[0, 1], [1, 2], [0, 2], [3, 4], [2, 4], [2, 0]];

function ourDiff(from: number, to: number, whitespace?: WhitespaceMode): string {
  let out = "";
  for (const e of changesetDiff(repo, from, to, { oids: "git", whitespace })) {
    out += e.patch.header + e.patch.body;
  }
  return out;
}

function gitDiff(from: number, to: number, ...flags: string[]): Promise<string> {
  return gitOutput(gitDir, [
    "diff",
    "--full-index",
    "-M",
    "-C",
    "--find-copies-harder",
    ...flags,
    trees.get(from)!,
    trees.get(to)!,
  ]);
}

async function pipe(cmd: string, args: string[], input: string): Promise<string> {
  const child = new Deno.Command(cmd, { args, stdin: "piped", stdout: "piped" }).spawn();
  const w = child.stdin.getWriter();
  await w.write(byteStringToBytes(input));
  await w.close();
  return bytesToByteString((await child.output()).stdout);
}

Deno.test("changesetDiff: byte for byte git diff on the same trees (Git blob ids)", async () => {
  // Backwards (2 -> 0), Mercurial's metadata and Git's similarity pick different renames.
  for (const [from, to] of PAIRS.slice(0, -1)) {
    assert.equal(ourDiff(from, to), await gitDiff(from, to), `${from} -> ${to}`);
  }
});

Deno.test("changesetDiff: whitespace options as git diff -b and -w", async () => {
  for (const [from, to] of PAIRS.slice(0, 2)) {
    assert.equal(ourDiff(from, to, "change"), await gitDiff(from, to, "-b"));
    assert.equal(ourDiff(from, to, "all"), await gitDiff(from, to, "-w"));
  }
});

Deno.test("changesetDiff: paths and line counts agree with hg diff --git", async () => {
  for (const [from, to] of PAIRS) {
    const hg = await hgCommand(
      ["diff", "--git", "-r", String(from), "-r", String(to)],
      fixture.repo,
      fixture.hgrc,
    );
    // Type changes are one hg entry, two Git entries; compare the sets of diff lines.
    const heads = (
      s: string,
    ) => [...new Set(s.split("\n").filter((l) => l.startsWith("diff --git")))];
    const ours = ourDiff(from, to);
    const unquote = (l: string) => l.replaceAll('"', "").replaceAll("\\303\\251", E_ACUTE);
    assert.deepEqual(
      heads(ours).map(unquote).sort(),
      heads(hg).sort(),
      `${from} -> ${to}`,
    );
    const count = (s: string, c: string) =>
      s.split("\n").filter((l) => l.startsWith(c) && !l.startsWith(c.repeat(3) + " ")).length;
    assert.equal(count(ours, "+"), count(hg, "+"), `+ ${from} -> ${to}`);
    assert.equal(count(ours, "-"), count(hg, "-"), `- ${from} -> ${to}`);
  }
});

Deno.test("patchId: equals git patch-id (stable, verbatim, unstable) on our diffs", async () => {
  for (const [from, to] of PAIRS) {
    const diff = ourDiff(from, to);
    for (
      const [flag, opts] of [
        ["--stable", { stable: true }],
        ["--verbatim", { stable: true, verbatim: true }],
        ["--unstable", { stable: false }],
      ] as const
    ) {
      const git = (await pipe("git", ["patch-id", flag], diff)).split(" ")[0];
      assert.equal(patchId(diff, opts), git, `${flag} ${from} -> ${to}`);
    }
  }
  assert.equal(patchId("", { stable: true }), undefined);
});

/** xorshift PRNG for reproducible random inputs. */
function rng(seed: number): (n: number) => number {
  let x = seed >>> 0 || 1;
  return (n) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

Deno.test("unifiedHunks: random code-like edits are placed as git diff places them", async () => {
  const dir = await Deno.makeTempDir();
  const words = ["{", "}", "", "  return x;", "if (a) {", "  y++;", "int f()", "// note"];
  try {
    for (let seed = 1; seed <= 60; seed++) {
      const r = rng(seed);
      const base = Array.from({ length: r(60) }, () => words[r(words.length)] + ` ${r(30)}`);
      for (let i = 0; i < base.length; i++) if (r(4) === 0) base[i] = words[r(3)];
      const edited = [...base];
      for (let e = r(6); e > 0; e--) {
        const at = r(edited.length + 1);
        if (r(2)) edited.splice(at, 0, ...words.slice(0, 1 + r(4)));
        else edited.splice(at, 1 + r(3));
      }
      const a = base.map((l) => l + "\n").join("");
      const b = edited.map((l) => l + "\n").join("");
      await Deno.writeTextFile(`${dir}/a`, a);
      await Deno.writeTextFile(`${dir}/b`, b);
      const out = await new Deno.Command("git", {
        args: ["diff", "--no-index", "a", "b"],
        cwd: dir,
        stdout: "piped",
      }).output();
      const git = new TextDecoder().decode(out.stdout);
      const at = git.indexOf("@@");
      const [ba, bb] = [byteStringToBytes(a), byteStringToBytes(b)];
      const ours = unifiedHunks(ba, bb, diffLines(ba, bb)).text;
      assert.equal(ours, at < 0 ? "" : git.slice(at), `seed ${seed}`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
