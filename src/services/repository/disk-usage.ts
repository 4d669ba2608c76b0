/** Disk usage of a directory tree, as `du` counts it (symlinks not followed, inodes once). */

/** Totals of a tree. */
export interface DiskUsage {
  /** Allocated space in 512-byte blocks (`du`), directories included. */
  blocks: number;
  /** Sum of the apparent sizes of regular files, in bytes. */
  bytes: number;
}

/** Walks `root` (missing entries, e.g. removed meanwhile, are skipped). */
export async function diskUsage(
  root: string,
  include: (name: string) => boolean = () => true,
): Promise<DiskUsage> {
  const seen = new Set<string>();
  const total: DiskUsage = { blocks: 0, bytes: 0 };
  const visit = async (path: string): Promise<void> => {
    let info: Deno.FileInfo;
    try {
      info = await Deno.lstat(path);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return;
      throw e;
    }
    const inode = `${info.dev}:${info.ino}`;
    if (seen.has(inode)) return;
    seen.add(inode);
    total.blocks += info.blocks ?? Math.ceil(info.size / 512);
    if (info.isFile) total.bytes += info.size;
    if (!info.isDirectory) return;
    for await (const entry of Deno.readDir(path)) {
      if (include(entry.name)) await visit(`${path}/${entry.name}`);
    }
  };
  await visit(root);
  return total;
}
