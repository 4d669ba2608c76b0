import assert from "node:assert/strict";
import { walkRevs } from "../../src/gitlab/commit-walk.ts";
import { loadGitLabRefs } from "../../src/gitlab/gitlab-refs.ts";
import { RevisionListError, selectRevisions } from "../../src/gitlab/reachable-blobs.ts";
import {
  InvalidRevisionError,
  revListWalk,
  UnknownRevisionError,
} from "../../src/gitlab/rev-list.ts";
import { repoGraph } from "../../src/hg/repo-state.ts";
import { openRepository } from "../../src/hg/repository.ts";
import { buildRefFixture } from "./ref-fixture.ts";

const fixture = await buildRefFixture();
const repo = openRepository(fixture.repo);
const refs = loadGitLabRefs(repo);

/** Revision numbers of an hg revset, ascending; hidden changesets unless `visibleOnly`. */
async function hgRevs(revset: string, visibleOnly = false): Promise<number[]> {
  const hidden = visibleOnly ? [] : ["--hidden"];
  const out = await fixture.server.check("log", ...hidden, "-r", revset, "-T", "{rev}\n");
  return out.split("\n").filter((l) => l !== "").map(Number).sort((a, b) => a - b);
}

async function node(revset: string): Promise<string> {
  return (await fixture.server.check("log", "--hidden", "-r", revset, "-T", "{node}")).trim();
}

/** What history RPCs select for `args` (git rev-list dialect). */
function historyRevs(args: string[]): number[] {
  return [...walkRevs(repoGraph(repo), revListWalk(repo, refs, args))].sort((a, b) => a - b);
}

/** What ListBlobs and ObjectsSize select for `args`. */
function blobRevs(args: string[]): number[] {
  const mask = selectRevisions(repo, refs, args);
  return [...mask.keys()].filter((rev) => mask[rev] === 1);
}

Deno.test("both dialects: revisions, ^rev, --not and a..b select what hg's revsets do", async () => {
  const [n0, n2, n5, n8] = await Promise.all(["0", "2", "5", "8"].map(node));
  const cases: [string[], string][] = [
    [[n8], `::${n8}`],
    [[n8, `^${n2}`], `::${n8} - ::${n2}`],
    [[`${n2}..${n8}`], `only(${n8}, ${n2})`],
    [[n8, "--not", n2, n0], `::${n8} - ::(${n2} + ${n0})`],
    [["--not", n2, "--not", n5], `::${n5} - ::${n2}`],
    [["--not", `^${n5}`], `::${n5}`],
  ];
  for (const [args, revset] of cases) {
    const expected = await hgRevs(revset);
    assert.ok(expected.length > 0, revset);
    assert.deepEqual(historyRevs(args), expected, args.join(" "));
    assert.deepEqual(blobRevs(args), expected, args.join(" "));
  }
});

Deno.test("git rev-list dialect: --all is GitLab refs, ALL and --visible, full ranges", async () => {
  const [n2, n8] = await Promise.all(["2", "8"].map(node));
  const refTargets = [...new Set([...refs.branches.values(), ...refs.tags.values()])];
  const allRefs = await hgRevs(`::(${refTargets.join(" + ")})`);
  assert.deepEqual(historyRevs(["--all"]), allRefs);
  assert.deepEqual(historyRevs(["ALL"]), await hgRevs("all()"));
  assert.deepEqual(historyRevs(["--visible"]), await hgRevs("all()", true));
  assert.deepEqual(
    historyRevs([`${n2}...${n8}`]),
    await hgRevs(`only(${n2}, ${n8}) + only(${n8}, ${n2})`),
  );
  // `^a..b` is `^(^a b)`: a included, b excluded.
  assert.deepEqual(historyRevs([`^${n8}..${n2}`]), await hgRevs(`only(${n8}, ${n2})`));
  assert.throws(() => revListWalk(repo, refs, ["a b"]), InvalidRevisionError);
  assert.throws(() => revListWalk(repo, refs, ["^-x"]), InvalidRevisionError);
  assert.throws(() => revListWalk(repo, refs, ["nope"]), UnknownRevisionError);
});

Deno.test("blob dialect: --all is every visible changeset, other options invalid", async () => {
  const [n2, n8] = await Promise.all(["2", "8"].map(node));
  assert.deepEqual(blobRevs(["--all"]), await hgRevs("all()", true));
  const kind = (args: string[]) => {
    try {
      selectRevisions(repo, refs, args);
      return "ok";
    } catch (err) {
      assert.ok(err instanceof RevisionListError);
      return `${err.kind} ${err.revision}`;
    }
  };
  assert.equal(kind(["--visible"]), "invalid --visible");
  assert.equal(kind([""]), "invalid ");
  assert.equal(kind(["nope"]), "unknown nope");
  // `^` takes one revision name and `...` is not understood: both are looked up as names.
  assert.equal(kind([`^${n2}..${n8}`]), `unknown ${n2}..${n8}`);
  assert.equal(kind([`${n2}...${n8}`]), `unknown ${n2}...${n8}`);
  assert.equal(kind(["^-x"]), "unknown -x");
});

Deno.test("stop server", async () => {
  await fixture.server.close();
});
