/** gitaly.DiffService, assembled from handler families. */
import { DiffService } from "../../gen/gitaly/diff_pb.ts";
import { bindService, type ServiceBinding } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { commitDeltaHandlers } from "./commit-delta.ts";
import { commitDiffHandlers } from "./commit-diff.ts";
import { diffBlobsHandlers } from "./diff-blobs.ts";
import { diffStatsHandlers } from "./diff-stats.ts";
import { findChangedPathsHandlers } from "./find-changed-paths.ts";
import { getPatchIdHandlers } from "./get-patch-id.ts";
import { rangeDiffHandlers } from "./range-diff.ts";
import { rawDiffHandlers } from "./raw-diff.ts";
import { rawPatchHandlers } from "./raw-patch.ts";

/** Binds DiffService for the given environment. */
export function diffService(env: ServiceEnv): ServiceBinding {
  return bindService(DiffService, {
    ...commitDiffHandlers(env),
    ...commitDeltaHandlers(env),
    ...rawDiffHandlers(env),
    ...rawPatchHandlers(env),
    ...diffStatsHandlers(env),
    ...findChangedPathsHandlers(env),
    ...getPatchIdHandlers(env),
    ...rangeDiffHandlers(env),
    ...diffBlobsHandlers(env),
  });
}
