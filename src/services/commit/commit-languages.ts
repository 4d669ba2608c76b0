/**
 * CommitLanguages: language statistics of the files of a revision (the default branch when
 * the revision is empty), by Linguist's rules (see gitlab/languages). An unresolvable
 * revision answers INTERNAL `looking up revision: ...`, as Gitaly does. The `tokei`
 * executable HGitaly can be configured with is not used.
 */
import type { CommitService } from "../../gen/gitaly/commit_pb.ts";
import { bytesToByteString } from "../../hg/byte-string.ts";
import { NULL_REV } from "../../hg/node.ts";
import { languageStats } from "../../gitlab/languages/language-stats.ts";
import { resolveRevision } from "../../gitlab/resolve-revision.ts";
import { openGitLabRepository, withGitLabState } from "../gitlab-access.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { validateRevision } from "./history-errors.ts";

/** CommitLanguages handler. */
export function commitLanguagesHandlers(env: ServiceEnv): ServiceImpl<typeof CommitService> {
  return {
    async commitLanguages(req) {
      const revision = bytesToByteString(req.revision);
      if (req.repository) validateRevision(revision, true);
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      const rev = withGitLabState(() => resolveRevision(repo, revision || "HEAD", refs));
      if (rev === undefined) {
        throw new RpcError(
          Code.INTERNAL,
          `looking up revision: exit status 128: unknown revision ${JSON.stringify(revision)}`,
        );
      }
      if (rev === NULL_REV) return { languages: [] };
      const stats = await languageStats(repo, rev);
      return { languages: stats.map((l) => ({ ...l, bytes: BigInt(l.bytes) })) };
    },
  };
}
