import assert from "node:assert/strict";
import { RepositoryService } from "../../../src/gen/gitaly/repository_pb.ts";
import { bytesToByteString } from "../../../src/hg/byte-string.ts";
import { Code } from "../../../src/services/rpc.ts";
import { collect, createClient, grpcError } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import { build, hgCommand, makeHgHome, type Step } from "../../hg/hg-fixture.ts";

const { dir, hgrc } = await makeHgHome();
const root = `${dir}/repos`;
await Deno.mkdir(root);
const commit = (msg: string): Step => ["hg", "commit", "-A", "-q", "-m", msg, "-u", "t <t@e.org>"];
const repoSteps = (name: string): Step[] => [
  ["cd", root],
  ["hg", "init", name],
  ["cd", name],
  ["write", "a.txt", "a\n".repeat(50)],
  commit("one"),
  ["write", "b.txt", "b\n"],
  commit("two"),
];
await build(dir, [...repoSteps("repo"), ...repoSteps("broken"), ["cd", root], [
  "hg",
  "init",
  "empty",
]], hgrc);
const repoDir = `${root}/repo`;

const srv = await startTestServer(root);
const client = createClient(RepositoryService, srv.address);
const repository = { storageName: "default", relativePath: "repo" };
const missing = { storageName: "default", relativePath: "missing" };
const str = (chunks: { data: Uint8Array }[]) =>
  chunks.map((c) => bytesToByteString(c.data)).join("");
const node = async (rev: string) =>
  (await hgCommand(["log", "-r", rev, "-T", "{node}"], repoDir, hgrc)).trim();

Deno.test("GetConfig streams .hg/hgrc, empty without one", async () => {
  assert.deepEqual(await collect(client.getConfig({ repository })), []);
  const text = "[phases]\npublish = False\n" + "# padding\n".repeat(20_000);
  await Deno.writeTextFile(`${repoDir}/.hg/hgrc`, text);
  try {
    const chunks = await collect(client.getConfig({ repository }));
    assert.ok(chunks.length > 1);
    assert.equal(str(chunks), text);
    // hg reads the same file: the value is what `hg config` reports.
    assert.equal((await hgCommand(["config", "phases.publish"], repoDir, hgrc)).trim(), "False");
  } finally {
    await Deno.remove(`${repoDir}/.hg/hgrc`);
  }
  assert.equal((await grpcError(client.getConfig({ repository: missing }))).code, Code.NOT_FOUND);
});

Deno.test("SetFullPath then FullPath reads it back", async () => {
  assert.equal((await grpcError(client.fullPath({ repository }))).code, Code.INTERNAL);
  await client.setFullPath({ repository, path: "group/sub/projé" });
  assert.equal((await client.fullPath({ repository })).path, "group/sub/projé");
  await client.setFullPath({ repository, path: "other/path" });
  assert.equal((await client.fullPath({ repository })).path, "other/path");
  assert.equal(
    await Deno.readTextFile(`${repoDir}/.hg/gitlab.project_full_path`),
    "other/path",
  );
  const bad = [
    () => client.setFullPath({ repository, path: "" }),
    () => client.setFullPath({ path: "x" }),
    () => client.fullPath({}),
  ];
  for (const call of bad) assert.equal((await grpcError(call())).code, Code.INVALID_ARGUMENT);
  assert.equal(
    (await grpcError(client.setFullPath({ repository: missing, path: "x" }))).code,
    Code.NOT_FOUND,
  );
  await Deno.remove(`${repoDir}/.hg/gitlab.project_full_path`);
});

/** Gitaly's checksum computed by Python from `show-ref` lines, as a second implementation. */
async function pythonChecksum(lines: string[]): Promise<string> {
  const script = `
import hashlib, sys, re
rx = re.compile(rb'HEAD|(refs/(heads|tags|keep-around|merge-requests|environments|notes)/)')
s = 0
for line in sys.stdin.buffer.read().split(b'\\n'):
    if line and rx.search(line):
        s ^= int.from_bytes(hashlib.sha1(line).digest(), 'big')
h = s.to_bytes((s.bit_length() + 7) // 8, 'big').hex()
print(h if s else '0' * 40, end='')
`;
  const child = new Deno.Command("/usr/bin/python3", {
    args: ["-c", script],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(lines.join("\n")));
  await w.close();
  return new TextDecoder().decode((await child.output()).stdout);
}

Deno.test("CalculateChecksum: zero when empty, Gitaly's XOR of ref lines, changes with refs", async () => {
  const checksum = async (relativePath = "repo") =>
    (await client.calculateChecksum({ repository: { storageName: "default", relativePath } }))
      .checksum;
  assert.equal(await checksum("empty"), "0".repeat(40));
  const [n0, n1] = [await node("0"), await node("1")];
  const store = `${repoDir}/.hg/store`;
  await Deno.writeTextFile(`${store}/gitlab.branches`, `001\n${n1} branch/default\n`);
  await Deno.writeTextFile(`${store}/gitlab.tags`, `001\n${n0} v1\n`);
  await Deno.writeTextFile(`${repoDir}/.hg/default_gitlab_branch`, "branch/default");
  try {
    const first = await checksum();
    assert.equal(first, await checksum(), "stable");
    assert.equal(
      first,
      await pythonChecksum([
        `${n1} HEAD`,
        `${n1} refs/heads/branch/default`,
        `${n0} refs/tags/v1`,
      ]),
    );
    // Pipelines refs are not counted; merge requests are.
    await Deno.writeTextFile(`${store}/gitlab.special-refs`, `001\n${n0} pipelines/1\n`);
    assert.equal(await checksum(), first);
    await Deno.writeTextFile(`${store}/gitlab.special-refs`, `001\n${n0} merge-requests/1/head\n`);
    const withMr = await checksum();
    assert.notEqual(withMr, first);
    assert.equal(
      withMr,
      await pythonChecksum([
        `${n1} HEAD`,
        `${n1} refs/heads/branch/default`,
        `${n0} refs/tags/v1`,
        `${n0} refs/merge-requests/1/head`,
      ]),
    );
  } finally {
    for (const f of ["gitlab.branches", "gitlab.tags", "gitlab.special-refs"]) {
      await Deno.remove(`${store}/${f}`).catch(() => {});
    }
    await Deno.remove(`${repoDir}/.hg/default_gitlab_branch`);
  }
  assert.equal(
    (await grpcError(client.calculateChecksum({ repository: missing }))).code,
    Code.NOT_FOUND,
  );
});

Deno.test("Fsck: healthy repository, then a corrupted filelog", async () => {
  const ok = await client.fsck({ repository });
  assert.equal(ok.error.length, 0);
  const broken = { storageName: "default", relativePath: "broken" };
  const index = `${root}/broken/.hg/store/data/a.txt.i`;
  const bytes = await Deno.readFile(index);
  bytes[bytes.length - 5] ^= 0xff;
  await Deno.writeFile(index, bytes);
  const res = await client.fsck({ repository: broken });
  const report = new TextDecoder().decode(res.error);
  assert.match(report, /a\.txt/);
  assert.match(report, /integrity check failed|unpacking|damaged/);
  assert.equal((await grpcError(client.fsck({ repository: missing }))).code, Code.NOT_FOUND);
  assert.equal((await grpcError(client.fsck({}))).code, Code.INVALID_ARGUMENT);
});

/** Members of a tar listed by the `tar` tool, with their contents. */
async function untar(data: Uint8Array): Promise<Map<string, string>> {
  const dest = await Deno.makeTempDir({ prefix: "dhgitaly-tar-" });
  try {
    await Deno.writeFile(`${dest}/x.tar`, data);
    const list = await new Deno.Command("tar", { args: ["-tf", `${dest}/x.tar`] }).output();
    assert.ok(list.success);
    await Deno.mkdir(`${dest}/out`);
    const ex = await new Deno.Command("tar", {
      args: ["-xf", `${dest}/x.tar`, "-C", `${dest}/out`],
    })
      .output();
    assert.ok(ex.success);
    const out = new Map<string, string>();
    for (const name of new TextDecoder().decode(list.stdout).split("\n").filter((l) => l)) {
      out.set(name, await Deno.readTextFile(`${dest}/out/${name}`));
    }
    return out;
  } finally {
    await Deno.remove(dest, { recursive: true });
  }
}

Deno.test("GetCustomHooks and BackupCustomHooks: tar of Heptapod's extra state", async () => {
  const hg = `${repoDir}/.hg`;
  const files: Record<string, string> = {
    "default_gitlab_branch": "branch/default",
    "git-mapfile": "",
    "hgrc": "[phases]\npublish = False\n",
    "hgrc.managed": "[heptapod]\nallow-bookmarks = yes\n",
    "store/gitlab.branches": `001\n${await node("1")} branch/default\n`,
    "store/gitlab.keep-arounds": `001\n${await node("0")}\n`,
  };
  for (const [name, text] of Object.entries(files)) await Deno.writeTextFile(`${hg}/${name}`, text);
  await Deno.writeTextFile(`${hg}/not-backed-up`, "x");
  try {
    const calls: (() => AsyncIterable<{ data: Uint8Array }>)[] = [
      () => client.getCustomHooks({ repository }),
      () => client.backupCustomHooks({ repository }),
    ];
    for (const call of calls) {
      const chunks: { data: Uint8Array }[] = await collect(call());
      const data = new Uint8Array(chunks.reduce((n, c) => n + c.data.length, 0));
      let at = 0;
      for (const c of chunks) {
        data.set(c.data, at);
        at += c.data.length;
      }
      assert.equal(data.length % 10240, 0);
      const members = await untar(data);
      assert.deepEqual([...members.keys()], Object.keys(files));
      for (const [name, text] of Object.entries(files)) assert.equal(members.get(name), text);
    }
  } finally {
    for (const name of [...Object.keys(files), "not-backed-up"]) await Deno.remove(`${hg}/${name}`);
  }
  const empty = await collect(client.getCustomHooks({ repository }));
  assert.deepEqual(await untar(empty[0].data), new Map());
  for (const bad of [missing, undefined]) {
    const err = await grpcError(client.backupCustomHooks({ repository: bad }));
    assert.equal(err.code, bad ? Code.NOT_FOUND : Code.INVALID_ARGUMENT);
  }
});

Deno.test("stop server", async () => {
  client.close();
  await srv[Symbol.asyncDispose]();
});
