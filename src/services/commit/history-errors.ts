/**
 * gRPC errors of the CommitService RPCs about revisions: syntax (INVALID_ARGUMENT with
 * Gitaly's wording, see gitlab/revision-syntax) and the mapping of revision-list errors
 * raised by the GitLab layer.
 */
import type { ByteString } from "../../hg/byte-string.ts";
import { InvalidRevisionError, UnknownRevisionError } from "../../gitlab/rev-list.ts";
import { revisionSyntaxError } from "../../gitlab/revision-syntax.ts";
import { Code, RpcError } from "../rpc.ts";

/** Throws INVALID_ARGUMENT when `revision` is not acceptable to Gitaly (empty included). */
export function requireValidRevision(revision: ByteString): void {
  const reason = revisionSyntaxError(revision);
  if (reason !== undefined) throw new RpcError(Code.INVALID_ARGUMENT, reason);
}

/**
 * Throws INVALID_ARGUMENT naming `revision` when Gitaly's strict check (`git.ValidateRevision`
 * of CommitStats, RawBlame, CommitLanguages) refuses it; empty is allowed with `allowEmpty`.
 */
export function validateRevision(revision: ByteString, allowEmpty = false): void {
  const reason = revisionSyntaxError(revision, { strict: true, allowEmpty });
  if (reason !== undefined) {
    throw new RpcError(Code.INVALID_ARGUMENT, `${reason}: ${JSON.stringify(revision)}`);
  }
}

/**
 * Runs `f`, mapping InvalidRevisionError to INVALID_ARGUMENT and UnknownRevisionError to
 * `onUnknown` (INTERNAL by default, like a failing `git rev-list`).
 */
export function withRevisionErrors<T>(
  f: () => T,
  onUnknown: (err: UnknownRevisionError) => never = (err) => {
    throw new RpcError(Code.INTERNAL, `bad revision ${JSON.stringify(err.revision)}`);
  },
): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof InvalidRevisionError) {
      throw new RpcError(Code.INVALID_ARGUMENT, `invalid revision: ${err.reason}`);
    }
    if (err instanceof UnknownRevisionError) onUnknown(err);
    throw err;
  }
}
