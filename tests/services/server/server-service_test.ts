import assert from "node:assert/strict";
import { ServerService } from "../../../src/gen/gitaly/server_pb.ts";
import { createClient } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import { VERSION } from "../../../src/version.ts";

function hgVersion(): string {
  const out = new Deno.Command("hg", { args: ["--version", "-q"], env: { HGPLAIN: "1" } })
    .outputSync();
  return /\(version ([^)]+)\)/.exec(new TextDecoder().decode(out.stdout))![1];
}

Deno.test("ServerInfo reports versions and storage statuses", async () => {
  await using srv = await startTestServer();
  const client = createClient(ServerService, srv.address);
  const info = await client.serverInfo({});
  assert.equal(info.serverVersion, VERSION);
  assert.equal(info.gitVersion, `Mercurial ${hgVersion()}`);
  assert.equal(info.storageStatuses.length, 1);
  const [status] = info.storageStatuses;
  assert.equal(status.storageName, "default");
  assert.equal(status.readable, true);
  assert.equal(status.writeable, true);
  assert.notEqual(status.fsType, "");
  assert.match(status.filesystemId, /^[0-9a-f-]{36}$/);
  // The filesystem id is stable across calls (stored at the storage root).
  assert.equal((await client.serverInfo({})).storageStatuses[0].filesystemId, status.filesystemId);
});

Deno.test("DiskStatistics reports space of each storage", async () => {
  await using srv = await startTestServer();
  const stats = await createClient(ServerService, srv.address).diskStatistics({});
  assert.equal(stats.storageStatuses.length, 1);
  assert.equal(stats.storageStatuses[0].storageName, "default");
  assert.ok(stats.storageStatuses[0].available > 0n);
  assert.ok(stats.storageStatuses[0].used > 0n);
});

Deno.test("ReadinessCheck is ok, and fails naming a storage that went missing", async () => {
  await using srv = await startTestServer();
  const client = createClient(ServerService, srv.address);
  assert.equal((await client.readinessCheck({})).Result.case, "okResponse");
  await Deno.remove(srv.storageRoot, { recursive: true });
  const res = await client.readinessCheck({});
  assert.equal(res.Result.case, "failureResponse");
  if (res.Result.case === "failureResponse") {
    assert.equal(res.Result.value.failedChecks[0].name, "storage default");
    assert.match(res.Result.value.failedChecks[0].errorMessage, /not readable/);
  }
});

Deno.test("ServerSignature: no signing key, empty public key", async () => {
  await using srv = await startTestServer();
  const res = await createClient(ServerService, srv.address).serverSignature({});
  assert.equal(res.publicKey.length, 0);
});
