import assert from "node:assert/strict";
import { fromBinary } from "@bufbuild/protobuf";
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import {
  GetTreeEntriesErrorSchema,
  GetTreeEntriesRequest_SortBy,
  type GetTreeEntriesResponse,
  TreeEntry_EntryType,
} from "../../../src/gen/gitaly/commit_pb.ts";
import { PathError_ErrorType } from "../../../src/gen/gitaly/errors_pb.ts";
import { StatusSchema } from "../../../src/gen/google/rpc/status_pb.ts";
import { bytesToByteString, byteStringToUtf8 } from "../../../src/hg/byte-string.ts";
import { objectId } from "../../../src/gitlab/object-id.ts";
import { Code } from "../../../src/services/rpc.ts";
import { collect, type GrpcError, grpcError } from "../../support/grpc-client.ts";
import { serveTreeFixture } from "./tree-service-fixture.ts";

const { srv, client, repository, hg, node, tip } = await serveTreeFixture();
const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const dec = bytesToByteString;

/** `hg manifest --debug` of a revision: path -> Git mode. */
async function hgModes(rev: string): Promise<Map<string, number>> {
  const out = await hg("manifest", "--debug", "--hidden", "-r", rev);
  return new Map(
    out.split("\n").filter(Boolean).map((l) => {
      const kind = l[45];
      return [l.slice(47), kind === "@" ? 0o120000 : kind === "*" ? 0o100755 : 0o100644];
    }),
  );
}

interface Req {
  repository: { storageName: string; relativePath: string };
  revision: Uint8Array;
  path: Uint8Array;
  recursive: boolean;
  sort: GetTreeEntriesRequest_SortBy;
  paginationParams: { pageToken?: string; limit?: number };
  skipFlatPaths: boolean;
}
async function list(req: Partial<Req>): Promise<GetTreeEntriesResponse[]> {
  return await collect(
    client.getTreeEntries({ repository, revision: enc(tip), path: enc("."), ...req }),
  );
}
const flat = (messages: GetTreeEntriesResponse[]) => messages.flatMap((m) => m.entries);

Deno.test("GetTreeEntries of the root: children, types, modes, oids, flat paths", async () => {
  const messages = await list({ revision: enc("branch/default") });
  const entries = flat(messages);
  const files = (await hg("files", "-r", "tip")).split("\n").filter(Boolean);
  const names = [...new Set(files.map((f) => f.split("/")[0]))];
  assert.deepEqual(entries.map((e) => dec(e.path)).sort(), names.sort());
  const modes = await hgModes("tip");
  for (const e of entries) {
    const path = dec(e.path);
    const isTree = !modes.has(path);
    assert.equal(e.type, isTree ? TreeEntry_EntryType.TREE : TreeEntry_EntryType.BLOB);
    assert.equal(e.mode, isTree ? 0o40000 : modes.get(path));
    assert.equal(e.oid, objectId(tip, path));
    assert.equal(e.commitOid, "branch/default");
  }
  const flatOf = (p: string) => dec(entries.find((e) => dec(e.path) === p)!.flatPath);
  assert.equal(flatOf("chain"), "chain/a/b/c");
  assert.equal(flatOf("solo"), "solo/only/deep");
  assert.equal(flatOf("a"), "a");
  assert.equal(flatOf("README"), "README");
  assert.equal(messages[0].paginationCursor?.nextCursor, "");
  // Git order: `a-b` < `a.b` < `a` (as `a/`) < `a0`.
  const order = entries.map((e) => dec(e.path)).filter((p) => /^a[-.0]?[b]?$/.test(p));
  assert.deepEqual(order, ["a-b", "a.b", "a", "a0"]);
  const skipped = flat(await list({ skipFlatPaths: true }));
  assert.deepEqual(skipped.map((e) => e.path), entries.map((e) => e.path));
  assert.ok(skipped.every((e) => e.flatPath.length === 0));
  assert.deepEqual(
    flat(await list({ path: enc("/") })),
    entries.map((e) => ({ ...e, commitOid: tip })),
  );
});

Deno.test("GetTreeEntries of subdirectories, non-ASCII names, hidden changesets", async () => {
  const sub = flat(await list({ path: enc("sub/") }));
  assert.deepEqual(sub.map((e) => [dec(e.path), e.type, dec(e.flatPath)]), [
    ["sub/dir", TreeEntry_EntryType.TREE, "sub/dir"],
    ["sub/g", TreeEntry_EntryType.BLOB, "sub/g"],
  ]);
  const nonAscii = flat(await list({ path: enc("\xc3\xa9t\xc3\xa9") }));
  assert.deepEqual(nonAscii.map((e) => dec(e.flatPath)), ["\xc3\xa9t\xc3\xa9/caf\xc3\xa9"]);
  const hidden = await node("7");
  const entries = flat(await list({ revision: enc(hidden) }));
  assert.ok(
    entries.some((e) => dec(e.path) === "topic-file" && e.oid === objectId(hidden, "topic-file")),
  );
});

Deno.test("GetTreeEntries recursive: every file as hg files, trees before contents", async () => {
  const messages = await list({ recursive: true });
  assert.ok(messages.length > 1 && messages.every((m) => m.entries.length <= 50));
  const entries = flat(messages);
  assert.ok(entries.every((e) => e.flatPath.length === 0));
  const blobs = entries.filter((e) => e.type === TreeEntry_EntryType.BLOB).map((e) => dec(e.path));
  const files = (await hg("files", "-r", "tip")).split("\n").filter(Boolean).map(byteStringToUtf8);
  assert.deepEqual(blobs.map(byteStringToUtf8), files);
  const seen = new Set<string>();
  for (const e of entries) {
    const path = dec(e.path);
    const parent = path.slice(0, Math.max(0, path.lastIndexOf("/")));
    assert.ok(parent === "" || seen.has(parent), `${path} after its directory`);
    if (e.type === TreeEntry_EntryType.TREE) seen.add(path);
  }
  const chain = flat(await list({ path: enc("chain"), recursive: true }));
  assert.deepEqual(chain.map((e) => dec(e.path)), [
    "chain/a",
    "chain/a/b",
    "chain/a/b/c",
    "chain/a/b/c/leaf",
    "chain/a/b/c/leaf2",
  ]);
  const treesFirst = flat(
    await list({ recursive: true, sort: GetTreeEntriesRequest_SortBy.TREES_FIRST }),
  );
  const trees = entries.filter((e) => e.type === TreeEntry_EntryType.TREE);
  assert.deepEqual(treesFirst, [
    ...trees,
    ...entries.filter((e) => e.type === TreeEntry_EntryType.BLOB),
  ]);
});

Deno.test("GetTreeEntries pagination: pages by oid of the last entry", async () => {
  const all = flat(await list({ recursive: true }));
  const paged = [];
  let token = "";
  for (let i = 0; i < 100; i++) {
    const messages = await list({
      recursive: true,
      paginationParams: { pageToken: token, limit: 7 },
    });
    if (messages.length === 0) break;
    paged.push(...flat(messages));
    token = messages[0].paginationCursor!.nextCursor;
    assert.equal(token === "", paged.length === all.length);
    if (token === "") break;
    assert.equal(token, paged.at(-1)!.oid);
  }
  assert.deepEqual(paged, all);
  assert.deepEqual(await list({ paginationParams: { limit: 0 } }), []);
  assert.deepEqual(flat(await list({ paginationParams: { limit: -1 } })), flat(await list({})));
  const last = all.at(-1)!.oid;
  assert.deepEqual(
    await list({ recursive: true, paginationParams: { pageToken: last, limit: 5 } }),
    [],
  );
  const err = await grpcError(
    client.getTreeEntries({
      repository,
      revision: enc(tip),
      path: enc("."),
      paginationParams: { pageToken: "nope", limit: 5 },
    }),
  );
  assert.equal(err.code, Code.INTERNAL);
  assert.equal(err.details, "could not find starting OID: nope");
});

function treeError(err: GrpcError) {
  const status = fromBinary(
    StatusSchema,
    err.metadata.get("grpc-status-details-bin")[0] as Uint8Array,
  );
  return anyUnpack(status.details[0], GetTreeEntriesErrorSchema)!.error;
}

Deno.test("GetTreeEntries bad inputs", async () => {
  const call = (req: Partial<Req>) => grpcError(list(req).then(() => {}));
  for (const recursive of [false, true]) {
    const unknown = await call({ revision: enc("nope"), recursive });
    assert.equal(unknown.code, Code.INVALID_ARGUMENT);
    assert.equal(unknown.details, "invalid revision or path");
    const error = treeError(unknown);
    assert.equal(error.case, "resolveTree");
    assert.equal(dec((error.value as { revision: Uint8Array }).revision), "nope");
    const missing = await call({ path: enc("no/such/dir"), recursive });
    assert.equal(missing.code, recursive ? Code.NOT_FOUND : Code.INVALID_ARGUMENT);
    assert.equal(treeError(missing).case, "resolveTree");
    const file = await call({ path: enc("README"), recursive });
    assert.equal(file.code, Code.INVALID_ARGUMENT);
    assert.equal(file.details, "path not treeish");
  }
  const emptyPath = await call({ path: new Uint8Array() });
  assert.equal(emptyPath.code, Code.INVALID_ARGUMENT);
  assert.equal(emptyPath.details, "empty path");
  const pathError = treeError(emptyPath);
  assert.equal(pathError.case, "path");
  assert.equal(
    (pathError.value as { errorType: number }).errorType,
    PathError_ErrorType.EMPTY_PATH,
  );
  const emptyRev = await call({ revision: new Uint8Array() });
  assert.equal(emptyRev.code, Code.INVALID_ARGUMENT);
  assert.equal(emptyRev.details, "empty revision");
  const emptyRepo = await call({
    repository: { ...repository, relativePath: "empty" },
    revision: enc("branch/default"),
  });
  assert.equal(emptyRepo.code, Code.INVALID_ARGUMENT);
  const escaping = await call({ path: enc("../repo") });
  assert.equal(escaping.code, Code.INVALID_ARGUMENT);
  const nullRev = await call({ revision: enc("0".repeat(40)) });
  assert.equal(nullRev.code, Code.NOT_FOUND);
});

Deno.test("GetTreeEntries: shutdown", async () => {
  client.close();
  await srv[Symbol.asyncDispose]();
});
