/**
 * Comparing license texts. A text is normalised (lower case, cut at "end of terms and
 * conditions" since what follows is optional advice on applying the license, copyright notice
 * lines dropped since they carry names and years, punctuation and layout ignored, British
 * spelling of "licence" unified) into a multiset of word pairs; two texts are as similar as the Dice
 * coefficient of their multisets (1 = same words in the same order).
 */

/** A normalised text: its word-pair counts and their total. */
export interface TextProfile {
  readonly pairs: ReadonlyMap<string, number>;
  readonly total: number;
}

const COPYRIGHT_LINE = /^\s*(?:copyright\b|\(c\)|©)/;
const END_OF_TERMS = /end\s+of\s+terms\s+and\s+conditions/;

/** The words of a license text, normalised. */
export function licenseWords(text: string): string[] {
  const lower = text.toLowerCase();
  const end = lower.search(END_OF_TERMS);
  const kept = (end < 0 ? lower : lower.slice(0, end))
    .split("\n")
    .filter((line) => !COPYRIGHT_LINE.test(line))
    .join("\n");
  const words = kept.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.map((w) => w.replace(/^licen[cs]/, "licens"));
}

/** The word-pair profile of a text. */
export function textProfile(text: string): TextProfile {
  const words = licenseWords(text);
  const pairs = new Map<string, number>();
  for (let i = 1; i < words.length; i++) {
    const key = `${words[i - 1]} ${words[i]}`;
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
  }
  return { pairs, total: Math.max(0, words.length - 1) };
}

/** Highest similarity two profiles of these sizes can reach. */
export function similarityBound(a: TextProfile, b: TextProfile): number {
  const sum = a.total + b.total;
  return sum === 0 ? 0 : (2 * Math.min(a.total, b.total)) / sum;
}

/** Dice coefficient of the two profiles' word-pair multisets, in [0, 1]. */
export function similarity(a: TextProfile, b: TextProfile): number {
  const sum = a.total + b.total;
  if (sum === 0) return 0;
  const [small, large] = a.pairs.size <= b.pairs.size ? [a, b] : [b, a];
  let common = 0;
  for (const [key, n] of small.pairs) {
    const m = large.pairs.get(key);
    if (m !== undefined) common += Math.min(n, m);
  }
  return (2 * common) / sum;
}
