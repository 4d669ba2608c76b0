import assert from "node:assert/strict";
import { bytesToByteString, byteStringToUtf8 } from "../../../src/hg/byte-string.ts";
import { Code } from "../../../src/services/rpc.ts";
import { collect, grpcError } from "../../support/grpc-client.ts";
import { serveTreeFixture } from "./tree-service-fixture.ts";

const { srv, client, repository, hg, node, tip } = await serveTreeFixture();
const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const dec = bytesToByteString;

Deno.test("ListFiles: every path as hg files, for branches, hidden changesets and HEAD", async () => {
  for (const rev of ["branch/default", "", tip, await node("7"), await node("0")]) {
    const messages = await collect(client.listFiles({ repository, revision: enc(rev) }));
    const expected =
      (await hg("files", "--hidden", "-r", rev === "branch/default" || rev === "" ? "tip" : rev))
        .split("\n").filter(Boolean);
    assert.deepEqual(
      messages.flatMap((m) => m.paths.map((p) => dec(p))).map(byteStringToUtf8),
      expected.map(byteStringToUtf8),
    );
  }
  assert.deepEqual(await collect(client.listFiles({ repository, revision: enc("nope") })), []);
  assert.deepEqual(
    await collect(
      client.listFiles({ repository: { ...repository, relativePath: "empty" }, revision: enc("") }),
    ),
    [],
  );
  const noRepo = await grpcError(
    client.listFiles({ repository: { ...repository, relativePath: "nope" }, revision: enc(tip) }),
  );
  assert.equal(noRepo.code, Code.NOT_FOUND);
});

Deno.test("ListFiles: shutdown", async () => {
  client.close();
  await srv[Symbol.asyncDispose]();
});
