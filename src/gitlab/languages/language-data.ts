/**
 * GitHub Linguist's language database (languages.yml, as packaged by `linguist-languages`):
 * names, types, colors, extensions, file names and shebang interpreters, indexed for lookups.
 * This is the only module importing the package.
 */
import * as linguist from "linguist-languages";
import type { Language } from "linguist-languages";

/** What CommitLanguages needs to know about a language. */
export interface LanguageInfo {
  name: string;
  /** `programming`, `markup`, `data` or `prose`. */
  type: string;
  /** Linguist color (`#rrggbb`), when defined. */
  color?: string;
  /** Extensions, the primary one first. */
  extensions: readonly string[];
}

/** Lookup tables over every language. */
export interface LanguageIndex {
  byName: ReadonlyMap<string, LanguageInfo>;
  /** Exact file name -> languages. */
  byFilename: ReadonlyMap<string, LanguageInfo[]>;
  /** Lower-cased extension (with its dot, possibly compound like `.d.ts`) -> languages. */
  byExtension: ReadonlyMap<string, LanguageInfo[]>;
  /** Interpreter of a shebang line -> languages. */
  byInterpreter: ReadonlyMap<string, LanguageInfo[]>;
}

let index: LanguageIndex | undefined;

function add(map: Map<string, LanguageInfo[]>, key: string, info: LanguageInfo): void {
  const list = map.get(key);
  if (list) list.push(info);
  else map.set(key, [info]);
}

/** The language index (built on first use). */
export function languageIndex(): LanguageIndex {
  if (index) return index;
  const byName = new Map<string, LanguageInfo>();
  const byFilename = new Map<string, LanguageInfo[]>();
  const byExtension = new Map<string, LanguageInfo[]>();
  const byInterpreter = new Map<string, LanguageInfo[]>();
  for (const lang of Object.values(linguist) as readonly Language[]) {
    const info: LanguageInfo = {
      name: lang.name,
      type: lang.type,
      extensions: lang.extensions ?? [],
    };
    if (lang.color) info.color = lang.color;
    byName.set(info.name, info);
    for (const ext of info.extensions) add(byExtension, ext.toLowerCase(), info);
    for (const f of lang.filenames ?? []) add(byFilename, f, info);
    for (const i of lang.interpreters ?? []) add(byInterpreter, i, info);
  }
  index = { byName, byFilename, byExtension, byInterpreter };
  return index;
}
