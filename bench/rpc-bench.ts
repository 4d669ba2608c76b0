/**
 * RPC rows: the real server (every service registered) on a temporary unix socket, called
 * through the typed grpc-js client of the tests with one call in flight at a time; the
 * repositories are in the server's storage root. ServerInfo and the health check are the
 * framework floor, next to a bare grpc-js server (no dhgitaly code) in its own process; the
 * list RPCs are also timed with a client that does not decode the answer ("bytes only"). An
 * RPC that answers UNIMPLEMENTED (or fails) is reported, not fatal.
 */
import { create, toBinary } from "@bufbuild/protobuf";
import { ServerService } from "../src/gen/gitaly/server_pb.ts";
import {
  FindAllBranchesRequestSchema,
  ListRefsRequestSchema,
  RefService,
} from "../src/gen/gitaly/ref_pb.ts";
import { Health } from "../src/gen/grpc/health/v1/health_pb.ts";
import { createClient } from "../tests/support/grpc-client.ts";
import { startServerProcess } from "./server-process.ts";
import { rawClient, rawStream, startBareServer } from "./raw-client.ts";
import { type Budget, measure, type Stats, statsOf } from "./stats.ts";

/** gRPC status code UNIMPLEMENTED. */
const UNIMPLEMENTED = 12;

/** Outcome of one RPC row. */
export type RpcOutcome =
  | { readonly kind: "ok"; readonly stats: Stats; readonly size: number }
  | { readonly kind: "unimplemented" }
  | { readonly kind: "error"; readonly message: string };

/** A measured RPC row. */
export interface RpcRow {
  /** RPC name as shown. */
  readonly rpc: string;
  /** Repository (relative path) or "-". */
  readonly repo: string;
  /** What the call asks. */
  readonly request: string;
  /** Keys of the hg cases this row is compared with (none for the floor rows). */
  readonly hgCases: readonly string[];
  /** The measurement. */
  readonly outcome: RpcOutcome;
}

/** Calls per second of one RPC with several calls in flight. */
export interface ThroughputRow {
  /** RPC name. */
  readonly rpc: string;
  /** Calls kept in flight. */
  readonly concurrency: number;
  /** Completed calls per second, or the failure. */
  readonly callsPerSecond: number | string;
}

/** Everything the RPC benchmark measured. */
export interface RpcResults {
  /** Latency rows at concurrency 1. */
  readonly rows: RpcRow[];
  /** Throughput rows. */
  readonly throughput: ThroughputRow[];
}

/** Parameters of the RPC benchmark. */
export interface RpcBenchOptions {
  /** Storage root holding the repositories. */
  readonly storageRoot: string;
  /** Relative paths (as GitLab sends them) of the fallback and state-file repositories. */
  readonly repos: readonly { readonly relativePath: string; readonly label: string }[];
  /** A tag to look up with FindTag. */
  readonly tag: string;
  /** Latency budget per row. */
  readonly budget: Budget;
  /** Seconds of each throughput run. */
  readonly throughputSeconds: number;
}

const encoder = new TextEncoder();

function describe(err: unknown): RpcOutcome {
  const e = err as { code?: unknown; details?: unknown; message?: unknown };
  if (e.code === UNIMPLEMENTED) return { kind: "unimplemented" };
  const text = typeof e.details === "string" ? e.details : String(e.message ?? err);
  return { kind: "error", message: `code ${String(e.code)}: ${text}` };
}

async function drain(stream: AsyncIterable<unknown>, count: (msg: unknown) => number) {
  let n = 0;
  for await (const msg of stream) n += count(msg);
  return n;
}

/** Measures `call` (returning a size), or reports why it cannot be. */
async function row(budget: Budget, call: () => Promise<number>): Promise<RpcOutcome> {
  let size = 0;
  try {
    size = await call();
  } catch (err) {
    return describe(err);
  }
  try {
    const samples = await measure(budget, async () => {
      size = await call();
    });
    return { kind: "ok", stats: statsOf(samples), size };
  } catch (err) {
    return describe(err);
  }
}

async function throughput(
  seconds: number,
  concurrency: number,
  call: () => Promise<unknown>,
): Promise<number | string> {
  try {
    await call();
  } catch (err) {
    const outcome = describe(err);
    return outcome.kind === "unimplemented" ? "not implemented" : "error";
  }
  let done = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      await call();
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done / ((performance.now() - start) / 1000);
}

/** Starts the server, measures every RPC row and stops the server. */
export async function runRpcBench(options: RpcBenchOptions): Promise<RpcResults> {
  await using server = await startServerProcess(options.storageRoot);
  const serverClient = createClient(ServerService, server.address);
  const health = createClient(Health, server.address);
  const ref = createClient(RefService, server.address);
  const raw = rawClient(server.address);
  const { budget } = options;
  const rows: RpcRow[] = [];
  /** The row of a RefService list RPC called again with a client that does not decode. */
  const bytesOnlyRow = async (method: string, repo: string, request: Uint8Array) => ({
    rpc: `RefService/${method}, bytes only`,
    repo,
    request: "the same call, answer not decoded by the client",
    hgCases: [],
    outcome: await row(budget, () => rawStream(raw, `/gitaly.RefService/${method}`, request)),
  });
  try {
    {
      await using bare = await startBareServer();
      rows.push({
        rpc: "bare grpc-js server (no dhgitaly)",
        repo: "-",
        request: "(grpc-js alone: unary call, 2-byte answer, own process)",
        hgCases: [],
        outcome: await row(budget, () => bare.call()),
      });
    }
    rows.push({
      rpc: "ServerService/ServerInfo",
      repo: "-",
      request: "(floor: framework + storage status)",
      hgCases: [],
      outcome: await row(
        budget,
        async () => (await serverClient.serverInfo({})).storageStatuses.length,
      ),
    });
    rows.push({
      rpc: "grpc.health.v1.Health/Check",
      repo: "-",
      request: "(floor: empty unary)",
      hgCases: [],
      outcome: await row(budget, async () => (await health.check({})).status),
    });
    for (const { relativePath, label } of options.repos) {
      const repository = { storageName: "default", relativePath };
      rows.push({
        rpc: "RefService/FindAllBranches",
        repo: label,
        request: "all branches with their commits",
        hgCases: ["rpc:branches", "rpc:heads-json"],
        outcome: await row(budget, () =>
          drain(
            ref.findAllBranches({ repository }),
            (m) => (m as { branches: unknown[] }).branches.length,
          )),
      });
      rows.push(
        await bytesOnlyRow(
          "FindAllBranches",
          label,
          toBinary(
            FindAllBranchesRequestSchema,
            create(FindAllBranchesRequestSchema, { repository }),
          ),
        ),
      );
      const listRefsRequest = {
        repository,
        head: true,
        patterns: [encoder.encode("refs/heads/"), encoder.encode("refs/tags/")],
      };
      rows.push({
        rpc: "RefService/ListRefs",
        repo: label,
        request: "refs/heads/ + refs/tags/, HEAD",
        hgCases: ["rpc:branches+tags"],
        outcome: await row(budget, () =>
          drain(
            ref.listRefs(listRefsRequest),
            (m) => (m as { references: unknown[] }).references.length,
          )),
      });
      rows.push(
        await bytesOnlyRow(
          "ListRefs",
          label,
          toBinary(ListRefsRequestSchema, create(ListRefsRequestSchema, listRefsRequest)),
        ),
      );
      rows.push({
        rpc: "RefService/FindTag",
        repo: label,
        request: `tag ${options.tag}`,
        hgCases: ["rpc:tags"],
        outcome: await row(budget, async () => {
          const res = await ref.findTag({ repository, tagName: encoder.encode(options.tag) });
          return res.tag?.targetCommit ? 1 : 0;
        }),
      });
    }
    const repository = { storageName: "default", relativePath: options.repos[0].relativePath };
    const concurrency = 8;
    const tputRows: ThroughputRow[] = [
      {
        rpc: "ServerService/ServerInfo",
        concurrency,
        callsPerSecond: await throughput(
          options.throughputSeconds,
          concurrency,
          () => serverClient.serverInfo({}),
        ),
      },
      {
        rpc: `RefService/FindTag (${options.repos[0].label})`,
        concurrency,
        callsPerSecond: await throughput(
          options.throughputSeconds,
          concurrency,
          () => ref.findTag({ repository, tagName: encoder.encode(options.tag) }),
        ),
      },
    ];
    return { rows, throughput: tputRows };
  } finally {
    serverClient.close();
    health.close();
    ref.close();
    raw.close();
  }
}

/** The hg cases the RPC rows are compared with (hg's own answers to the same questions). */
export const RPC_HG_CASES = [
  { name: "rpc:branches", samples: [[["branches"]]] },
  { name: "rpc:tags", samples: [[["tags"]]] },
  { name: "rpc:branches+tags", samples: [[["branches"], ["tags"]]] },
  // What FindAllBranches answers, in hg terms: every head with its changeset.
  { name: "rpc:heads-json", samples: [[["log", "-r", "heads(all())", "-T", "json"]]] },
] as const;

/** hg command line shown for an RPC hg case. */
export const RPC_HG_LABELS: Readonly<Record<string, string>> = {
  "rpc:branches": "hg branches",
  "rpc:tags": "hg tags",
  "rpc:branches+tags": "hg branches; hg tags",
  "rpc:heads-json": "hg log -r 'heads(all())' -T json",
};
