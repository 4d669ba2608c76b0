import assert from "node:assert/strict";
import {
  GetRawChangesResponse_RawChange_Operation as Operation,
  RepositoryService,
} from "../../../src/gen/gitaly/repository_pb.ts";
import { bytesToByteString } from "../../../src/hg/byte-string.ts";
import { Code } from "../../../src/services/rpc.ts";
import { collect, createClient, grpcError } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import { hgCommand } from "../../hg/hg-fixture.ts";
import { buildCommitFixture } from "../commit/commit-fixture.ts";

const fixture = await buildCommitFixture();
const srv = await startTestServer(fixture.root);
const client = createClient(RepositoryService, srv.address);
const repository = { storageName: "default", relativePath: "repo" };
const ZERO = "0".repeat(40);
const hg = (...args: string[]) => hgCommand(args, fixture.repo, fixture.hgrc);
const nodes = new Map(
  (await hg("log", "-T", "{rev} {node}\\n")).trim().split("\n").map((l) =>
    l.split(" ") as [string, string]
  ),
);
const node = (rev: string) => Promise.resolve(nodes.get(rev)!);

/** One change as compared: status letter, old path, new path, modes, size. */
type Row = [string, string, string, number, number, number];

const EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
const REVS = ["0", "1", "2", "3", "5", "6"];
const gitDir = await Deno.makeTempDir({ prefix: "dhgitaly-raw-" });
globalThis.addEventListener("unload", () => Deno.removeSync(gitDir, { recursive: true }));

async function git(...args: string[]): Promise<string> {
  const out = await new Deno.Command("git", {
    args: ["-c", "user.name=t", "-c", "user.email=t@e.org", "-c", "diff.renames=true", ...args],
    cwd: `${gitDir}/w`,
    env: { GIT_CONFIG_NOSYSTEM: "1", HOME: gitDir },
  }).output();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  return bytesToByteString(out.stdout);
}

/** Git commits of exports of the fixture's revisions (each commit holds `tree/<files>`). */
const gitCommits = new Map<string, string>();
await Promise.all(
  REVS.map((rev) =>
    hg("archive", "--config", "ui.archivemeta=false", "-r", rev, `${gitDir}/x${rev}`)
  ),
);
await Deno.mkdir(`${gitDir}/w`);
await git("init", "-q");
for (const rev of REVS) {
  await Deno.remove(`${gitDir}/w/tree`, { recursive: true }).catch(() => {});
  await Deno.rename(`${gitDir}/x${rev}`, `${gitDir}/w/tree`);
  await git("add", "-A");
  await git("commit", "-q", "--allow-empty", "-m", rev);
  gitCommits.set(rev, (await git("rev-parse", "HEAD")).trim());
}

/** `git diff --raw` between the exports (rename detection on, Git's default). */
async function gitRaw(from: string | undefined, to: string): Promise<Row[]> {
  const a = from === undefined ? EMPTY_TREE : gitCommits.get(from)!;
  const fields = (await git("diff", "--raw", "-z", "--no-abbrev", a, gitCommits.get(to)!))
    .split("\0");
  const rows: Row[] = [];
  const shas: string[] = [];
  for (let i = 0; i + 1 < fields.length;) {
    const [oldMode, newMode, oldSha, newSha, status] = fields[i].slice(1).split(" ");
    const strip = (p: string) => p.replace(/^tree\//, "");
    const p1 = strip(fields[i + 1]);
    const renamed = status.startsWith("R") || status.startsWith("C");
    const p2 = renamed ? strip(fields[i + 2]) : p1;
    i += renamed ? 3 : 2;
    shas.push(/^0+$/.test(newSha) ? oldSha : newSha);
    const letter = status[0];
    rows.push([
      letter,
      letter === "A" ? "" : p1,
      letter === "D" ? "" : p2,
      parseInt(oldMode, 8),
      parseInt(newMode, 8),
      0,
    ]);
  }
  // Sizes in one cat-file call.
  const sizes = await new Deno.Command("git", {
    args: ["cat-file", "--batch-check=%(objectsize)"],
    cwd: `${gitDir}/w`,
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const w = sizes.stdin.getWriter();
  await w.write(new TextEncoder().encode(shas.map((s) => s + "\n").join("")));
  await w.close();
  const sizeLines = new TextDecoder().decode((await sizes.output()).stdout).split("\n");
  rows.forEach((r, k) => r[5] = Number(sizeLines[k]));
  return rows.sort((x, y) => (x[2] || x[1]) < (y[2] || y[1]) ? -1 : 1);
}

const LETTERS: Record<number, string> = {
  [Operation.ADDED]: "A",
  [Operation.DELETED]: "D",
  [Operation.MODIFIED]: "M",
  [Operation.RENAMED]: "R",
  [Operation.TYPE_CHANGED]: "T",
};

async function ours(from: string, to: string): Promise<Row[]> {
  const msgs = await collect(
    client.getRawChanges({ repository, fromRevision: from, toRevision: to }),
  );
  return msgs.flatMap((m) => m.rawChanges).map((c): Row => {
    assert.equal(c.rawOperation[0], LETTERS[c.operation]);
    return [
      LETTERS[c.operation],
      bytesToByteString(c.oldPathBytes),
      bytesToByteString(c.newPathBytes),
      c.oldMode,
      c.newMode,
      Number(c.size),
    ];
  });
}

Deno.test("GetRawChanges agrees with git diff --raw on exports of the revisions", async () => {
  const pairs: [string | undefined, string][] = [
    [undefined, "0"],
    ["0", "1"],
    ["1", "2"],
    ["2", "3"],
    ["3", "5"],
    ["0", "6"],
    ["5", "6"],
    ["6", "0"],
    ["6", "2"],
  ];
  for (const [from, to] of pairs) {
    const expected = await gitRaw(from, to);
    const got = await ours(from === undefined ? ZERO : await node(from), await node(to));
    assert.deepEqual(got, expected, `${from}..${to}`);
  }
});

Deno.test("GetRawChanges: blob ids, zero target, bad revisions", async () => {
  const [n2, n3] = [await node("2"), await node("3")];
  const changes = (await collect(
    client.getRawChanges({ repository, fromRevision: n2, toRevision: n3 }),
  )).flatMap((m) => m.rawChanges);
  const deleted = changes.find((c) => c.operation === Operation.DELETED)!;
  assert.ok(deleted.blobId.startsWith(`${n2}_`));
  const modified = changes.find((c) => c.operation === Operation.MODIFIED)!;
  assert.ok(modified.blobId.startsWith(`${n3}_`));
  assert.deepEqual(
    await collect(client.getRawChanges({ repository, fromRevision: n2, toRevision: ZERO })),
    [],
  );
  for (const [fromRevision, toRevision] of [["nope", n3], [n2, "nope"]]) {
    const err = await grpcError(client.getRawChanges({ repository, fromRevision, toRevision }));
    assert.equal(err.code, Code.INVALID_ARGUMENT);
  }
  assert.equal(
    (await grpcError(client.getRawChanges({ fromRevision: n2, toRevision: n3 }))).code,
    Code.INVALID_ARGUMENT,
  );
});

Deno.test("stop server", async () => {
  client.close();
  await srv[Symbol.asyncDispose]();
});
