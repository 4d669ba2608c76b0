/**
 * Which root files may hold a license, like go-license-detector (Gitaly's FindLicense) picks
 * them: a name made of optional `prefix<sep>`, a license word, optional `<sep>suffix`, where
 * separators are `-`, `_`, `.` or space and license words are licence/license (and their
 * misspellings), legal, copying, copyright, copyleft, unlicense, (l)gpl with a version, bsd,
 * mit or apache. READMEs are not considered.
 */
import type { ByteString } from "../../hg/byte-string.ts";

const LICENSE_NAME =
  /^(?:.*[-_. ])?(li[cs]en[cs]es?|legal|copy(?:left|right|ing)|unlicense|l?gpl(?:[-_ v]?\d(?:\.?\d)?)?|bsd|mit|apache)(?:[-_. ].*)?$/i;

/** Rank of a candidate: license-named files first, then copying, then the rest. */
function rank(word: string): number {
  const w = word.toLowerCase();
  if (/^li[cs]en[cs]es?$/.test(w)) return 0;
  if (w === "copying" || w === "unlicense") return 1;
  return 2;
}

/** True if a root file named `name` may hold a license text. */
export function isLicenseFileName(name: ByteString): boolean {
  return !name.includes("/") && LICENSE_NAME.test(name);
}

/** The license candidates among `paths`, most license-like first, then by name. */
export function licenseCandidates(paths: Iterable<ByteString>): ByteString[] {
  const found: [number, ByteString][] = [];
  for (const path of paths) {
    const m = path.includes("/") ? null : LICENSE_NAME.exec(path);
    if (m) found.push([rank(m[1]), path]);
  }
  found.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return found.map(([, path]) => path);
}
