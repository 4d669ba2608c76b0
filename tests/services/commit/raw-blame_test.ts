import assert from "node:assert/strict";
import { fromBinary } from "@bufbuild/protobuf";
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { CommitService, RawBlameErrorSchema } from "../../../src/gen/gitaly/commit_pb.ts";
import { StatusSchema } from "../../../src/gen/google/rpc/status_pb.ts";
import { bytesToByteString, byteStringToBytes } from "../../../src/hg/byte-string.ts";
import { openRepository } from "../../../src/hg/repository.ts";
import { Code } from "../../../src/services/rpc.ts";
import { build, hgCommand, makeHgHome, type Step } from "../../hg/hg-fixture.ts";
import { collect, createClient, type GrpcError, grpcError } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import { buildCommitFixture } from "./commit-fixture.ts";

const fixture = await buildCommitFixture();
const srv = await startTestServer(fixture.root);
const client = createClient(CommitService, srv.address);
const repository = { storageName: "default", relativePath: "repo" };
const bs = byteStringToBytes;

async function blame(relativePath: string, revision: string, path: string, range = "") {
  const res = await collect(
    client.rawBlame({
      repository: { ...repository, relativePath },
      revision: bs(revision),
      path: bs(path),
      range: bs(range),
    }),
  );
  return res.map((r) => bytesToByteString(r.data)).join("");
}

/** Per line of a porcelain blame: [sha, orig line, final line, filename, text]. */
function parsePorcelain(out: string): [string, number, number, string, string][] {
  const result: [string, number, number, string, string][] = [];
  const filenames = new Map<string, string>();
  let current: [string, number, number] | undefined;
  for (const line of out.split("\n").slice(0, -1)) {
    const header = line.match(/^([0-9a-f]{40}) (\d+) (\d+)( \d+)?$/);
    if (header) current = [header[1], Number(header[2]), Number(header[3])];
    else if (line.startsWith("filename ")) filenames.set(current![0], line.slice(9));
    else if (line.startsWith("\t")) {
      result.push([...current!, filenames.get(current![0])!, line.slice(1)]);
    }
  }
  return result;
}

Deno.test("RawBlame: line attributions agree with hg annotate (renames, copies, merges)", async () => {
  const repo = openRepository(fixture.repo);
  for (const [rev, path] of [[5, "a.txt"], [6, "sub/e.txt"], [2, "d.txt"], [3, "c.txt"]] as const) {
    const node = repo.changelog.node(rev);
    const out = await hgCommand(
      ["annotate", "-r", String(rev), "-c", "-f", "-l", "-T", "json", "--", path],
      fixture.repo,
      fixture.hgrc,
    );
    const expected =
      (JSON.parse(out)[0].lines as { node: string; path: string; lineno: number; line: string }[])
        .map((l, i) => [l.node, l.lineno, i + 1, l.path, l.line.replace(/\n$/, "")]);
    assert.deepEqual(parsePorcelain(await blame("repo", node, path)), expected, `${rev} ${path}`);
  }
});

/** Runs git in `cwd` with fixed identities and dates. */
async function git(cwd: string, args: string[], date?: string): Promise<string> {
  const env: Record<string, string> = { GIT_CONFIG_NOSYSTEM: "1", HOME: cwd };
  if (date) {
    Object.assign(env, {
      GIT_AUTHOR_NAME: "Alice Liddell",
      GIT_AUTHOR_EMAIL: "alice@example.org",
      GIT_COMMITTER_NAME: "Alice Liddell",
      GIT_COMMITTER_EMAIL: "alice@example.org",
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    });
  }
  const out = await new Deno.Command("git", { args, cwd, env, stdout: "piped", stderr: "piped" })
    .output();
  if (!out.success) {
    throw new Error(`git ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
  return bytesToByteString(out.stdout);
}

Deno.test("RawBlame: output identical to git blame --porcelain on the same linear history", async () => {
  const { dir, hgrc } = await makeHgHome();
  const root = `${dir}/repos`;
  const path = "d/\xc3\xa9 t.txt";
  const versions = [
    "one\ntwo\nthree\nfour\nfive\nsix\n",
    "one\nTWO\nthree\nfour\nfive\nsix\nseven\n",
    "one\nTWO\nthree\nfour\nfour and a half\nfive\nseven\nno newline",
  ];
  const messages = ["first\n\nbody", "second", "  \nthird after a blank line"];
  const steps: Step[] = [["hg", "init", `${root}/lin`], ["cd", `${root}/lin`]];
  versions.forEach((v, i) => {
    steps.push(["write", path, v], [
      "hg",
      "commit",
      "-q",
      "-A",
      "-m",
      messages[i],
      "-u",
      "Alice Liddell <alice@example.org>",
      "-d",
      `${1_500_000_000 + i * 1000} -3600`,
    ]);
  });
  await build(dir, steps, hgrc);
  const gitDir = `${dir}/git`;
  await Deno.mkdir(`${gitDir}/d`, { recursive: true });
  await git(gitDir, ["init", "-q"]);
  for (let i = 0; i < versions.length; i++) {
    await Deno.writeFile(`${gitDir}/d/\u00e9 t.txt`, bs(versions[i]));
    await git(gitDir, ["add", "-A"]);
    await git(
      gitDir,
      ["commit", "-q", "--cleanup=verbatim", "-m", messages[i]],
      `${1_500_000_000 + i * 1000} +0100`,
    );
  }
  const gitShas = (await git(gitDir, ["log", "--reverse", "--format=%H"])).trim().split("\n");
  const repo = openRepository(`${root}/lin`);
  const toGit = (s: string) =>
    s.replace(/[0-9a-f]{40}/g, (sha) => gitShas[repo.changelog.rev(sha)!] ?? sha);
  await using lin = await startTestServer(root);
  const linClient = createClient(CommitService, lin.address);
  const run = async (range: string) =>
    (await collect(
      linClient.rawBlame({
        repository: { storageName: "default", relativePath: "lin" },
        revision: bs(repo.changelog.node(2)),
        path: bs(path),
        range: bs(range),
      }),
    )).map((r) => bytesToByteString(r.data)).join("");
  assert.equal(
    toGit(await run("")),
    await git(gitDir, ["blame", "-p", "HEAD", "--", "d/\u00e9 t.txt"]),
  );
  assert.equal(
    toGit(await run("2,5")),
    await git(gitDir, ["blame", "-p", "-L", "2,5", "HEAD", "--", "d/\u00e9 t.txt"]),
  );
  assert.equal(
    toGit(await run("8,3")),
    await git(gitDir, ["blame", "-p", "-L", "8,3", "HEAD", "--", "d/\u00e9 t.txt"]),
  );
  linClient.close();
});

function rawBlameError(err: GrpcError) {
  const raw = err.metadata.get("grpc-status-details-bin")[0] as Uint8Array;
  const status = fromBinary(StatusSchema, raw);
  return anyUnpack(status.details[0], RawBlameErrorSchema)!;
}

Deno.test("RawBlame: bad inputs", async () => {
  const tip = openRepository(fixture.repo).changelog.node(6);
  const call = (revision: string, path: string, range = "", relativePath = "repo") =>
    grpcError(
      client.rawBlame({
        repository: { ...repository, relativePath },
        revision: bs(revision),
        path: bs(path),
        range: bs(range),
      }),
    );
  const missing = await call(tip, "no/such/file");
  assert.equal(missing.code, Code.NOT_FOUND);
  assert.equal(missing.details, "path not found in revision");
  const pnf = rawBlameError(missing);
  assert.equal(pnf.error.case, "pathNotFound");
  assert.equal(bytesToByteString((pnf.error.value as { path: Uint8Array }).path), "no/such/file");

  const out = await call(tip, "a.txt", "100,120");
  assert.equal(out.code, Code.INVALID_ARGUMENT);
  assert.equal(out.details, "range is outside of the file length");
  const oor = rawBlameError(out);
  assert.equal(oor.error.case, "outOfRange");
  assert.equal((oor.error.value as { actualLines: bigint }).actualLines, 13n);

  for (
    const [rev, path, range] of [
      ["", "a.txt", ""],
      ["-x", "a.txt", ""],
      [tip, "", ""],
      [
        tip,
        "a.txt",
        "1-2",
      ],
      [tip, "a.txt", "0,2"],
      [tip, "../x", ""],
      [tip, "/etc/passwd", ""],
    ]
  ) {
    assert.equal(
      (await call(rev, path, range)).code,
      Code.INVALID_ARGUMENT,
      `${rev} ${path} ${range}`,
    );
  }
  assert.equal((await call(tip, "a.txt", "", "nope")).code, Code.NOT_FOUND);
  // Unknown revisions give an empty stream, as in HGitaly.
  assert.equal(await blame("repo", "f".repeat(40), "a.txt"), "");
  assert.equal(await blame("repo", "no-such-ref", "a.txt"), "");
  // A range past the end is clamped; a directory is not a file.
  assert.equal(parsePorcelain(await blame("repo", tip, "a.txt", "12,99")).length, 2);
  assert.equal((await call(tip, "src")).code, Code.NOT_FOUND);
});

Deno.test("stop server", async () => {
  client.close();
  await srv[Symbol.asyncDispose]();
});
