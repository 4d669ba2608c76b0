/**
 * Gitaly's syntactic checks of a revision argument (`git.ValidateRevision`), answered as
 * INVALID_ARGUMENT before any lookup.
 */
import { Code, RpcError } from "../rpc.ts";

/** Throws INVALID_ARGUMENT for revisions Gitaly rejects; empty is allowed with `allowEmpty`. */
export function validateRevision(revision: string, allowEmpty = false): void {
  let problem: string | undefined;
  if (revision.length === 0) problem = allowEmpty ? undefined : "empty revision";
  else if (revision.startsWith("-")) problem = "revision can't start with '-'";
  else if (revision.includes(" ")) problem = "revision can't contain whitespace";
  else if (revision.includes("\0")) problem = "revision can't contain NUL";
  else if (revision.includes(":")) problem = "revision can't contain ':'";
  else if (revision.includes("\n")) problem = "revision can't contain line feed";
  if (problem !== undefined) {
    throw new RpcError(Code.INVALID_ARGUMENT, `${problem}: ${JSON.stringify(revision)}`);
  }
}
