import assert from "node:assert/strict";
import { rfc2822Date } from "../../../src/gitlab/diff/format-patch.ts";
import { renameName } from "../../../src/gitlab/diff/diffstat.ts";
import { bytesToByteString } from "../../../src/hg/byte-string.ts";
import { Code } from "../../../src/services/rpc.ts";
import { collect, grpcError } from "../../support/grpc-client.ts";
import { exportTrees, gitOutput } from "./diff-fixture.ts";
import { serveDiffFixture } from "./diff-support.ts";

const ctx = await serveDiffFixture();
const { client, node, repository, fixture, repo } = ctx;

async function rawPatch(from: string, to: string): Promise<string> {
  const res = await collect(client.rawPatch({ repository, leftCommitId: from, rightCommitId: to }));
  return res.map((r) => bytesToByteString(r.data)).join("");
}

/** Git commits replaying changesets 0, 1, 2 (same trees, messages, authors and dates). */
async function gitSeries(): Promise<{ gitDir: string; commits: string[] }> {
  const { gitDir, trees } = await exportTrees(fixture);
  const commits: string[] = [];
  for (const rev of [0, 1, 2]) {
    const cs = repo.changelog.read(rev);
    const [, name, email] = /^(.*) <(.*)>$/.exec(cs.user)!;
    const date = `${cs.time} +0100`;
    const args = ["commit-tree", trees.get(rev)!, "-m", cs.description];
    if (commits.length) args.push("-p", commits.at(-1)!);
    const out = await new Deno.Command("git", {
      args,
      env: {
        GIT_DIR: gitDir,
        GIT_AUTHOR_NAME: name,
        GIT_AUTHOR_EMAIL: email,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_NAME: name,
        GIT_COMMITTER_EMAIL: email,
        GIT_COMMITTER_DATE: date,
      },
      stdout: "piped",
    }).output();
    commits.push(new TextDecoder().decode(out.stdout).trim());
  }
  return { gitDir, commits };
}

Deno.test("RawPatch: git format-patch of the range (ids aside)", async () => {
  const { gitDir, commits } = await gitSeries();
  const git = await gitOutput(gitDir, [
    "format-patch",
    "--stdout",
    "--signature",
    "GitLab",
    "-C",
    "--find-copies-harder",
    // Binary patches (base85 literals) are not produced: see raw-patch.ts.
    "--no-binary",
    `${commits[0]}..${commits[2]}`,
  ]);
  const ours = await rawPatch(node(0), node(2));
  const normalize = (s: string) =>
    s.replace(/^From [0-9a-f]{40} /gm, "From X ").replace(/^index \S+/gm, "index");
  assert.equal(normalize(ours), normalize(git));
  assert.ok(ours.startsWith(`From ${node(1)} Mon Sep 17 00:00:00 2001\n`));
  const single = await rawPatch(node(1), node(2));
  assert.match(single, /^Subject: \[PATCH\] renames$/m);
  // Merges are left out: 2..4 holds 3 and the merge, 3..4 holds 2 and the merge.
  assert.equal(await rawPatch(node(3), node(4)), single);
  assert.match(await rawPatch(node(2), node(4)), /^Subject: \[PATCH\] other side$/m);
  assert.equal(await rawPatch(node(2), node(0)), "");
});

Deno.test("RawPatch: helpers (dates, rename names)", () => {
  assert.equal(rfc2822Date(1_600_000_000, -3600), "Sun, 13 Sep 2020 13:26:40 +0100");
  assert.equal(rfc2822Date(0, 18000), "Wed, 31 Dec 1969 19:00:00 -0500");
  assert.equal(renameName("a/b/c.txt", "a/d/c.txt"), "a/{b => d}/c.txt");
  assert.equal(renameName("b.txt", "moved/b.txt"), "b.txt => moved/b.txt");
  assert.equal(renameName("tool.sh", "bin/tool"), "tool.sh => bin/tool");
  assert.equal(renameName("x/a", "x/b"), "x/{a => b}");
});

Deno.test("RawPatch: bad inputs", async () => {
  const unknown = await grpcError(
    client.rawPatch({ repository, leftCommitId: "nope", rightCommitId: node(1) }),
  );
  assert.equal(unknown.code, Code.INTERNAL);
  const empty = await grpcError(
    client.rawPatch({ repository, leftCommitId: "", rightCommitId: node(1) }),
  );
  assert.equal(empty.code, Code.INVALID_ARGUMENT);
});

Deno.test("stop server", async () => {
  await ctx[Symbol.asyncDispose]();
});
