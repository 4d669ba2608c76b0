/**
 * Benchmark clients that do not decode answers: the bare grpc-js floor (bare-grpc-server.ts in
 * its own process) and "bytes only" calls of dhgitaly RPCs, which time the server and the
 * transport without the client's protobuf decoding (GitLab's Go and Ruby clients decode
 * several times faster than protobuf-es under Deno).
 */
import * as grpc from "@grpc/grpc-js";
import { Buffer } from "node:buffer";
import { join } from "node:path";
import { BARE_METHOD } from "./bare-grpc-server.ts";
import { spawnListening } from "../tests/support/server-process.ts";

const BARE_SERVER = new URL("./bare-grpc-server.ts", import.meta.url).pathname;

/** Receive window of the raw clients, as the typed benchmark clients use. */
const RECEIVE_WINDOW = 16 * 1024 * 1024;

const identity = (bytes: Buffer) => bytes;

/** A grpc-js client of `address` whose calls take and give bytes. */
export function rawClient(address: string): grpc.Client {
  return new grpc.Client(address, grpc.credentials.createInsecure(), {
    "grpc-node.flow_control_window": RECEIVE_WINDOW,
    "grpc.max_receive_message_length": 64 * 1024 * 1024,
  });
}

/** Calls unary `method` with `request` bytes; resolves to the answer's size. */
export function rawUnary(
  client: grpc.Client,
  method: string,
  request: Uint8Array,
): Promise<number> {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      method,
      identity,
      identity,
      Buffer.from(request),
      (err, answer) => err ? reject(err) : resolve(answer!.length),
    );
  });
}

/** Calls server-streaming `method`; resolves to the total size of the answer messages. */
export function rawStream(
  client: grpc.Client,
  method: string,
  request: Uint8Array,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const call = client.makeServerStreamRequest(method, identity, identity, Buffer.from(request));
    let size = 0;
    call.on("data", (message: Buffer) => size += message.length);
    call.on("end", () => resolve(size));
    call.on("error", reject);
  });
}

/** The bare grpc-js server process, its client and one call. */
export interface BareServer extends AsyncDisposable {
  /** One unary call; resolves to the answer's size. */
  call(): Promise<number>;
}

/** Starts bare-grpc-server.ts in its own process and connects to it. */
export async function startBareServer(): Promise<BareServer> {
  const dir = await Deno.makeTempDir({ prefix: "dhgitaly-bare-" });
  const socket = join(dir, "bare.sock");
  const client = rawClient(`unix:${socket}`);
  const server = await spawnListening([BARE_SERVER, socket], "listening", {
    beforeKill: () => client.close(),
  });
  const empty = new Uint8Array(0);
  return {
    call: () => rawUnary(client, BARE_METHOD, empty),
    async [Symbol.asyncDispose]() {
      await server[Symbol.asyncDispose]();
      await Deno.remove(dir, { recursive: true });
    },
  };
}
