import assert from "node:assert/strict";
import { join } from "node:path";
import { RepositoryService } from "../../../src/gen/gitaly/repository_pb.ts";
import { ObjectFormat } from "../../../src/gen/gitaly/shared_pb.ts";
import { Code } from "../../../src/services/rpc.ts";
import { createClient, grpcError } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";

function hgInit(path: string) {
  const out = new Deno.Command("hg", { args: ["init", path], env: { HGPLAIN: "1" } }).outputSync();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
}

Deno.test("RepositoryExists: true, false, .git addresses .hg, storage suffix", async () => {
  await using srv = await startTestServer();
  hgInit(join(srv.storageRoot, "group", "project.hg"));
  await Deno.mkdir(join(srv.storageRoot, "plain-dir"));
  const client = createClient(RepositoryService, srv.address);
  const exists = async (relativePath: string, storageName = "default") =>
    (await client.repositoryExists({ repository: { storageName, relativePath } })).exists;
  assert.equal(await exists("group/project.hg"), true);
  assert.equal(await exists("group/project.git"), true);
  assert.equal(await exists("group/./project.hg"), true);
  assert.equal(await exists("x:default", "x:default"), false);
  assert.equal(await exists("group/project.hg", "praefect:default"), true);
  assert.equal(await exists("group/other.hg"), false);
  assert.equal(await exists("plain-dir"), false, "a directory without .hg is no repository");
});

Deno.test("repository addressing: every escape form and bad input is INVALID_ARGUMENT", async () => {
  await using srv = await startTestServer();
  const outside = await Deno.makeTempDir();
  hgInit(join(outside, "victim.hg"));
  await Deno.symlink(outside, join(srv.storageRoot, "link-out"));
  hgInit(join(srv.storageRoot, "inside.hg"));
  await Deno.symlink(join(srv.storageRoot, "inside.hg"), join(srv.storageRoot, "link-in.hg"));
  const client = createClient(RepositoryService, srv.address);
  const call = (repository: { storageName: string; relativePath: string } | undefined) =>
    client.repositoryExists({ repository });

  const escapes = [
    "..",
    "../x.hg",
    "a/../../x.hg",
    "/etc",
    "/tmp/x.hg",
    "link-out/victim.hg",
    "link-out",
  ];
  for (const relativePath of escapes) {
    const err = await grpcError(call({ storageName: "default", relativePath }));
    assert.equal(err.code, Code.INVALID_ARGUMENT, relativePath);
    assert.match(err.details, /escapes the storage root|storage root itself/, relativePath);
  }
  assert.equal((await call({ storageName: "default", relativePath: "link-in.hg" })).exists, true);

  const unknown = await grpcError(call({ storageName: "nope", relativePath: "a.hg" }));
  assert.equal(unknown.code, Code.INVALID_ARGUMENT);
  assert.equal(unknown.details, 'GetStorageByName: no such storage: "nope"');

  const empty = await grpcError(call({ storageName: "default", relativePath: "" }));
  assert.equal(empty.code, Code.INVALID_ARGUMENT);

  const missing = await grpcError(call(undefined));
  assert.equal(missing.code, Code.INVALID_ARGUMENT);
  assert.equal(missing.details, "repository not set");
  await Deno.remove(outside, { recursive: true });
});

Deno.test("ObjectFormat: SHA1 for an existing repository, NOT_FOUND otherwise", async () => {
  await using srv = await startTestServer();
  hgInit(join(srv.storageRoot, "p.hg"));
  const client = createClient(RepositoryService, srv.address);
  const res = await client.objectFormat({
    repository: { storageName: "default", relativePath: "p.git" },
  });
  assert.equal(res.format, ObjectFormat.SHA1);
  const err = await grpcError(
    client.objectFormat({ repository: { storageName: "default", relativePath: "q.git" } }),
  );
  assert.equal(err.code, Code.NOT_FOUND);
  assert.equal(err.details, 'repository at "q.git" not found');
});

Deno.test("ObjectFormat: unsupported requirement is FAILED_PRECONDITION naming it", async () => {
  await using srv = await startTestServer();
  const repo = join(srv.storageRoot, "future.hg");
  hgInit(repo);
  await Deno.writeTextFile(join(repo, ".hg", "requires"), "some-future-format\n", {
    append: true,
  });
  const err = await grpcError(
    createClient(RepositoryService, srv.address).objectFormat({
      repository: { storageName: "default", relativePath: "future.hg" },
    }),
  );
  assert.equal(err.code, Code.FAILED_PRECONDITION);
  assert.match(err.details, /some-future-format/);
});
