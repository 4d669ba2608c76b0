/**
 * RepositoryService reads and writes of per-repository settings files.
 *
 * GetConfig streams the repository's `.hg/hgrc` (Gitaly streams the Git config file); without
 * one, the stream is empty. SetFullPath/FullPath keep the GitLab project path in
 * `.hg/gitlab.project_full_path` like HGitaly (Gitaly keeps `gitlab.fullpath` in the Git
 * config): the file holds the path's UTF-8 bytes, replaced atomically (temporary file then
 * rename), not part of the store. An unset path answers INTERNAL, as `git config` failing does.
 */
import type { RepositoryService } from "../../gen/gitaly/repository_pb.ts";
import { dataChunks } from "../data-chunks.ts";
import { openRequestRepository } from "../repository-access.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";

/** Name of the full path file in `.hg`, as HGitaly names it. */
export const FULL_PATH_FILE = "gitlab.project_full_path";

async function readIfExists(path: string): Promise<Uint8Array | undefined> {
  try {
    return await Deno.readFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw err;
  }
}

/** GetConfig, SetFullPath and FullPath. */
export function repositoryConfigHandlers(
  env: ServiceEnv,
): ServiceImpl<typeof RepositoryService> {
  return {
    async *getConfig(req) {
      const repo = await openRequestRepository(env, req.repository);
      const data = await readIfExists(`${repo.hgDir}/hgrc`);
      if (data === undefined || data.length === 0) return;
      for (const chunk of dataChunks(data)) yield { data: chunk };
    },

    async setFullPath(req) {
      const repo = await openRequestRepository(env, req.repository);
      if (req.path === "") throw new RpcError(Code.INVALID_ARGUMENT, "no path provided");
      const target = `${repo.hgDir}/${FULL_PATH_FILE}`;
      const tmp = `${target}.tmp-${crypto.randomUUID()}`;
      try {
        await Deno.writeFile(tmp, new TextEncoder().encode(req.path));
        await Deno.rename(tmp, target);
      } catch (err) {
        await Deno.remove(tmp).catch(() => {});
        throw new RpcError(Code.INTERNAL, `setting config: ${String(err)}`);
      }
      return {};
    },

    async fullPath(req) {
      const repo = await openRequestRepository(env, req.repository);
      const data = await readIfExists(`${repo.hgDir}/${FULL_PATH_FILE}`);
      if (data === undefined || data.length === 0) {
        throw new RpcError(Code.INTERNAL, "fetch config: full path not set");
      }
      return { path: new TextDecoder().decode(data) };
    },
  };
}
