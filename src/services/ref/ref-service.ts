/**
 * gitaly.RefService, assembled from handler families. UpdateReferences and DeleteRefs (writes)
 * are not implemented yet and answer UNIMPLEMENTED.
 */
import { RefService } from "../../gen/gitaly/ref_pb.ts";
import { bindService, type ServiceBinding } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { branchHandlers } from "./branches.ts";
import { containingCommitHandlers } from "./containing-commit.ts";
import { listRefsHandlers } from "./list-refs.ts";
import { tagHandlers } from "./tags.ts";

/** Binds RefService for the given environment. */
export function refService(env: ServiceEnv): ServiceBinding {
  return bindService(RefService, {
    ...branchHandlers(env),
    ...tagHandlers(env),
    ...listRefsHandlers(env),
    ...containingCommitHandlers(env),
  });
}
