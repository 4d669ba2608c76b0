/**
 * The reference license texts: SPDX's list with full texts, from the maintained
 * `spdx-license-list` npm package (loaded on first use, profiles computed once), and the
 * nicknames GitLab shows for a few licenses (choosealicense.com's, as Gitaly lists them).
 */
import { type TextProfile, textProfile } from "./license-similarity.ts";

/** One reference license. */
export interface ReferenceLicense {
  /** SPDX identifier, e.g. `Apache-2.0`. */
  readonly id: string;
  /** Full name, e.g. `Apache License 2.0`. */
  readonly name: string;
  /** Reference URL. */
  readonly url: string;
  /** Profile of its text. */
  readonly profile: TextProfile;
}

/** Nicknames by lower-case SPDX id (the only licenses that have one). */
export const LICENSE_NICKNAMES: ReadonlyMap<string, string> = new Map([
  ["agpl-3.0", "GNU AGPLv3"],
  ["lgpl-3.0", "GNU LGPLv3"],
  ["bsd-3-clause-clear", "Clear BSD"],
  ["odbl-1.0", "ODbL"],
  ["ncsa", "UIUC/NCSA"],
  ["lgpl-2.1", "GNU LGPLv2.1"],
  ["gpl-3.0", "GNU GPLv3"],
  ["gpl-2.0", "GNU GPLv2"],
]);

/** One entry of SPDX's list as the npm package gives it. */
export interface SpdxEntry {
  readonly name: string;
  readonly url: string;
  readonly licenseText: string;
}

/** SPDX's license list with full texts, by identifier (the package's data, shared). */
export async function spdxLicenseList(): Promise<Readonly<Record<string, SpdxEntry>>> {
  const mod = await import("spdx-license-list/full.js");
  return mod.default as Record<string, SpdxEntry>;
}

let loading: Promise<readonly ReferenceLicense[]> | undefined;

async function load(): Promise<readonly ReferenceLicense[]> {
  const list = await spdxLicenseList();
  const out: ReferenceLicense[] = [];
  for (const [id, entry] of Object.entries(list)) {
    if (!entry.licenseText) continue;
    out.push({ id, name: entry.name, url: entry.url, profile: textProfile(entry.licenseText) });
  }
  // Stable order for ties: by identifier.
  out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out;
}

/** All reference licenses (loaded once per process). */
export function referenceLicenses(): Promise<readonly ReferenceLicense[]> {
  return (loading ??= load());
}
