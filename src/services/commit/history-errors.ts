/**
 * gRPC errors of the commit history RPCs: revision syntax (INVALID_ARGUMENT with Gitaly's
 * wording) and the mapping of revision-list errors raised by the GitLab layer.
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
