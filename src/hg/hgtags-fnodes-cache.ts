/**
 * Reader of Mercurial's `.hg/cache/hgtagsfnodes1`, an accelerator for finding the `.hgtags`
 * file node of a changeset without reading its manifest.
 *
 * The file is an array of 24-byte records indexed by revision: the first 4 bytes of the
 * changeset node (to detect a rewritten changelog) then the 20-byte `.hgtags` file node, all
 * zeros when the changeset has no `.hgtags`. A record of 0xff bytes is unset. The cache is
 * only trusted when the node prefix matches; callers fall back to the manifest otherwise.
 */
import { bytesToHex, NULL_NODE } from "./node.ts";

const RECORD_SIZE = 24;

/** `.hgtags` file node per revision from the cache: a node, null (no file), or undefined. */
export type CachedFnode = string | null | undefined;

/**
 * Looks up the records of `revs` (with their changeset hex nodes) in the cache file under
 * `hgDir`. Returns one entry per input: the file node, null when the changeset has no
 * `.hgtags`, undefined when the cache has no valid record.
 */
export function readHgtagsFnodes(
  hgDir: string,
  revs: readonly { rev: number; node: string }[],
): CachedFnode[] {
  const result: CachedFnode[] = revs.map(() => undefined);
  let file: Deno.FsFile;
  try {
    file = Deno.openSync(`${hgDir}/cache/hgtagsfnodes1`, { read: true });
  } catch {
    return result;
  }
  try {
    const size = file.statSync().size;
    const record = new Uint8Array(RECORD_SIZE);
    revs.forEach(({ rev, node }, i) => {
      const offset = rev * RECORD_SIZE;
      if (offset + RECORD_SIZE > size) return;
      file.seekSync(offset, Deno.SeekMode.Start);
      let read = 0;
      while (read < RECORD_SIZE) {
        const n = file.readSync(record.subarray(read));
        if (n === null || n === 0) return;
        read += n;
      }
      if (record.every((b) => b === 0xff)) return;
      if (bytesToHex(record, 0, 4) !== node.slice(0, 8)) return;
      const fnode = bytesToHex(record, 4, RECORD_SIZE);
      result[i] = fnode === NULL_NODE ? null : fnode;
    });
  } finally {
    file.close();
  }
  return result;
}
