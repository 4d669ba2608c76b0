/**
 * FindCommit: the commit a revision resolves to. An unknown revision (and the null changeset)
 * answers an empty response, as Gitaly does; a malformed one INVALID_ARGUMENT.
 */
import { type CommitService, FindCommitResponseSchema } from "../../gen/gitaly/commit_pb.ts";
import { NULL_REV } from "../../hg/node.ts";
import { bytesToByteString } from "../../hg/byte-string.ts";
import { decoratedCommit } from "../../gitlab/decorated-commit.ts";
import { gitCommitBytes } from "../../gitlab/git-commit.ts";
import { WireWriter } from "../../gitlab/wire-writer.ts";
import { resolveRevision } from "../../gitlab/resolve-revision.ts";
import { EncodedMessage } from "../encoded-message.ts";
import { withGitLabState } from "../gitlab-access.ts";
import { openRequestRepository } from "../repository-access.ts";
import type { ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { requireValidRevision } from "./history-errors.ts";

/** FindCommit handler. */
export function findCommitHandlers(env: ServiceEnv): ServiceImpl<typeof CommitService> {
  return {
    async findCommit(req) {
      const revision = bytesToByteString(req.revision);
      const repo = await openRequestRepository(env, req.repository);
      requireValidRevision(revision);
      // Refs are loaded by the resolution only if the revision is symbolic.
      const rev = withGitLabState(() => resolveRevision(repo, revision));
      if (rev === undefined || rev === NULL_REV) return {};
      if (!req.trailers) {
        // The plain commit, from the cache of encodings (built once per node).
        const commit = gitCommitBytes(repo.changelog, rev);
        const writer = new WireWriter(commit.length + 8);
        writer.bytes(FindCommitResponseSchema.field.commit.number, commit);
        return new EncodedMessage(FindCommitResponseSchema, writer.finish());
      }
      return {
        commit: decoratedCommit(repo.changelog, repo.changelog.read(rev), {
          trailers: req.trailers,
        }),
      };
    },
  };
}
