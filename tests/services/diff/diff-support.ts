/**
 * Shared pieces of the DiffService tests: the fixture served by a test server, a typed client,
 * node ids by revision, and `git diff --raw` of the exported trees parsed as Gitaly's parser
 * sees it (type changes split into deletion and addition).
 */
import { DiffService } from "../../../src/gen/gitaly/diff_pb.ts";
import { openRepository } from "../../../src/hg/repository.ts";
import { createClient } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import { buildDiffFixture, exportTrees, gitOutput } from "./diff-fixture.ts";

/** A served fixture with a DiffService client. */
export async function serveDiffFixture() {
  const fixture = await buildDiffFixture();
  const srv = await startTestServer(fixture.root);
  const client = createClient(DiffService, srv.address);
  const repo = openRepository(fixture.repo);
  const node = (rev: number) => repo.changelog.node(rev);
  return {
    fixture,
    srv,
    client,
    repo,
    node,
    repository: { storageName: "default", relativePath: "repo" },
    async [Symbol.asyncDispose]() {
      client.close();
      await srv[Symbol.asyncDispose]();
    },
  };
}

/** One line of `git diff --raw`, with the type-change split Gitaly applies. */
export interface RawEntry {
  oldMode: number;
  newMode: number;
  status: string;
  fromPath: string;
  toPath: string;
}

function unquote(p: string): string {
  if (!p.startsWith('"')) return p;
  return p.slice(1, -1).replace(/\\([0-7]{3})/g, (_, o) => String.fromCharCode(parseInt(o, 8)))
    .replace(/\\(.)/g, "$1");
}

/** `git diff --raw -M -C --find-copies-harder` between two revisions' exported trees. */
export async function gitRaw(
  f: Awaited<ReturnType<typeof buildDiffFixture>>,
  from: number,
  to: number,
): Promise<RawEntry[]> {
  const { gitDir, trees } = await exportTrees(f);
  const out = await gitOutput(gitDir, [
    "diff",
    "--raw",
    "-M",
    "-C",
    "--find-copies-harder",
    trees.get(from)!,
    trees.get(to)!,
  ]);
  const entries: RawEntry[] = [];
  for (const line of out.split("\n").filter((l) => l.startsWith(":"))) {
    const [meta, ...paths] = line.split("\t");
    const [oldMode, newMode, , , status] = meta.slice(1).split(" ");
    const fromPath = unquote(paths[0]);
    const toPath = unquote(paths[1] ?? paths[0]);
    const e = { oldMode: parseInt(oldMode, 8), newMode: parseInt(newMode, 8), fromPath, toPath };
    if (status === "T") {
      entries.push({ ...e, newMode: 0, status: "D" }, { ...e, oldMode: 0, status: "A" });
    } else entries.push({ ...e, status: status[0] });
  }
  return entries;
}
