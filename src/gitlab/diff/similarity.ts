/**
 * Git's similarity estimate of two blobs (`diffcore-delta`), printed as `similarity index N%`
 * for renames and copies: both contents are cut into spans ending at a newline or after 64
 * bytes (CR before LF skipped in text), spans are hashed into buckets, and the bytes of the
 * source found again in the destination (per bucket, the smaller count) are divided by the
 * larger blob size. Identical contents score 100; sizes too far apart for the 50% rename
 * threshold score 0 without further work, as in Git.
 */

const HASHBASE = 107927;

/** Bucket -> accumulated span length of one content. */
function spanCounts(data: Uint8Array, isText: boolean): Map<number, number> {
  const counts = new Map<number, number>();
  const add = (acc1: number, acc2: number, n: number) => {
    // Unsigned 32-bit arithmetic, as the C accumulators.
    const h = ((acc1 + Math.imul(acc2, 0x61)) >>> 0) % HASHBASE;
    counts.set(h, (counts.get(h) ?? 0) + n);
  };
  let n = 0;
  let acc1 = 0;
  let acc2 = 0;
  for (let i = 0; i < data.length; i++) {
    const c = data[i];
    if (isText && c === 0x0d && i + 1 < data.length && data[i + 1] === 0x0a) continue;
    const old1 = acc1;
    acc1 = ((acc1 << 7) ^ (acc2 >>> 25)) >>> 0;
    acc2 = ((acc2 << 7) ^ (old1 >>> 25)) >>> 0;
    acc1 = (acc1 + c) >>> 0;
    if (++n < 64 && c !== 0x0a) continue;
    add(acc1, acc2, n);
    n = acc1 = acc2 = 0;
  }
  if (n > 0) add(acc1, acc2, n);
  return counts;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Similarity percentage (0-100) of `dst` to `src`, as Git prints it. */
export function similarityIndex(
  src: Uint8Array,
  dst: Uint8Array,
  isText: boolean,
): number {
  if (sameBytes(src, dst)) return 100;
  const maxSize = Math.max(src.length, dst.length);
  const delta = maxSize - Math.min(src.length, dst.length);
  // Git's early exit against its default minimum score of 50%.
  if (maxSize * 0.5 < delta || dst.length === 0) return 0;
  const a = spanCounts(src, isText);
  const b = spanCounts(dst, isText);
  let copied = 0;
  for (const [h, count] of a) copied += Math.min(count, b.get(h) ?? 0);
  const score = Math.floor((copied * 60000) / maxSize);
  return Math.floor((score * 100) / 60000);
}
