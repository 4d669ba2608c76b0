/**
 * Identifying a license text: the reference license whose text is most similar, provided the
 * similarity reaches a confidence threshold. Ties go to the smallest SPDX identifier (so the
 * deprecated `GPL-2.0` wins over the identical `GPL-2.0-only`, as with Gitaly).
 */
import { type ReferenceLicense, referenceLicenses } from "./license-database.ts";
import { similarity, similarityBound, textProfile } from "./license-similarity.ts";

/** Lowest similarity accepted as an identification. */
export const LICENSE_CONFIDENCE = 0.8;

/** An identified license and how similar the text is to it. */
export interface LicenseMatch {
  readonly license: ReferenceLicense;
  readonly confidence: number;
}

/** The best matching reference license of `text`, if any is similar enough. */
export async function identifyLicense(text: string): Promise<LicenseMatch | undefined> {
  const profile = textProfile(text);
  if (profile.total === 0) return undefined;
  let best: LicenseMatch | undefined;
  for (const license of await referenceLicenses()) {
    const floor = best?.confidence ?? LICENSE_CONFIDENCE;
    if (similarityBound(profile, license.profile) < floor) continue;
    const confidence = similarity(profile, license.profile);
    if (confidence >= floor && (best === undefined || confidence > best.confidence)) {
      best = { license, confidence };
    }
  }
  return best;
}
