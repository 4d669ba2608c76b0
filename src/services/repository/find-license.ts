/**
 * RepositoryService.FindLicense: the license at the root of the default branch head (`HEAD`),
 * identified against SPDX's reference texts (see gitlab/license). No default branch or no
 * license file gives an empty answer.
 */
import type { RepositoryService } from "../../gen/gitaly/repository_pb.ts";
import { findLicense, licensePathString } from "../../gitlab/license/find-license.ts";
import { resolveRevision } from "../../gitlab/resolve-revision.ts";
import { NULL_REV } from "../../hg/node.ts";
import { openGitLabRepository, withGitLabState } from "../gitlab-access.ts";
import type { ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";

/** FindLicense. */
export function findLicenseHandlers(env: ServiceEnv): ServiceImpl<typeof RepositoryService> {
  return {
    async findLicense(req) {
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      const rev = withGitLabState(() => resolveRevision(repo, "HEAD", refs));
      if (rev === undefined || rev === NULL_REV) return {};
      const found = await findLicense(repo, rev);
      if (found === undefined) return {};
      return {
        licenseShortName: found.shortName,
        licenseName: found.name,
        licenseUrl: found.url,
        licensePath: licensePathString(found.path),
        licenseNickname: found.nickname,
      };
    },
  };
}
