/**
 * Language statistics of a changeset's files, as Gitaly's CommitLanguages computes them with
 * Linguist rules: files excluded as vendored/documentation/generated and symlinks are skipped;
 * each remaining file counts its byte size for its language; only programming and markup
 * languages count; share = bytes / total * 100; sorted by share, descending. A language
 * without a Linguist color gets `#` + the hex of the first 3 bytes of SHA-256 of its name.
 *
 * Sizes are filelog full-text sizes (a copy metadata header, when present, is counted: a few
 * dozen bytes on copied files, which keeps this from reading every file).
 */
import { bytesToByteString } from "../../hg/byte-string.ts";
import type { Repository } from "../../hg/repository.ts";
import { isExcludedPath } from "./exclusions.ts";
import { languageByPath, languageByShebang } from "./detect-language.ts";
import type { LanguageInfo } from "./language-data.ts";

/** One language of the statistics. */
export interface LanguageShare {
  name: string;
  /** Percentage of the counted bytes. */
  share: number;
  color: string;
  bytes: number;
}

/** Linguist's color of a language, or Gitaly's fallback derived from its name. */
export async function languageColor(name: string, color?: string): Promise<string> {
  if (color) return color;
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(name)),
  );
  return "#" + [...digest.subarray(0, 3)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function firstLine(content: Uint8Array): string {
  const end = content.indexOf(0x0a);
  return bytesToByteString(content, 0, Math.min(end < 0 ? content.length : end, 256));
}

/** Language statistics of the files of changeset `rev`. */
export async function languageStats(repo: Repository, rev: number): Promise<LanguageShare[]> {
  const manifest = repo.manifest(repo.changelog.read(rev).manifestNode);
  const bytes = new Map<string, { info: LanguageInfo; bytes: number }>();
  for (const [path, entry] of manifest.entries()) {
    if (entry.flags === "l" || isExcludedPath(path)) continue;
    const fl = repo.filelog(path);
    const fileRev = fl.rev(entry.node);
    if (fileRev === undefined) continue;
    let info = languageByPath(path);
    if (!info && !path.slice(path.lastIndexOf("/") + 1).includes(".")) {
      info = languageByShebang(firstLine(fl.content(fileRev)));
    }
    if (!info || (info.type !== "programming" && info.type !== "markup")) continue;
    const slot = bytes.get(info.name) ?? { info, bytes: 0 };
    slot.bytes += fl.rawSize(fileRev);
    bytes.set(info.name, slot);
  }
  let total = 0;
  for (const { bytes: b } of bytes.values()) total += b;
  if (total === 0) return [];
  const out: LanguageShare[] = [];
  for (const { info, bytes: b } of bytes.values()) {
    out.push({
      name: info.name,
      share: (b * 100) / total,
      color: await languageColor(info.name, info.color),
      bytes: b,
    });
  }
  return out.sort((a, b) => b.share - a.share || (a.name < b.name ? -1 : 1));
}
