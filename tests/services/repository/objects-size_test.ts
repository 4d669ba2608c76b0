import assert from "node:assert/strict";
import { RepositoryService } from "../../../src/gen/gitaly/repository_pb.ts";
import { Code } from "../../../src/services/rpc.ts";
import { createClient, grpcError } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import { hgCommand, hgPython } from "../../hg/hg-fixture.ts";
import { buildCommitFixture } from "../commit/commit-fixture.ts";

const fixture = await buildCommitFixture();
const srv = await startTestServer(fixture.root);
const client = createClient(RepositoryService, srv.address);
const repository = { storageName: "default", relativePath: "repo" };
const enc = (s: string) => new TextEncoder().encode(s);

/** Stored sizes of the revlog entries reachable from `revset`, through Mercurial's API. */
async function hgStoredSize(revset: string): Promise<bigint> {
  const script = `
import sys
from mercurial import hg, ui as uimod
repo = hg.repository(uimod.ui.load(), b'.')
cl = repo.changelog
mrevlog = repo.manifestlog.getstorage(b'')._revlog
revs = repo.revs(sys.argv[1].encode())
size, mans, files = 0, set(), set()
for r in revs:
    size += cl.length(r)
    ctx = repo[r]
    mrev = mrevlog.rev(ctx.manifestnode())
    if mrev not in mans:
        mans.add(mrev)
        size += mrevlog.length(mrev)
    mf = ctx.manifest()
    for f in mf:
        files.add((f, mf[f]))
for f, n in files:
    fl = repo.file(f)
    size += fl._revlog.length(fl.rev(n))
print(size)
`;
  const out = await hgPython(script, fixture.repo, fixture.hgrc, { args: [revset] });
  return BigInt(out.trim());
}

const node = async (rev: string) =>
  (await hgCommand(["log", "-r", rev, "-T", "{node}"], fixture.repo, fixture.hgrc)).trim();

Deno.test("ObjectsSize sums stored revlog entries reachable, as hg's API measures them", async () => {
  const size = async (...chunks: string[][]) =>
    (await client.objectsSize(
      chunks.map((revs, i) => ({
        repository: i === 0 ? repository : undefined,
        revisions: revs.map(enc),
      })),
    )).size;
  for (const rev of ["0", "2", "4", "tip"]) {
    assert.equal(await size([await node(rev)]), await hgStoredSize(`::${rev}`), rev);
  }
  assert.equal(await size(["--all"]), await hgStoredSize("all()"));
  // Revisions over several messages, branch names as revisions.
  assert.equal(
    await size([await node("3")], ["branch/other"]),
    await hgStoredSize("::3 or ::4"),
  );
  assert.ok((await size([await node("4"), `^${await node("2")}`])) > 0n);
});

Deno.test("ObjectsSize: bad inputs", async () => {
  const cases: [() => Promise<unknown>, number][] = [
    [() => client.objectsSize([{ repository, revisions: [] }]), Code.INVALID_ARGUMENT],
    [
      () => client.objectsSize([{ repository, revisions: [enc("--bogus")] }]),
      Code.INVALID_ARGUMENT,
    ],
    [() => client.objectsSize([{ repository, revisions: [enc("no-such-rev")] }]), Code.NOT_FOUND],
    [
      () =>
        client.objectsSize([{ repository, revisions: [enc("tip")] }, {
          repository,
          revisions: [enc("tip")],
        }]),
      Code.INVALID_ARGUMENT,
    ],
    [() => client.objectsSize([{ revisions: [enc("tip")] }]), Code.INVALID_ARGUMENT],
    [() => client.objectsSize([]), Code.INVALID_ARGUMENT],
  ];
  for (const [call, code] of cases) assert.equal((await grpcError(call())).code, code);
});

Deno.test("stop server", async () => {
  client.close();
  await srv[Symbol.asyncDispose]();
});
