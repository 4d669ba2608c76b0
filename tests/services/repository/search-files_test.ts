import assert from "node:assert/strict";
import { RepositoryService } from "../../../src/gen/gitaly/repository_pb.ts";
import { bytesToByteString } from "../../../src/hg/byte-string.ts";
import { Code } from "../../../src/services/rpc.ts";
import { collect, createClient, grpcError } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import { hgCommand } from "../../hg/hg-fixture.ts";
import { buildSearchFixture, hgFiles } from "./search-fixture.ts";

const fixture = await buildSearchFixture();
const srv = await startTestServer(fixture.root);
const client = createClient(RepositoryService, srv.address);
const repository = { storageName: "default", relativePath: "repo" };
const enc = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => bytesToByteString(b);
const nodes = new Map(
  (await hgCommand(["log", "-T", "{rev} {node}\\n"], fixture.repo, fixture.hgrc)).trim()
    .split("\n").map((l) => l.split(" ") as [string, string]),
);

async function byName(query: string, extra: Record<string, unknown> = {}, ref = "branch/default") {
  const msgs = await collect(
    client.searchFilesByName({ repository, query, ref: enc(ref), ...extra }),
  );
  return msgs.flatMap((m) => m.files.map(str));
}

Deno.test("SearchFilesByName agrees with hg files and path: patterns", async () => {
  for (const rev of ["0", "1"]) {
    const node = nodes.get(rev)!;
    const queries = [".", "a", "a/b", "a/b/", "a/b/f.txt", "docs", "./a/../a/bc"];
    const expected = await hgFiles(
      fixture,
      rev,
      queries.map((q) => q === "." ? [] : [`path:${q.replace(/\/$/, "")}`]),
    );
    for (const [i, q] of queries.entries()) {
      assert.deepEqual(await byName(q, {}, node), expected[i], q);
    }
  }
  // No wildcards, component-wise prefixes, no escape above the root, file then slash.
  for (const q of ["*.md", "a/*", "a/b/f", "README", "../a", "a/b/f.txt/"]) {
    assert.deepEqual(await byName(q), [], q);
  }
});

Deno.test("SearchFilesByName: filter, offset and limit", async () => {
  const [all] = await hgFiles(fixture, "1");
  const md = all.filter((p) => /\.md$/.test(p));
  assert.deepEqual(await byName(".", { filter: "\\.md$" }), md);
  assert.deepEqual(await byName(".", { filter: "\\.md$", offset: 1 }), md.slice(1));
  assert.deepEqual(await byName(".", { limit: 3 }), all.slice(0, 3));
  assert.deepEqual(await byName(".", { offset: 2, limit: 2 }), all.slice(2, 4));
  assert.deepEqual(await byName(".", { offset: 100 }), []);
  // An empty result is still one message; an unknown ref gives none.
  const empty = await collect(
    client.searchFilesByName({ repository, query: "nope", ref: enc("branch/default") }),
  );
  assert.equal(empty.length, 1);
  const unknown = await collect(
    client.searchFilesByName({ repository, query: ".", ref: enc("no-such-ref") }),
  );
  assert.equal(unknown.length, 0);
});

/** A Git repository with exports of revisions 0 and 1 as branches `v0` and `branch/default`. */
const gitDir = await Deno.makeTempDir({ prefix: "dhgitaly-grep-" });
globalThis.addEventListener("unload", () => Deno.removeSync(gitDir, { recursive: true }));

async function git(...args: string[]): Promise<string> {
  const out = await new Deno.Command("git", {
    args: ["-c", "user.name=t", "-c", "user.email=t@e.org", ...args],
    cwd: `${gitDir}/w`,
    env: { GIT_CONFIG_NOSYSTEM: "1", HOME: gitDir },
  }).output();
  if (!out.success && out.code !== 1) {
    throw new Error(`git ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
  return bytesToByteString(out.stdout);
}

await Promise.all(["0", "1"].map((rev) =>
  hgCommand(
    ["archive", "--config", "ui.archivemeta=false", "-r", rev, `${gitDir}/x${rev}`],
    fixture.repo,
    fixture.hgrc,
  )
));
await Deno.rename(`${gitDir}/x0`, `${gitDir}/w`);
await git("init", "-q");
for (const [rev, branch] of [["0", "v0"], ["1", "branch/default"]]) {
  if (rev !== "0") {
    for await (const e of Deno.readDir(`${gitDir}/w`)) {
      if (e.name !== ".git") await Deno.remove(`${gitDir}/w/${e.name}`, { recursive: true });
    }
    for await (const e of Deno.readDir(`${gitDir}/x${rev}`)) {
      await Deno.rename(`${gitDir}/x${rev}/${e.name}`, `${gitDir}/w/${e.name}`);
    }
  }
  await git("add", "-A");
  await git("commit", "-q", "-m", rev);
  await git("branch", branch);
}

/** `git grep` with Gitaly's options on a branch of that repository, split into blocks. */
async function gitGrep(ref: string, query: string): Promise<string[]> {
  const out = await git(
    "grep",
    "--ignore-case",
    "-I",
    "--line-number",
    "--null",
    "--before-context",
    "2",
    "--after-context",
    "2",
    "--perl-regexp",
    "-e",
    query,
    ref,
  );
  return out === "" ? [] : out.split(/^--\n/m);
}

async function byContent(query: string, ref = "branch/default"): Promise<string[]> {
  const msgs = await collect(client.searchFilesByContent({ repository, query, ref: enc(ref) }));
  const blocks: string[] = [];
  let current = "";
  for (const m of msgs) {
    current += str(m.matchData);
    if (m.endOfMatch) {
      blocks.push(current);
      current = "";
    }
  }
  assert.equal(current, "", "stream ends with end_of_match");
  return blocks;
}

Deno.test("SearchFilesByContent matches git grep with Gitaly's options", async () => {
  const cases: [string, string][] = [
    ["1", "needle"],
    ["1", "NEEDLE$"],
    ["0", "needle"],
    ["1", "^line 2"],
    ["1", "école"],
    ["1", "x|y"],
  ];
  for (const [rev, query] of cases) {
    const ref = rev === "1" ? "branch/default" : "v0";
    const expected = await gitGrep(ref, query);
    // Revision 0 is asked for by node; git was given a branch name, rewritten below.
    const node = ref === "v0" ? nodes.get("0")! : ref;
    const got = await byContent(query, node);
    const rewritten = ref === "v0" ? got.map((b) => b.replaceAll(`${node}:`, "v0:")) : got;
    assert.deepEqual(rewritten, expected, `${rev} ${query}`);
    assert.ok(expected.length > 0, query);
  }
  assert.deepEqual(await byContent("no such text anywhere"), []);
  assert.deepEqual(await byContent("needle", "no-such-ref"), []);
});

Deno.test("SearchFiles: bad inputs", async () => {
  const ref = enc("branch/default");
  const bad: [() => AsyncIterable<unknown>, number][] = [
    [() => client.searchFilesByName({ repository, query: "", ref }), Code.INVALID_ARGUMENT],
    [
      () => client.searchFilesByName({ repository, query: ".", ref: enc("") }),
      Code.INVALID_ARGUMENT,
    ],
    [
      () => client.searchFilesByName({ repository, query: ".", ref: enc("-x") }),
      Code.INVALID_ARGUMENT,
    ],
    [
      () => client.searchFilesByName({ repository, query: ".", ref, filter: "(" }),
      Code.INVALID_ARGUMENT,
    ],
    [
      () => client.searchFilesByName({ repository, query: ".", ref, filter: "a".repeat(1001) }),
      Code.INVALID_ARGUMENT,
    ],
    [() => client.searchFilesByName({ query: ".", ref }), Code.INVALID_ARGUMENT],
    [
      () =>
        client.searchFilesByName({
          repository: { storageName: "default", relativePath: "missing" },
          query: ".",
          ref,
        }),
      Code.NOT_FOUND,
    ],
    [() => client.searchFilesByContent({ repository, query: "", ref }), Code.INVALID_ARGUMENT],
    [
      () => client.searchFilesByContent({ repository, query: "x", ref: enc("") }),
      Code.INVALID_ARGUMENT,
    ],
    [() => client.searchFilesByContent({ repository, query: "(", ref }), Code.INVALID_ARGUMENT],
    [() => client.searchFilesByContent({ query: "x", ref }), Code.INVALID_ARGUMENT],
  ];
  for (const [call, code] of bad) assert.equal((await grpcError(call())).code, code);
});

Deno.test("stop server", async () => {
  client.close();
  await srv[Symbol.asyncDispose]();
});
