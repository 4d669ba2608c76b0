/** gitaly.BlobService, assembled from handler families (one module per RPC or family). */
import { BlobService } from "../../gen/gitaly/blob_pb.ts";
import { bindService, type ServiceBinding } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { getBlobHandlers } from "./get-blob.ts";
import { lfsPointersHandlers } from "./lfs-pointers.ts";
import { listBlobsHandlers } from "./list-blobs.ts";

/** Binds BlobService for the given environment. */
export function blobService(env: ServiceEnv): ServiceBinding {
  return bindService(BlobService, {
    ...getBlobHandlers(env),
    ...listBlobsHandlers(env),
    ...lfsPointersHandlers(env),
    // Handler families are spread in here, e.g. `...getBlobHandlers(env),`.
  });
}
