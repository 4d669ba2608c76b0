/** RepositoryService.CalculateChecksum over the GitLab refs (see gitlab/refs-checksum). */
import type { RepositoryService } from "../../gen/gitaly/repository_pb.ts";
import { refsChecksum } from "../../gitlab/refs-checksum.ts";
import { openGitLabRepository } from "../gitlab-access.ts";
import type { ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";

/** CalculateChecksum. */
export function checksumHandlers(env: ServiceEnv): ServiceImpl<typeof RepositoryService> {
  return {
    async calculateChecksum(req) {
      const { refs } = await openGitLabRepository(env, req.repository);
      return { checksum: refsChecksum(refs) };
    },
  };
}
