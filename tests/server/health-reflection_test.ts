import assert from "node:assert/strict";
import { fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import {
  Health,
  HealthCheckResponse_ServingStatus as Status,
} from "../../src/gen/grpc/health/v1/health_pb.ts";
import { ServerReflection as V1 } from "../../src/gen/grpc/reflection/v1/reflection_pb.ts";
import { ServerReflection as V1Alpha } from "../../src/gen/grpc/reflection/v1alpha/reflection_pb.ts";
import { Code } from "../../src/services/rpc.ts";
import { collect, createClient, grpcError } from "../support/grpc-client.ts";
import { startTestServer } from "../support/test-server.ts";

Deno.test("health: SERVING overall and per service, NOT_FOUND for unknown", async () => {
  await using srv = await startTestServer();
  const health = createClient(Health, srv.address);
  assert.equal((await health.check({})).status, Status.SERVING);
  assert.equal((await health.check({ service: "gitaly.RefService" })).status, Status.SERVING);
  const err = await grpcError(health.check({ service: "nope.Service" }));
  assert.equal(err.code, Code.NOT_FOUND);
});

Deno.test("reflection v1 and v1alpha list services and serve descriptors", async () => {
  await using srv = await startTestServer();
  for (const service of [V1, V1Alpha]) {
    const client = createClient(service, srv.address);
    const [list, bySymbol, byFile, missing] = await collect(
      client.serverReflectionInfo([
        { messageRequest: { case: "listServices", value: "" } },
        { messageRequest: { case: "fileContainingSymbol", value: "gitaly.RefService.FindTag" } },
        { messageRequest: { case: "fileByFilename", value: "gitaly/shared.proto" } },
        { messageRequest: { case: "fileContainingSymbol", value: "no.Such" } },
      ] as never) as AsyncIterable<
        { messageResponse: { case: string; value: unknown } }
      >,
    );
    const names = (list.messageResponse.value as { service: { name: string }[] }).service
      .map((s) => s.name);
    for (
      const expected of [
        "gitaly.RefService",
        "gitaly.CommitService",
        "gitaly.RepositoryService",
        "gitaly.ServerService",
        "grpc.health.v1.Health",
      ]
    ) assert.ok(names.includes(expected), expected);
    const files = (bySymbol.messageResponse.value as { fileDescriptorProto: Uint8Array[] })
      .fileDescriptorProto.map((b) => fromBinary(FileDescriptorProtoSchema, b));
    assert.equal(files[0].name, "gitaly/ref.proto");
    assert.ok(files.some((f) => f.name === "gitaly/shared.proto"), "dependencies included");
    assert.equal(byFile.messageResponse.case, "fileDescriptorResponse");
    assert.equal(missing.messageResponse.case, "errorResponse");
  }
});
