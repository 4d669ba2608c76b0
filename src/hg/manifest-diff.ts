/**
 * Differences between two manifests: paths added, removed, or whose file node or flags
 * changed, in path (byte) order, found by one merge walk over both sorted manifests.
 */
import type { ByteString } from "./byte-string.ts";
import type { Manifest, ManifestEntry } from "./manifest.ts";

/** One path that differs; `old`/`new` is absent when the path is added/removed. */
export interface ManifestChange {
  path: ByteString;
  old?: ManifestEntry;
  new?: ManifestEntry;
}

/** Lists the paths whose entry differs between `before` and `after`. */
export function diffManifests(before: Manifest, after: Manifest): ManifestChange[] {
  const out: ManifestChange[] = [];
  let i = 0;
  let j = 0;
  while (i < before.size || j < after.size) {
    const p = i < before.size ? before.path(i) : undefined;
    const q = j < after.size ? after.path(j) : undefined;
    if (q === undefined || (p !== undefined && p < q)) {
      out.push({ path: p!, old: before.entry(i++) });
    } else if (p === undefined || q < p) {
      out.push({ path: q, new: after.entry(j++) });
    } else {
      const o = before.entry(i++);
      const n = after.entry(j++);
      if (o.node !== n.node || o.flags !== n.flags) out.push({ path: p, old: o, new: n });
    }
  }
  return out;
}
