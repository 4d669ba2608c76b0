/** RepositoryService RPCs about a repository's existence and format. */
import type { ServiceImpl } from "../rpc.ts";
import type { RepositoryService } from "../../gen/gitaly/repository_pb.ts";
import { ObjectFormat } from "../../gen/gitaly/shared_pb.ts";
import { repositoryExists } from "../../config/repository-exists.ts";
import { openRequestRepository, repositoryPath } from "../repository-access.ts";
import type { ServiceEnv } from "../service-env.ts";

/** RepositoryExists and ObjectFormat. */
export function existenceHandlers(env: ServiceEnv): ServiceImpl<typeof RepositoryService> {
  return {
    async repositoryExists(req) {
      // A missing repository is an answer here, not an error; bad addressing still is.
      return { exists: await repositoryExists(await repositoryPath(env, req.repository)) };
    },
    async objectFormat(req) {
      // Opening checks existence and that we can read its format.
      await openRequestRepository(env, req.repository);
      // Mercurial node ids are SHA-1 based, and GitLab sees them as commit ids.
      return { format: ObjectFormat.SHA1 };
    },
  };
}
