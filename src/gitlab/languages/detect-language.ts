/**
 * Language of a file, in Linguist's order of strategies restricted to what needs no content
 * analysis: exact file name, then extension (longest compound extension first), then the
 * shebang interpreter for files without a known extension. Where several languages claim an
 * extension, Linguist's content heuristics are replaced by a preference: the language whose
 * primary extension it is, then programming/markup types, then a fixed choice for the usual
 * ambiguities (`.h` -> C, `.m` -> Objective-C, `.pl` -> Perl...), then the first by name.
 */
import { languageIndex, type LanguageInfo } from "./language-data.ts";

/** Preferred language of the most common ambiguous extensions. */
const PREFERRED: Record<string, string> = {
  ".h": "C",
  ".m": "Objective-C",
  ".pl": "Perl",
  ".pm": "Perl",
  ".t": "Perl",
  ".md": "Markdown",
  ".ts": "TypeScript",
  ".rs": "Rust",
  ".v": "Verilog",
  ".inc": "PHP",
  ".cls": "TeX",
  ".fs": "F#",
  ".sql": "SQL",
  ".php": "PHP",
  ".r": "R",
  ".d": "D",
  ".asm": "Assembly",
  ".ms": "Roff",
  ".l": "Lex",
  ".cs": "C#",
  ".bas": "Visual Basic 6.0",
  ".pro": "Prolog",
};

const rank = (l: LanguageInfo) => (l.type === "programming" || l.type === "markup" ? 0 : 1);

function pick(ext: string, candidates: LanguageInfo[]): LanguageInfo {
  if (candidates.length === 1) return candidates[0];
  const preferred = candidates.find((l) => l.name === PREFERRED[ext]);
  if (preferred) return preferred;
  return [...candidates].sort((a, b) =>
    Number(a.extensions[0]?.toLowerCase() !== ext) -
      Number(b.extensions[0]?.toLowerCase() !== ext) ||
    rank(a) - rank(b) || (a.name < b.name ? -1 : 1)
  )[0];
}

/** The interpreter named by a shebang line (`#!/usr/bin/env python3` -> `python3`). */
export function shebangInterpreter(firstLine: string): string | undefined {
  const m = firstLine.match(/^#!\s*(\S+)(?:\s+(\S+))?/);
  if (!m) return undefined;
  let cmd = m[1].replace(/^.*\//, "");
  if (cmd === "env" && m[2]) cmd = m[2].replace(/^.*\//, "");
  return cmd;
}

/** Language of `path` by name and extension only; undefined when unknown. */
export function languageByPath(path: string): LanguageInfo | undefined {
  const idx = languageIndex();
  const base = path.slice(path.lastIndexOf("/") + 1);
  const byName = idx.byFilename.get(base);
  if (byName) return byName[0];
  const lower = base.toLowerCase();
  // Compound extensions first: `.d.ts` before `.ts`. A leading dot alone is no extension.
  for (let dot = lower.indexOf(".", 1); dot >= 0; dot = lower.indexOf(".", dot + 1)) {
    const ext = lower.slice(dot);
    const candidates = idx.byExtension.get(ext);
    if (candidates) return pick(ext, candidates);
  }
  return undefined;
}

/** Language of a file without a known name or extension, by its shebang line. */
export function languageByShebang(firstLine: string): LanguageInfo | undefined {
  const interpreter = shebangInterpreter(firstLine);
  if (!interpreter) return undefined;
  const idx = languageIndex();
  const exact = idx.byInterpreter.get(interpreter);
  if (exact) return exact[0];
  // `python3.11` -> `python3` -> `python`.
  const stripped = interpreter.replace(/[\d.]+$/, "");
  return idx.byInterpreter.get(stripped)?.[0];
}
