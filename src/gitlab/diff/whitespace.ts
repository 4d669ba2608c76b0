/**
 * Whitespace-insensitive line comparison, as xdiff's flags: `--ignore-space-change` treats
 * runs of whitespace as one space and ignores whitespace at the end of the line (the newline
 * included), `--ignore-all-space` ignores all whitespace. Whitespace is C's isspace().
 */
import type { LineKey } from "./line-ids.ts";

/** Which whitespace changes a diff ignores. */
export type WhitespaceMode = "none" | "change" | "all";

const RUNS = /[ \t\n\v\f\r]+/g;

function spaceChangeKey(line: string): string {
  return line.replace(RUNS, " ").replace(/ $/, "");
}

function allSpaceKey(line: string): string {
  return line.replace(RUNS, "");
}

/** The line key implementing `mode` (undefined: lines compare as bytes). */
export function whitespaceKey(mode: WhitespaceMode): LineKey | undefined {
  if (mode === "change") return spaceChangeKey;
  if (mode === "all") return allSpaceKey;
  return undefined;
}
