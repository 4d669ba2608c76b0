/**
 * RepositoryService size reports. RepositorySize is the KiB `du -sk` gives for `.hg`.
 * RepositoryInfo maps Git's notions onto Mercurial's: objects are the store's revlogs and
 * other store files; references are the GitLab state files (like packed refs, never loose).
 */
import type { RepositoryService } from "../../gen/gitaly/repository_pb.ts";
import { openRequestRepository } from "../repository-access.ts";
import type { ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { diskUsage } from "./disk-usage.ts";

/** RepositorySize and RepositoryInfo. */
export function sizeHandlers(env: ServiceEnv): ServiceImpl<typeof RepositoryService> {
  return {
    async repositorySize(req) {
      const repo = await openRequestRepository(env, req.repository);
      const { blocks } = await diskUsage(repo.hgDir);
      return { size: BigInt(Math.ceil(blocks / 2)) };
    },

    async repositoryInfo(req) {
      const repo = await openRequestRepository(env, req.repository);
      const total = await diskUsage(repo.hgDir);
      const isState = (name: string) => name.startsWith("gitlab.");
      const objects = await diskUsage(repo.storeDir, (name) => !isState(name));
      const states = await diskUsage(repo.storeDir, isState);
      return {
        size: BigInt(total.bytes),
        references: { looseCount: 0n, packedSize: BigInt(states.bytes) },
        objects: {
          size: BigInt(objects.bytes),
          recentSize: BigInt(objects.bytes),
          staleSize: 0n,
          keepSize: 0n,
        },
      };
    },
  };
}
