/**
 * A bare grpc-js server for the benchmark's framework floor: one unary method answering two
 * fixed bytes, no protobuf, no logging, no dhgitaly code. Run as its own process:
 * `deno run -A bench/bare-grpc-server.ts <unix socket path>`; prints "listening" when ready.
 */
import * as grpc from "@grpc/grpc-js";
import { Buffer } from "node:buffer";

/** Path of the bare server's one method. */
export const BARE_METHOD = "/bench.Bare/Echo";

if (import.meta.main) {
  const socket = Deno.args[0];
  const server = new grpc.Server();
  const raw = (bytes: Buffer) => bytes;
  server.addService({
    Echo: {
      path: BARE_METHOD,
      requestStream: false,
      responseStream: false,
      requestSerialize: raw,
      requestDeserialize: raw,
      responseSerialize: raw,
      responseDeserialize: raw,
    },
  }, {
    Echo: (_call: unknown, callback: grpc.sendUnaryData<Buffer>) =>
      callback(null, Buffer.from([8, 1])),
  });
  server.bindAsync(`unix:${socket}`, grpc.ServerCredentials.createInsecure(), (err) => {
    if (err) throw err;
    console.log("listening");
  });
}
