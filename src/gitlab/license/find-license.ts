/**
 * FindLicense's answer for a changeset: among the root files that may hold a license, the one
 * whose text best matches a reference license; `other` (shown as "LICENSE") when such files
 * exist but none is recognised; nothing when there is none.
 */
import { type ByteString, byteStringToUtf8 } from "../../hg/byte-string.ts";
import type { Repository } from "../../hg/repository.ts";
import { changesetTree, fileContent } from "../changeset-objects.ts";
import { isBinaryContent } from "../diff/binary.ts";
import { LICENSE_NICKNAMES } from "./license-database.ts";
import { licenseCandidates } from "./license-files.ts";
import { identifyLicense, type LicenseMatch } from "./identify-license.ts";

/** What FindLicense reports (all empty strings when no license file exists). */
export interface FoundLicense {
  shortName: string;
  name: string;
  url: string;
  path: ByteString;
  nickname: string;
}

/** The answer when license files exist but none is recognised. */
function otherLicense(path: ByteString): FoundLicense {
  return { shortName: "other", name: "Other", url: "", path, nickname: "LICENSE" };
}

/** The license of changeset `rev`, undefined when it has no license file at its root. */
export async function findLicense(
  repo: Repository,
  rev: number,
): Promise<FoundLicense | undefined> {
  const tree = changesetTree(repo, rev);
  if (tree === undefined) return undefined;
  const { manifest } = tree;
  const roots: ByteString[] = [];
  for (const path of manifest.paths()) if (!path.includes("/")) roots.push(path);
  const candidates = licenseCandidates(roots).filter((p) => manifest.get(p)?.flags !== "l");
  if (candidates.length === 0) return undefined;
  let best: { path: ByteString; match: LicenseMatch } | undefined;
  for (const path of candidates) {
    const data = fileContent(repo, path, manifest.get(path)!.node);
    if (isBinaryContent(data)) continue;
    const match = await identifyLicense(new TextDecoder().decode(data));
    if (match && (best === undefined || match.confidence > best.match.confidence)) {
      best = { path, match };
    }
  }
  if (best === undefined) return otherLicense(candidates[0]);
  const { license } = best.match;
  const shortName = license.id.toLowerCase();
  return {
    shortName,
    name: license.name,
    url: license.url,
    path: best.path,
    nickname: LICENSE_NICKNAMES.get(shortName) ?? "",
  };
}

/** `path` decoded for the response's string field. */
export function licensePathString(path: ByteString): string {
  return byteStringToUtf8(path);
}
