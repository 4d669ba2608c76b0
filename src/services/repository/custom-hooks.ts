/**
 * GetCustomHooks and BackupCustomHooks, which Heptapod repurposes to back up the repository's
 * extra state (see gitlab/backup-files): an uncompressed tar streamed in 128 KiB chunks.
 * RestoreCustomHooks and SetCustomHooks (writes) are not implemented yet.
 */
import type { RepositoryService } from "../../gen/gitaly/repository_pb.ts";
import { additionalBackupFiles } from "../../gitlab/backup-files.ts";
import { dataChunks } from "../data-chunks.ts";
import { openRequestRepository, type RepositoryRef } from "../repository-access.ts";
import type { ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { tarArchive, type TarMember } from "./tar-writer.ts";

async function backupArchive(env: ServiceEnv, ref: RepositoryRef | undefined) {
  const repo = await openRequestRepository(env, ref);
  const members: TarMember[] = [];
  for (const file of additionalBackupFiles(repo)) {
    try {
      const [data, info] = await Promise.all([Deno.readFile(file.path), Deno.stat(file.path)]);
      members.push({
        name: file.name,
        data,
        mode: info.mode ?? 0o644,
        mtime: (info.mtime?.getTime() ?? 0) / 1000,
      });
    } catch (err) {
      // Removed since listed (e.g. an atomic rewrite in progress): skip like a missing file.
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    }
  }
  return tarArchive(members);
}

/** GetCustomHooks and BackupCustomHooks. */
export function customHooksHandlers(env: ServiceEnv): ServiceImpl<typeof RepositoryService> {
  return {
    async *getCustomHooks(req) {
      for (const data of dataChunks(await backupArchive(env, req.repository))) yield { data };
    },
    async *backupCustomHooks(req) {
      for (const data of dataChunks(await backupArchive(env, req.repository))) yield { data };
    },
  };
}
