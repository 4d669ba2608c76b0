/**
 * A gRPC client run as its own process by tests whose server sends GOAWAY to a connected client
 * (graceful shutdown): a Deno client receiving GOAWAY may abort inside nghttp2
 * (denoland/deno#36788), and that must not take the test process down with it.
 *
 * Usage: `deno run -A watch-client.ts ADDRESS...`. Calls ServerInfo on every address and prints
 * `info <address> <first storage name>`, then watches Health on the first address, printing
 * `status <n>` per message and `end` when the stream finishes normally.
 */
import { ServerService } from "../../src/gen/gitaly/server_pb.ts";
import { Health } from "../../src/gen/grpc/health/v1/health_pb.ts";
import { createClient } from "./grpc-client.ts";

const addresses = Deno.args;
for (const address of addresses) {
  const info = await createClient(ServerService, address).serverInfo({});
  console.log(`info ${address} ${info.storageStatuses[0]?.storageName ?? "-"}`);
}
for await (const res of createClient(Health, addresses[0]).watch({})) {
  console.log(`status ${res.status}`);
}
console.log("end");
Deno.exit(0);
