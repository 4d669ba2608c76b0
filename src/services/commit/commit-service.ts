/** gitaly.CommitService, assembled from handler families (one module per RPC or family). */
import { CommitService } from "../../gen/gitaly/commit_pb.ts";
import { bindService, type ServiceBinding } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { commitHistoryHandlers } from "./history-handlers.ts";
import { commitStatsHandlers } from "./commit-stats.ts";
import { rawBlameHandlers } from "./raw-blame.ts";
import { commitLanguagesHandlers } from "./commit-languages.ts";
import { treeEntryHandlers } from "./tree-entry.ts";
import { listFilesHandlers } from "./list-files.ts";
import { getTreeEntriesHandlers } from "./get-tree-entries.ts";

/** Binds CommitService for the given environment. */
export function commitService(env: ServiceEnv): ServiceBinding {
  return bindService(CommitService, {
    ...commitHistoryHandlers(env),
    ...commitStatsHandlers(env),
    ...rawBlameHandlers(env),
    ...commitLanguagesHandlers(env),
    ...treeEntryHandlers(env),
    ...listFilesHandlers(env),
    ...getTreeEntriesHandlers(env),
    // Handler families are spread in here, e.g. `...findCommitHandlers(env),`.
  });
}
