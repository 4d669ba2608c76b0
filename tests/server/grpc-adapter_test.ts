import assert from "node:assert/strict";
import { create, equals, fromBinary, toBinary } from "@bufbuild/protobuf";
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { join } from "node:path";
import {
  FindTagErrorSchema,
  ListRefsResponseSchema,
  RefExistsResponseSchema,
  RefService,
} from "../../src/gen/gitaly/ref_pb.ts";
import { RemoteService } from "../../src/gen/gitaly/remote_pb.ts";
import { HealthState } from "../../src/server/health.ts";
import { startServer } from "../../src/server/server.ts";
import type { CallRecord } from "../../src/server/grpc-adapter.ts";
import { StatusSchema } from "../../src/gen/google/rpc/status_pb.ts";
import { bindService, Code, detail, RpcError } from "../../src/services/rpc.ts";
import { EncodedMessage } from "../../src/services/encoded-message.ts";
import { collect, createClient, grpcError, leaveServer } from "../support/grpc-client.ts";
import { startTestServer } from "../support/test-server.ts";
import { healthService } from "../../src/server/health.ts";

Deno.test("an RPC without handler answers UNIMPLEMENTED naming it", async () => {
  await using srv = await startTestServer();
  const err = await grpcError(
    createClient(RemoteService, srv.address).findRemoteRootRef({}),
  );
  assert.equal(err.code, Code.UNIMPLEMENTED);
  assert.equal(err.details, "Not implemented: /gitaly.RemoteService/FindRemoteRootRef");
});

/** ListRefs answers the adapter test server sends as ready-made bytes. */
const ENCODED_REFS = [1, 2].map((n) =>
  create(ListRefsResponseSchema, {
    references: [{ name: new TextEncoder().encode(`refs/heads/b${n}`), target: `${n}`.repeat(40) }],
  })
);

/** Call signals of answered RefExists and ListRefs calls, checked after the calls ended. */
const finishedSignals: AbortSignal[] = [];

/** A server with hand-made RefService handlers exercising the adapter's paths. */
async function adapterServer(records: CallRecord[]) {
  const dir = await Deno.makeTempDir();
  const socket = join(dir, "s.sock");
  const server = await startServer({
    listen: [{ kind: "unix", path: socket }],
    services: [
      bindService(RefService, {
        findTag(req) {
          throw new RpcError(Code.NOT_FOUND, "tag does not exist", [
            detail(FindTagErrorSchema, {
              error: {
                case: "tagNotFound",
                value: { referenceName: new TextEncoder().encode(`refs/tags/${req.tagName}`) },
              },
            }),
          ]);
        },
        findDefaultBranchName() {
          throw new TypeError("boom");
        },
        async *listRefs(_req, ctx) {
          finishedSignals.push(ctx.signal);
          for (const refs of ENCODED_REFS) {
            yield new EncodedMessage(
              ListRefsResponseSchema,
              toBinary(ListRefsResponseSchema, refs),
            );
          }
          yield { references: [{ name: new TextEncoder().encode("HEAD"), target: "ab" }] };
        },
        refExists(_req, ctx) {
          finishedSignals.push(ctx.signal);
          return new EncodedMessage(
            RefExistsResponseSchema,
            toBinary(RefExistsResponseSchema, create(RefExistsResponseSchema, { value: true })),
          );
        },
        // @ts-expect-error: the encoding of another message type does not type-check
        findBranch() {
          return new EncodedMessage(RefExistsResponseSchema, new Uint8Array([8, 1]));
        },
        async *findAllTags(_req, ctx) {
          // An endless stream: ends only by cancellation.
          for (let i = 0;; i++) {
            yield { tags: [{ name: new TextEncoder().encode(`t${i}`) }] };
            await new Promise((r) => setTimeout(r, 5));
            if (ctx.signal.aborted) return;
          }
        },
      }),
      healthService(["gitaly.RefService"], new HealthState()),
    ],
    observe: (r) => records.push(r),
    gracefulTimeoutMs: 1000,
  });
  return {
    address: `unix:${socket}`,
    async [Symbol.asyncDispose]() {
      await leaveServer(server, `unix:${socket}`);
      await Deno.remove(dir, { recursive: true });
    },
  };
}

Deno.test("structured errors travel in grpc-status-details-bin as gitaly.* Any", async () => {
  const records: CallRecord[] = [];
  await using srv = await adapterServer(records);
  const err = await grpcError(
    createClient(RefService, srv.address).findTag(
      { tagName: new TextEncoder().encode("v1") },
      { metadata: { "x-gitlab-correlation-id": "corr-42" } },
    ),
  );
  assert.equal(err.code, Code.NOT_FOUND);
  assert.equal(err.details, "tag does not exist");
  const raw = err.metadata.get("grpc-status-details-bin")[0] as Uint8Array;
  const status = fromBinary(StatusSchema, raw);
  assert.equal(status.code, Code.NOT_FOUND);
  assert.equal(status.details[0].typeUrl, "type.googleapis.com/gitaly.FindTagError");
  const unpacked = anyUnpack(status.details[0], FindTagErrorSchema)!;
  assert.equal(unpacked.error.case, "tagNotFound");
  assert.equal(
    new TextDecoder().decode(unpacked.error.value!.referenceName),
    "refs/tags/v1",
  );
  assert.equal(records.at(-1)!.correlationId, "corr-42");
  assert.equal(records.at(-1)!.code, Code.NOT_FOUND);
});

Deno.test("an unexpected exception is INTERNAL, recorded with the error, server keeps serving", async () => {
  const records: CallRecord[] = [];
  await using srv = await adapterServer(records);
  const client = createClient(RefService, srv.address);
  const err = await grpcError(client.findDefaultBranchName({}));
  assert.equal(err.code, Code.INTERNAL);
  assert.match(err.details, /boom/);
  assert.ok(records.at(-1)!.error instanceof TypeError);
  assert.equal((await grpcError(client.findDefaultBranchName({}))).code, Code.INTERNAL);
});

Deno.test("encoded messages are sent as they are; one of another type is INTERNAL", async () => {
  const records: CallRecord[] = [];
  await using srv = await adapterServer(records);
  const client = createClient(RefService, srv.address);
  const streamed = await collect(client.listRefs({}));
  assert.equal(streamed.length, 3);
  streamed.slice(0, 2).forEach((m, i) =>
    assert.ok(equals(ListRefsResponseSchema, m, ENCODED_REFS[i]))
  );
  assert.equal(streamed[2].references[0].target, "ab");
  assert.equal((await client.refExists({})).value, true);
  const err = await grpcError(client.findBranch({}));
  assert.equal(err.code, Code.INTERNAL);
  assert.match(err.details, /gitaly\.RefExistsResponse, not a gitaly\.FindBranchResponse/);
  assert.equal(records.filter((r) => r.code === Code.INTERNAL).length, 1);
});

Deno.test("a call's signal is not aborted once the call has answered", async () => {
  // grpc-js emits "cancelled" after every status it sends; that must not abort the call's
  // signal (an error object and abort listeners per call for nothing).
  const records: CallRecord[] = [];
  await using srv = await adapterServer(records);
  finishedSignals.length = 0;
  const ref = createClient(RefService, srv.address);
  assert.equal((await ref.refExists({})).value, true);
  assert.equal((await collect(ref.listRefs({}))).length, 3);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(finishedSignals.length, 2);
  assert.deepEqual(finishedSignals.map((s) => s.aborted), [false, false]);
});

Deno.test("client cancellation stops a server stream and is recorded as CANCELLED", async () => {
  const records: CallRecord[] = [];
  await using srv = await adapterServer(records);
  const stream = createClient(RefService, srv.address).findAllTags({}) as
    & AsyncIterable<unknown>
    & { cancel(): void };
  let seen = 0;
  try {
    for await (const _ of stream) {
      if (++seen === 3) stream.cancel();
    }
  } catch (err) {
    assert.equal((err as { code: number }).code, Code.CANCELLED);
  }
  for (let i = 0; i < 100 && !records.some((r) => r.method.endsWith("FindAllTags")); i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  const rec = records.find((r) => r.method === "/gitaly.RefService/FindAllTags");
  assert.ok(rec, "the cancelled call finished on the server side");
  assert.equal(rec.code, Code.CANCELLED);
});
