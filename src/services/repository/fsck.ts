/**
 * RepositoryService.Fsck: runs `hg verify` on the repository, isolated from any configuration
 * (HGPLAIN, empty HGRCPATH, HGRCSKIPREPO), and answers its output as the error when it fails;
 * an empty error means the repository is healthy.
 */
import type { RepositoryService } from "../../gen/gitaly/repository_pb.ts";
import { openRequestRepository } from "../repository-access.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";

/** Runs `hg verify` in `root`; undefined when healthy, else what hg reported. */
async function hgVerify(
  hg: string,
  root: string,
  signal: AbortSignal,
): Promise<Uint8Array | undefined> {
  const out = await new Deno.Command(hg, {
    args: ["--repository", root, "verify"],
    cwd: root,
    clearEnv: true,
    env: {
      HGPLAIN: "1",
      HGRCPATH: "",
      HGRCSKIPREPO: "1",
      HGENCODING: "utf-8",
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal,
  }).output();
  if (signal.aborted) throw new RpcError(Code.CANCELLED, "hg verify cancelled");
  if (out.success) return undefined;
  const report = new Uint8Array(out.stderr.length + out.stdout.length);
  report.set(out.stderr);
  report.set(out.stdout, out.stderr.length);
  return report;
}

/** Fsck. */
export function fsckHandlers(env: ServiceEnv): ServiceImpl<typeof RepositoryService> {
  return {
    async fsck(req, ctx) {
      const repo = await openRequestRepository(env, req.repository);
      const error = await hgVerify(env.hgExecutable, repo.root, ctx.signal);
      return error === undefined ? {} : { error };
    },
  };
}
