/**
 * FilterShasWithSignatures and GetCommitSignatures. Mercurial changesets carry no Git (GPG,
 * SSH or X.509) signatures, so the truthful Gitaly-compatible answer is "no signature": the
 * filter keeps no id and no signature is streamed. HGitaly answers UNIMPLEMENTED here
 * (issue 24), which GitLab reports as an error; an empty answer lets it simply show commits
 * as unsigned. The repository is still checked like in every RPC.
 */
import type { CommitService } from "../../gen/gitaly/commit_pb.ts";
import { openRequestRepository } from "../repository-access.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";

const FULL_HEX = /^[0-9a-fA-F]{40}$/;

/** Signature RPC handlers. */
export function commitSignaturesHandlers(env: ServiceEnv): ServiceImpl<typeof CommitService> {
  return {
    async *filterShasWithSignatures(reqs) {
      let checked = false;
      for await (const req of reqs) {
        if (!checked) await openRequestRepository(env, req.repository);
        checked = true;
        yield { shas: [] };
      }
    },

    async *getCommitSignatures(req) {
      await openRequestRepository(env, req.repository);
      if (req.commitIds.length === 0) {
        throw new RpcError(Code.INVALID_ARGUMENT, "empty CommitIds");
      }
      for (const id of req.commitIds) {
        if (!FULL_HEX.test(id)) {
          throw new RpcError(Code.INVALID_ARGUMENT, `invalid object ID: ${JSON.stringify(id)}`);
        }
      }
      yield* []; // no changeset has a signature
    },
  };
}
