/**
 * Every gRPC service dhgitaly registers, with its implementation. RPCs without a handler answer
 * UNIMPLEMENTED naming themselves, so the whole Gitaly surface is always present on the wire.
 */
import { BlobService } from "../gen/gitaly/blob_pb.ts";
import { CommitService } from "../gen/gitaly/commit_pb.ts";
import { DiffService } from "../gen/gitaly/diff_pb.ts";
import { OperationService } from "../gen/gitaly/operations_pb.ts";
import { RefService } from "../gen/gitaly/ref_pb.ts";
import { RemoteService } from "../gen/gitaly/remote_pb.ts";
import { repositoryService } from "./repository/repository-service.ts";
import { bindService, type ServiceBinding } from "./rpc.ts";
import { serverService } from "./server/server-service.ts";
import type { ServiceEnv } from "./service-env.ts";

/** The Gitaly (and hgitaly) service bindings for an environment. */
export function allServices(env: ServiceEnv): ServiceBinding[] {
  return [
    serverService(env),
    repositoryService(env),
    bindService(RefService, {}),
    bindService(CommitService, {}),
    bindService(BlobService, {}),
    bindService(DiffService, {}),
    bindService(OperationService, {}),
    bindService(RemoteService, {}),
  ];
}
