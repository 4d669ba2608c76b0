/** Facts about a storage directory: filesystem type, space, access, stable filesystem id. */
import { statfsSync } from "node:fs";
import { join } from "node:path";

/** Linux statfs magic numbers of the filesystems a storage is likely to live on. */
const FS_TYPES: Record<number, string> = {
  0xef53: "ext4",
  0x58465342: "xfs",
  0x9123683e: "btrfs",
  0x01021994: "tmpfs",
  0x2fc12fc1: "zfs",
  0x6969: "nfs",
  0x794c7630: "overlayfs",
  0xff534d42: "cifs",
  0x65735546: "fuse",
};

/** Name of the filesystem holding `path`, or "unknown". */
export function filesystemType(path: string): string {
  try {
    return FS_TYPES[statfsSync(path).type] ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** Available and used bytes of the filesystem holding `path`. */
export function diskUsage(path: string): { available: bigint; used: bigint } {
  const s = statfsSync(path, { bigint: true });
  return { available: s.bavail * s.bsize, used: (s.blocks - s.bfree) * s.bsize };
}

/** Whether the directory is readable and writeable by this process. */
export function access(path: string): { readable: boolean; writeable: boolean } {
  let readable = false;
  let writeable = false;
  try {
    readable = Deno.statSync(path).isDirectory;
    for (const _ of Deno.readDirSync(path)) break;
  } catch {
    readable = false;
  }
  if (readable) {
    const probe = join(path, `.dhgitaly-write-probe-${Deno.pid}`);
    try {
      Deno.writeFileSync(probe, new Uint8Array());
      Deno.removeSync(probe);
      writeable = true;
    } catch {
      writeable = false;
    }
  }
  return { readable, writeable };
}

/** Metadata file Gitaly keeps at a storage root to identify its filesystem. */
const METADATA_FILE = ".gitaly-metadata";

/**
 * The storage's filesystem id as Gitaly defines it: a UUID stored in `.gitaly-metadata` at the
 * storage root, created on first use; empty when it can be neither read nor created.
 */
export function filesystemId(root: string): string {
  const path = join(root, METADATA_FILE);
  try {
    const meta = JSON.parse(Deno.readTextFileSync(path));
    if (typeof meta.gitaly_filesystem_id === "string") return meta.gitaly_filesystem_id;
  } catch { /* missing or unreadable: create below */ }
  const id = crypto.randomUUID();
  try {
    Deno.writeTextFileSync(path, JSON.stringify({ gitaly_filesystem_id: id }));
    return id;
  } catch {
    return "";
  }
}
