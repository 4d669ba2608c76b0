/**
 * Every gRPC service dhgitaly registers, with its implementation. RPCs without a handler answer
 * UNIMPLEMENTED naming themselves, so the whole Gitaly surface is always present on the wire.
 */
import { blobService } from "./blob/blob-service.ts";
import { commitService } from "./commit/commit-service.ts";
import { diffService } from "./diff/diff-service.ts";
import { OperationService } from "../gen/gitaly/operations_pb.ts";
import { RemoteService } from "../gen/gitaly/remote_pb.ts";
import { refService } from "./ref/ref-service.ts";
import { repositoryService } from "./repository/repository-service.ts";
import { bindService, type ServiceBinding } from "./rpc.ts";
import { serverService } from "./server/server-service.ts";
import type { ServiceEnv } from "./service-env.ts";

/** The Gitaly (and hgitaly) service bindings for an environment. */
export function allServices(env: ServiceEnv): ServiceBinding[] {
  return [
    serverService(env),
    repositoryService(env),
    refService(env),
    commitService(env),
    blobService(env),
    diffService(env),
    bindService(OperationService, {}),
    bindService(RemoteService, {}),
  ];
}
