/** gitaly.RepositoryService, assembled from handler families. */
import { RepositoryService } from "../../gen/gitaly/repository_pb.ts";
import { bindService, type ServiceBinding } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { checksumHandlers } from "./checksum.ts";
import { customHooksHandlers } from "./custom-hooks.ts";
import { existenceHandlers } from "./existence.ts";
import { getArchiveHandlers } from "./get-archive.ts";
import { findLicenseHandlers } from "./find-license.ts";
import { fsckHandlers } from "./fsck.ts";
import { objectsSizeHandlers } from "./objects-size.ts";
import { rawChangesHandlers } from "./raw-changes.ts";
import { refReadHandlers } from "./ref-reads.ts";
import { repositoryConfigHandlers } from "./repository-config.ts";
import { searchFilesHandlers } from "./search-files.ts";
import { sizeHandlers } from "./size.ts";

/** Binds RepositoryService for the given environment. */
export function repositoryService(env: ServiceEnv): ServiceBinding {
  return bindService(RepositoryService, {
    ...existenceHandlers(env),
    ...getArchiveHandlers(env),
    ...refReadHandlers(env),
    ...sizeHandlers(env),
    ...searchFilesHandlers(env),
    ...findLicenseHandlers(env),
    ...repositoryConfigHandlers(env),
    ...checksumHandlers(env),
    ...fsckHandlers(env),
    ...customHooksHandlers(env),
    ...objectsSizeHandlers(env),
    ...rawChangesHandlers(env),
  });
}
