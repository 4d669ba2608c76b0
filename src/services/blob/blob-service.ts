/** gitaly.BlobService, assembled from handler families (one module per RPC or family). */
import { BlobService } from "../../gen/gitaly/blob_pb.ts";
import { bindService, type ServiceBinding } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";

/** Binds BlobService for the given environment. */
export function blobService(_env: ServiceEnv): ServiceBinding {
  return bindService(BlobService, {
    // Handler families are spread in here, e.g. `...getBlobHandlers(env),`.
  });
}
