/**
 * CommitService, BlobService, DiffService and RepositoryService rows: the real server on a
 * temporary unix socket (one call in flight), next to hg through its command server (cases
 * returned by servicesHgCases, timed by the caller) and to `git` on the Git export of the same
 * history (bench/extras-repo.ts), spawned once per call (`git --git-dir=<export> ...`, after a
 * warm-up, so with a warm page cache; the spawn is included and measured on its own as the git
 * floor). Each row also checks once that dhgitaly and git give the same answer.
 */
import { Buffer } from "node:buffer";
import { BlobService } from "../src/gen/gitaly/blob_pb.ts";
import { CommitService } from "../src/gen/gitaly/commit_pb.ts";
import { DiffService } from "../src/gen/gitaly/diff_pb.ts";
import { RepositoryService } from "../src/gen/gitaly/repository_pb.ts";
import { ServerService } from "../src/gen/gitaly/server_pb.ts";
import { Health } from "../src/gen/grpc/health/v1/health_pb.ts";
import { createClient } from "../tests/support/grpc-client.ts";
import { startServerProcess } from "./server-process.ts";
import type { Extras } from "./extras-repo.ts";
import type { HgCase } from "./hg-timings.ts";
import { type Budget, measure, type Stats, statsOf } from "./stats.ts";

/** A target of a service row. */
export interface ServiceTarget {
  /** Minimal speed-up over the faster hg. */
  readonly vsHg?: number;
  /** Maximal ratio to the framework floor (ServerInfo, as the issues define it). */
  readonly vsFloor?: number;
  /** Maximal ratio to git (spawn included). */
  readonly vsGit?: number;
}

/** How a row went. */
export type ServiceOutcome =
  | { readonly kind: "ok"; readonly stats: Stats; readonly answer: string }
  | { readonly kind: "error"; readonly message: string };

/** A git command timed for a row. */
export interface GitTiming {
  /** Command line shown. */
  readonly label: string;
  /** Per-call timings (spawn included), or the failure. */
  readonly stats?: Stats;
  /** The answer digest of its output (compared with ours). */
  readonly answer?: string;
  readonly error?: string;
}

/** One measured row. */
export interface ServiceRow {
  /** Table it belongs to. */
  readonly group: string;
  readonly rpc: string;
  readonly request: string;
  readonly outcome: ServiceOutcome;
  /** Key of the hg case (see servicesHgCases) and its command line. */
  readonly hgCase?: string;
  readonly hgLabel?: string;
  readonly git?: GitTiming;
  readonly target?: ServiceTarget;
}

/** Everything the services benchmark measured. */
export interface ServicesResults {
  readonly rows: ServiceRow[];
  /** Health/Check (empty unary) and ServerInfo in the same server. */
  readonly health: Stats;
  readonly serverInfo: Stats;
  /** `git --git-dir=<export> rev-parse HEAD`: spawn and repository discovery. */
  readonly gitFloor: Stats;
}

/** One case to measure. */
interface Case {
  readonly group: string;
  readonly rpc: string;
  readonly request: string;
  /** One call; returns the answer digest. */
  readonly call: (i: number) => Promise<string>;
  readonly hgCase?: string;
  readonly git?: {
    /** Arguments after `git --git-dir=<export>`, per call index. */
    readonly args: (i: number) => string[];
    /** Command line shown (default: the arguments of the first call, ids shortened). */
    readonly label?: string;
    /** Answer digest of git's output (undefined: not compared). */
    readonly answer?: (stdout: Uint8Array) => string;
  };
  readonly target?: ServiceTarget;
}

/** Table names, in report order. */
export const GROUPS = {
  findCommit: "CommitService/FindCommit",
  blob: "BlobService/GetBlob",
  tree: "CommitService/GetTreeEntries",
  history: "CommitService history: CountCommits, LastCommitForPath, FindCommits",
  issue5: "CommitDiff and SearchFilesByContent",
} as const;

/** The hg cases, with the command line shown for each. */
export function servicesHgCases(
  extras: Extras,
  sampleNodes: readonly string[],
): { cases: HgCase[]; labels: Record<string, string> } {
  const tip = extras.defaultTip;
  const short = tip.slice(0, 12);
  const log = (rev: string, limit: string[], tpl: string, path: string) => [
    "log",
    ...limit,
    "-r",
    rev,
    "-T",
    tpl,
    "--",
    path,
  ];
  const cases: HgCase[] = [
    { name: "svc:findcommit", samples: sampleNodes.map((n) => [["log", "-r", n, "-T", "json"]]) },
    { name: "svc:cat3k", samples: [[["cat", "-r", tip, extras.blob3k]]] },
    { name: "svc:cat20m", samples: [[["cat", "-r", extras.bigNode, extras.bigPath]]] },
    { name: "svc:manifest", samples: [[["manifest", "-r", tip]]] },
    { name: "svc:count", samples: [[["log", "-r", `ancestors(${tip})`, "-T", "{rev}\n"]]] },
    {
      name: "svc:last-file",
      samples: [[log(`reverse(::${tip})`, ["-l", "1"], "json", extras.hotFile)]],
    },
    {
      name: "svc:last-dir",
      samples: [[log(`reverse(::${tip})`, ["-l", "1"], "json", extras.hotDir)]],
    },
    {
      name: "svc:find-commits",
      samples: [[log(`reverse(::${tip})`, ["-l", "20"], "json", extras.hotFile)]],
    },
    { name: "svc:diff", samples: [[["diff", "--git", "-c", extras.wideNode]]] },
    {
      name: "svc:grep",
      samples: [[["grep", "--all-files", "-r", tip, "-i", "-n", extras.word]]],
    },
  ];
  const labels: Record<string, string> = {
    "svc:findcommit": "hg log -r NODE -T json",
    "svc:cat3k": `hg cat -r ${short} ${extras.blob3k}`,
    "svc:cat20m": `hg cat -r ${extras.bigNode.slice(0, 12)} ${extras.bigPath}`,
    "svc:manifest": `hg manifest -r ${short}`,
    "svc:count": `hg log -r 'ancestors(${short})' -T '{rev}\\n'`,
    "svc:last-file": `hg log -l 1 -r 'reverse(::${short})' -T json -- FILE`,
    "svc:last-dir": `hg log -l 1 -r 'reverse(::${short})' -T json -- DIR`,
    "svc:find-commits": `hg log -l 20 -r 'reverse(::${short})' -T json -- FILE`,
    "svc:diff": `hg diff --git -c ${extras.wideNode.slice(0, 12)}`,
    "svc:grep": `hg grep --all-files -r ${short} -i -n ${extras.word}`,
  };
  return { cases, labels };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function errorOf(err: unknown): string {
  const e = err as { code?: unknown; details?: unknown; message?: unknown };
  const text = typeof e.details === "string" ? e.details : String(e.message ?? err);
  return e.code === undefined ? text : `code ${String(e.code)}: ${text}`;
}

async function timed(budget: Budget, call: (i: number) => Promise<string>) {
  let answer = "";
  try {
    answer = await call(0);
    const samples = await measure(budget, async (i) => {
      answer = await call(i);
    });
    return { kind: "ok", stats: statsOf(samples), answer } as const;
  } catch (err) {
    return { kind: "error", message: errorOf(err) } as const;
  }
}

async function git(gitDir: string, args: string[]): Promise<Uint8Array> {
  const out = await new Deno.Command("git", {
    args: ["--git-dir", gitDir, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(`git ${args.join(" ")}: ${decoder.decode(out.stderr)}`);
  return out.stdout;
}

/** Lines of `out` (without the final newline). */
function lines(out: Uint8Array): string[] {
  const text = decoder.decode(out);
  return text === "" ? [] : text.replace(/\n$/, "").split("\n");
}

/** Git commit ids of `git log --pretty=raw` output. */
function rawCommits(out: Uint8Array): string {
  return lines(out).filter((l) => l.startsWith("commit ")).map((l) => l.slice(7)).join(",");
}

/** Parameters of the services benchmark. */
export interface ServicesBenchOptions {
  readonly storageRoot: string;
  readonly extras: Extras;
  /** Hex node -> Git id of the exported changesets. */
  readonly gitIds: ReadonlyMap<string, string>;
  /** Changesets FindCommit reads, one per call (exported ones, so that git reads them too). */
  readonly sampleNodes: readonly string[];
  readonly budget: Budget;
  readonly gitBudget: Budget;
}

/** Starts the server, measures every row (ours, then git) and stops the server. */
export async function runServicesBench(options: ServicesBenchOptions): Promise<ServicesResults> {
  const { extras, gitIds, sampleNodes } = options;
  await using server = await startServerProcess(options.storageRoot);
  const commit = createClient(CommitService, server.address);
  const blob = createClient(BlobService, server.address);
  const diff = createClient(DiffService, server.address);
  const repoService = createClient(RepositoryService, server.address);
  const health = createClient(Health, server.address);
  const serverService = createClient(ServerService, server.address);
  const repository = { storageName: "default", relativePath: extras.relativePath };
  const tip = extras.defaultTip;
  const toGit = (node: string | undefined) => gitIds.get(node ?? "") ?? `unexported:${node}`;
  const blobOid = (node: string, path: string) =>
    `${node}_${Buffer.from(path, "latin1").toString("base64")}`;
  const getBlob = async (oid: string) => {
    let size = 0;
    for await (const m of blob.getBlob({ repository, oid, limit: -1n })) size += m.data.length;
    return String(size);
  };
  const lastCommit = async (path: string) => {
    const res = await commit.lastCommitForPath({
      repository,
      revision: encoder.encode(tip),
      path: encoder.encode(path),
    });
    return toGit(res.commit?.id);
  };
  const lastCommitGit = (path: string) => (_: number) => [
    "log",
    "-1",
    "--pretty=raw",
    extras.defaultTipGit,
    "--",
    path,
  ];

  const cases: Case[] = [
    {
      group: GROUPS.findCommit,
      rpc: "CommitService/FindCommit",
      request: "a different public changeset per call (hex node)",
      call: async (i) => {
        const node = sampleNodes[i % sampleNodes.length];
        const res = await commit.findCommit({ repository, revision: encoder.encode(node) });
        return toGit(res.commit?.id);
      },
      hgCase: "svc:findcommit",
      git: {
        args: (i) => ["cat-file", "commit", toGit(sampleNodes[i % sampleNodes.length])],
        label: "git cat-file commit SHA",
      },
      target: { vsHg: 6, vsFloor: 1.3 },
    },
    {
      group: GROUPS.blob,
      rpc: "BlobService/GetBlob",
      request: `${extras.blob3k} (${extras.blob3kBytes.toLocaleString("en-US")} bytes)`,
      call: () => getBlob(blobOid(tip, extras.blob3k)),
      hgCase: "svc:cat3k",
      git: { args: () => ["cat-file", "blob", extras.blob3kGit], answer: (o) => String(o.length) },
      target: { vsGit: 1 },
    },
    {
      group: GROUPS.blob,
      rpc: "BlobService/GetBlob",
      request: `${extras.bigPath} (${extras.bigBytes.toLocaleString("en-US")} bytes)`,
      call: () => getBlob(blobOid(extras.bigNode, extras.bigPath)),
      hgCase: "svc:cat20m",
      git: { args: () => ["cat-file", "blob", extras.bigBlobGit], answer: (o) => String(o.length) },
      target: { vsGit: 1 },
    },
    {
      group: GROUPS.tree,
      rpc: "CommitService/GetTreeEntries",
      request: "recursive, root of the default tip (entries counted)",
      call: async () => {
        let n = 0;
        for await (
          const m of commit.getTreeEntries({
            repository,
            revision: encoder.encode(tip),
            path: encoder.encode("."),
            recursive: true,
          })
        ) n += m.entries.length;
        return String(n);
      },
      hgCase: "svc:manifest",
      git: {
        args: () => ["ls-tree", "-r", "-t", extras.defaultTipGit],
        answer: (o) => String(lines(o).length),
      },
    },
    {
      group: GROUPS.history,
      rpc: "CommitService/CountCommits",
      request: "HEAD (every ancestor of the default tip)",
      call: async () =>
        String((await commit.countCommits({ repository, revision: encoder.encode("HEAD") })).count),
      hgCase: "svc:count",
      git: { args: () => ["rev-list", "--count", "HEAD"], answer: (o) => lines(o)[0] ?? "" },
      target: { vsGit: 3 },
    },
    {
      group: GROUPS.history,
      rpc: "CommitService/LastCommitForPath",
      request: `file ${extras.hotFile} (${extras.hotFileChanges} changes in history)`,
      call: () => lastCommit(extras.hotFile),
      hgCase: "svc:last-file",
      git: { args: lastCommitGit(extras.hotFile), answer: rawCommits },
      target: { vsGit: 3 },
    },
    {
      group: GROUPS.history,
      rpc: "CommitService/LastCommitForPath",
      request: `directory ${extras.hotDir}`,
      call: () => lastCommit(extras.hotDir),
      hgCase: "svc:last-dir",
      git: { args: lastCommitGit(extras.hotDir), answer: rawCommits },
      target: { vsGit: 3 },
    },
    {
      group: GROUPS.history,
      rpc: "CommitService/FindCommits",
      request: `path ${extras.hotFile}, limit 20`,
      call: async () => {
        const ids: string[] = [];
        for await (
          const m of commit.findCommits({
            repository,
            revision: encoder.encode(tip),
            paths: [encoder.encode(extras.hotFile)],
            limit: 20,
          })
        ) ids.push(...m.commits.map((c) => toGit(c.id)));
        return ids.join(",");
      },
      hgCase: "svc:find-commits",
      git: {
        args: () => ["log", "-n", "20", "--pretty=raw", extras.defaultTipGit, "--", extras.hotFile],
        answer: rawCommits,
      },
      target: { vsGit: 3 },
    },
    {
      group: GROUPS.issue5,
      rpc: "DiffService/CommitDiff",
      request: `${
        extras.wideFiles.toLocaleString("en-US")
      } files changed, no limits (files counted)`,
      call: async () => {
        let files = 0;
        for await (
          const m of diff.commitDiff({
            repository,
            leftCommitId: extras.bigNode,
            rightCommitId: extras.wideNode,
          })
        ) if (m.endOfPatch) files++;
        return String(files);
      },
      hgCase: "svc:diff",
      git: {
        args: () => [
          "diff",
          "--full-index",
          "--find-renames",
          extras.bigNodeGit,
          extras.wideNodeGit,
        ],
        answer: (o) => String(lines(o).filter((l) => l.startsWith("diff --git ")).length),
      },
    },
    {
      group: GROUPS.issue5,
      rpc: "RepositoryService/SearchFilesByContent",
      request: `"${extras.word}" at the default tip (match blocks counted)`,
      call: async () => {
        let blocks = 0;
        for await (
          const m of repoService.searchFilesByContent({
            repository,
            query: extras.word,
            ref: encoder.encode(tip),
            chunkedResponse: true,
          })
        ) if (m.endOfMatch) blocks++;
        return String(blocks);
      },
      hgCase: "svc:grep",
      git: {
        args: () => [
          "grep",
          "--ignore-case",
          "-I",
          "--line-number",
          "--null",
          "--before-context",
          "2",
          "--after-context",
          "2",
          "--perl-regexp",
          "-e",
          extras.word,
          extras.defaultTipGit,
        ],
        // Blocks are separated by `--` lines.
        answer: (o) => {
          const all = lines(o);
          return all.length === 0 ? "0" : String(all.filter((l) => l === "--").length + 1);
        },
      },
    },
  ];

  try {
    const floor = async (call: () => Promise<unknown>) => {
      const o = await timed(options.budget, async () => String(await call()));
      if (o.kind === "error") throw new Error(o.message);
      return o.stats;
    };
    const healthStats = await floor(() => health.check({}));
    const serverInfo = await floor(() => serverService.serverInfo({}));
    const ours = [];
    for (const c of cases) {
      console.error(`  ${c.rpc}: ${c.request}`);
      ours.push(await timed(options.budget, c.call));
    }
    const gitFloor = statsOf(
      await measure(options.gitBudget, () => git(extras.gitDir, ["rev-parse", "HEAD"])),
    );
    const rows: ServiceRow[] = [];
    for (const [k, c] of cases.entries()) {
      rows.push({
        group: c.group,
        rpc: c.rpc,
        request: c.request,
        outcome: ours[k],
        hgCase: c.hgCase,
        git: c.git ? await gitTiming(extras.gitDir, c.git, options.gitBudget) : undefined,
        target: c.target,
      });
    }
    return { rows, health: healthStats, serverInfo, gitFloor };
  } finally {
    for (const client of [commit, blob, diff, repoService, health, serverService]) client.close();
  }
}

async function gitTiming(
  gitDir: string,
  spec: NonNullable<Case["git"]>,
  budget: Budget,
): Promise<GitTiming> {
  const first = spec.args(0);
  const label = spec.label ??
    `git ${first.join(" ")}`.replace(/\b([0-9a-f]{12})[0-9a-f]{28}\b/g, "$1");
  try {
    const out = await git(gitDir, first);
    const samples = await measure(budget, (i) => git(gitDir, spec.args(i)));
    return { label, stats: statsOf(samples), answer: spec.answer?.(out) };
  } catch (err) {
    return { label, error: errorOf(err) };
  }
}
