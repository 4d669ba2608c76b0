/**
 * GetCommitMessages: the full description of each requested commit, streamed as its id
 * followed by the message in 128 KiB chunks. An unknown commit fails the call with INTERNAL,
 * as Gitaly's failing object read does.
 */
import type { CommitService } from "../../gen/gitaly/commit_pb.ts";
import { byteStringToBytes } from "../../hg/byte-string.ts";
import { NULL_REV } from "../../hg/node.ts";
import { resolveRevision } from "../../gitlab/resolve-revision.ts";
import { dataChunks } from "../data-chunks.ts";
import { openGitLabRepository, withGitLabState } from "../gitlab-access.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";

/** GetCommitMessages handler. */
export function commitMessagesHandlers(env: ServiceEnv): ServiceImpl<typeof CommitService> {
  return {
    async *getCommitMessages(req) {
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      for (const commitId of req.commitIds) {
        const rev = withGitLabState(() => resolveRevision(repo, commitId, refs));
        if (rev === undefined || rev === NULL_REV) {
          throw new RpcError(Code.INTERNAL, "failed to get commit message: object not found");
        }
        const message = byteStringToBytes(repo.changelog.read(rev).description);
        let first = true;
        for (const chunk of dataChunks(message)) {
          yield first ? { commitId, message: chunk } : { message: chunk };
          first = false;
        }
      }
    },
  };
}
