/** The commit history RPCs of CommitService, assembled from one module per RPC or family. */
import type { CommitService } from "../../gen/gitaly/commit_pb.ts";
import type { ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { checkObjectsExistHandlers } from "./check-objects-exist.ts";
import { commitLookupHandlers } from "./commit-lookups.ts";
import { commitMessagesHandlers } from "./commit-messages.ts";
import { commitSignaturesHandlers } from "./commit-signatures.ts";
import { countCommitsHandlers } from "./count-commits.ts";
import { findCommitHandlers } from "./find-commit.ts";
import { findCommitsHandlers } from "./find-commits.ts";
import { lastCommitHandlers } from "./last-commit-for-path.ts";
import { listCommitsHandlers } from "./list-commits.ts";

/** Every history RPC handler. */
export function commitHistoryHandlers(env: ServiceEnv): ServiceImpl<typeof CommitService> {
  return {
    ...findCommitHandlers(env),
    ...commitLookupHandlers(env),
    ...countCommitsHandlers(env),
    ...lastCommitHandlers(env),
    ...findCommitsHandlers(env),
    ...listCommitsHandlers(env),
    ...commitMessagesHandlers(env),
    ...checkObjectsExistHandlers(env),
    ...commitSignaturesHandlers(env),
  };
}
