/**
 * gitaly.ServerService: version and storage facts, disk statistics, readiness.
 * ClockSynced needs an NTP server, unreachable by design here: it stays UNIMPLEMENTED.
 */
import type { MessageInitShape } from "@bufbuild/protobuf";
import { type ReadinessCheckResponseSchema, ServerService } from "../../gen/gitaly/server_pb.ts";
import { bindService, type ServiceBinding } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { access, diskUsage, filesystemId, filesystemType } from "./storage-facts.ts";

let mercurialVersion: Promise<string> | undefined;

/** Mercurial's version as `hg --version` prints it (asked once per process). */
function hgVersion(hg: string): Promise<string> {
  mercurialVersion ??= (async () => {
    try {
      const out = await new Deno.Command(hg, {
        args: ["--version", "--quiet"],
        env: { HGPLAIN: "1", HGRCPATH: "" },
        stdout: "piped",
        stderr: "null",
      }).output();
      const text = new TextDecoder().decode(out.stdout);
      const version = /\(version ([^)]+)\)/.exec(text)?.[1];
      return version ? `Mercurial ${version}` : "Mercurial (unknown version)";
    } catch {
      return "Mercurial (unavailable)";
    }
  })();
  return mercurialVersion;
}

/** Binds ServerService for the given environment. */
export function serverService(env: ServiceEnv): ServiceBinding {
  const storages = () => [...env.storages.entries()].sort(([a], [b]) => a.localeCompare(b));
  return bindService(ServerService, {
    async serverInfo() {
      return {
        serverVersion: env.version,
        gitVersion: await hgVersion(env.hgExecutable),
        storageStatuses: storages().map(([name, root]) => ({
          storageName: name,
          ...access(root),
          fsType: filesystemType(root),
          filesystemId: filesystemId(root),
          replicationFactor: 1,
        })),
      };
    },
    diskStatistics() {
      return {
        storageStatuses: storages().map(([name, root]) => {
          try {
            return { storageName: name, ...diskUsage(root) };
          } catch {
            return { storageName: name };
          }
        }),
      };
    },
    readinessCheck(): MessageInitShape<typeof ReadinessCheckResponseSchema> {
      const failed = storages().flatMap(([name, root]) => {
        const { readable, writeable } = access(root);
        if (readable && writeable) return [];
        const what = readable ? "not writeable" : "not readable";
        return [{ name: `storage ${name}`, errorMessage: `${root} is ${what}` }];
      });
      return failed.length === 0
        ? { Result: { case: "okResponse", value: {} } }
        : { Result: { case: "failureResponse", value: { failedChecks: failed } } };
    },
    serverSignature() {
      // Mercurial changesets written by dhgitaly are never signed: no public key.
      return { publicKey: new Uint8Array() };
    },
  });
}
