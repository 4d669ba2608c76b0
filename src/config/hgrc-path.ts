import { join } from "node:path";
import { type EnvLookup, expandPath } from "./expand-path.ts";

/**
 * The config files designated by a `HGRCPATH` value, in reading order: entries
 * are separated by `:`, empty ones skipped, `~` and variables expanded; a
 * directory stands for its `*.rc` files sorted by name, anything else for
 * itself (whether it exists or not, as in Mercurial).
 */
export function hgrcPathEntries(
  value: string,
  env: EnvLookup = (name) => Deno.env.get(name),
): string[] {
  const files: string[] = [];
  for (const entry of value.split(":")) {
    if (entry === "") continue;
    files.push(...hgrcEntryFiles(expandPath(entry, env)));
  }
  return files;
}

/** The files one config path stands for: a directory's sorted `*.rc` files, else itself. */
export function hgrcEntryFiles(path: string): string[] {
  if (!isDirectory(path)) return [path];
  const names = [...Deno.readDirSync(path)].map((e) => e.name).filter((n) => n.endsWith(".rc"));
  names.sort(compareCodeUnits);
  return names.map((name) => join(path, name));
}

function isDirectory(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
