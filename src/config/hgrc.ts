import { dirname, isAbsolute, join, normalize, resolve } from "node:path";
import { ConfigError } from "./config-error.ts";
import { type EnvLookup, expandPath } from "./expand-path.ts";
import { HgrcConfig } from "./hgrc-config.ts";

export { HgrcConfig, type HgrcItem } from "./hgrc-config.ts";

/** A syntax error in a Mercurial config file, located by file and line. */
export class HgrcParseError extends ConfigError {
  /** Creates `<file>:<line>: parse error: <detail>`. */
  constructor(readonly file: string, readonly line: number, readonly detail: string) {
    super(`${file}:${line}: parse error: ${detail}`);
    this.name = "HgrcParseError";
  }
}

/** Options of {@link loadHgrc} and {@link parseHgrc}. */
export interface HgrcReadOptions {
  /** Environment used to expand `%include` paths; defaults to `Deno.env.get`. */
  readonly env?: EnvLookup;
}

// Mercurial has no limit and overflows its stack on include cycles; we refuse
// cycles explicitly and cap the depth for cycles hidden behind symlinks.
const MAX_INCLUDE_DEPTH = 32;

/**
 * Reads Mercurial config files in order, later ones overriding earlier ones,
 * like `HGRCPATH` entries. As in Mercurial, a file that does not exist (or is a
 * directory) is silently skipped; other read failures throw {@link ConfigError},
 * syntax errors throw {@link HgrcParseError}.
 */
export function loadHgrc(paths: readonly string[], options: HgrcReadOptions = {}): HgrcConfig {
  const reader = new HgrcReader(options.env ?? ((name) => Deno.env.get(name)));
  for (const path of paths) {
    let text: string;
    try {
      text = readText(path);
    } catch (error) {
      if (isAbsent(error)) continue;
      throw new ConfigError(`cannot read config file ${path} (${reason(error)})`);
    }
    reader.parse(text, path, []);
  }
  return reader.config;
}

/**
 * Parses the text of one config file named `file` (used in sources and to
 * resolve relative `%include` paths, which are read from disk).
 */
export function parseHgrc(text: string, file: string, options: HgrcReadOptions = {}): HgrcConfig {
  const reader = new HgrcReader(options.env ?? ((name) => Deno.env.get(name)));
  reader.parse(text, file, []);
  return reader.config;
}

class HgrcReader {
  readonly config = new HgrcConfig();

  constructor(readonly env: EnvLookup) {}

  /** `stack` holds the absolute paths of the files including this one. */
  parse(text: string, file: string, stack: readonly string[]): void {
    this.config.addFile(file);
    const including = [...stack, resolve(file)];
    let section = "";
    let continued: string | undefined;
    const lines = text.split(/\r\n|\r|\n/);
    for (let index = 0; index < lines.length; index++) {
      const lineNumber = index + 1;
      let line = lines[index];
      if (lineNumber === 1 && line.startsWith("\uFEFF")) line = line.slice(1);
      const where = `${file}:${lineNumber}`;

      if (continued !== undefined) {
        // Comments do not end a multi-line value, an unindented line does.
        if (line.startsWith("#") || line.startsWith(";")) continue;
        const text = trimSpace(line);
        if (isSpace(line[0]) && text !== "") {
          const previous = this.config.get(section, continued) ?? "";
          this.config.set(section, continued, `${previous}\n${text}`, where);
          continue;
        }
        continued = undefined;
      }

      const include = directiveArgument(line, "%include");
      if (include !== undefined && include !== "") {
        this.#include(include, file, lineNumber, including);
        continue;
      }
      if (line.startsWith("#") || line.startsWith(";") || trimSpace(line) === "") continue;
      const header = sectionName(line);
      if (header !== undefined) {
        section = header;
        continue;
      }
      const item = splitItem(line);
      if (item !== undefined) {
        this.config.set(section, item.key, item.value, where);
        continued = item.key;
        continue;
      }
      const unset = directiveArgument(line, "%unset")?.split(/[ \t\n\r\v\f]/)[0];
      if (unset !== undefined && unset !== "") {
        this.config.unset(section, unset);
        continue;
      }
      const shown = trimSpaceEnd(line);
      const detail = isSpace(line[0]) ? `unexpected leading whitespace: ${shown}` : shown;
      throw new HgrcParseError(file, lineNumber, detail);
    }
  }

  #include(target: string, file: string, lineNumber: number, stack: readonly string[]): void {
    const expanded = expandPath(target, this.env);
    const path = normalize(isAbsolute(expanded) ? expanded : join(dirname(file), expanded));
    const fail = (why: string) =>
      new ConfigError(`${file}:${lineNumber}: cannot include ${expanded} (${why})`);
    if (stack.includes(resolve(path))) throw fail("include cycle");
    if (stack.length >= MAX_INCLUDE_DEPTH) {
      throw fail(`more than ${MAX_INCLUDE_DEPTH} nested includes`);
    }
    let text: string;
    try {
      text = readText(path);
    } catch (error) {
      // Mercurial ignores missing included files, but reports other failures.
      if (error instanceof Deno.errors.NotFound) return;
      throw fail(reason(error));
    }
    this.parse(text, path, stack);
  }
}

const SPACE = " \t\n\r\v\f";

function isSpace(char: string | undefined): boolean {
  return char !== undefined && char.length === 1 && SPACE.includes(char);
}

function trimSpaceEnd(text: string): string {
  let end = text.length;
  while (end > 0 && isSpace(text[end - 1])) end--;
  return text.slice(0, end);
}

function trimSpace(text: string): string {
  let start = 0;
  while (start < text.length && isSpace(text[start])) start++;
  return trimSpaceEnd(text.slice(start));
}

/** `%name <argument>`: the trimmed argument, `undefined` when not this directive. */
function directiveArgument(line: string, name: string): string | undefined {
  if (!line.startsWith(name) || !isSpace(line[name.length])) return undefined;
  return trimSpace(line.slice(name.length));
}

/**
 * `[name]`, anything after the closing bracket ignored. The name cannot hold
 * `[` but may hold `]`: it ends at the last `]` before any `[`.
 */
function sectionName(line: string): string | undefined {
  if (!line.startsWith("[")) return undefined;
  let body = line.slice(1);
  const nextOpen = body.indexOf("[");
  if (nextOpen >= 0) body = body.slice(0, nextOpen);
  const close = body.lastIndexOf("]");
  return close > 0 ? body.slice(0, close) : undefined;
}

/** `key = value`: the key ends at the first `=`; both sides are trimmed. */
function splitItem(line: string): { key: string; value: string } | undefined {
  const equal = line.indexOf("=");
  if (equal <= 0 || isSpace(line[0])) return undefined;
  return { key: trimSpaceEnd(line.slice(0, equal)), value: trimSpace(line.slice(equal + 1)) };
}

function readText(path: string): string {
  return new TextDecoder().decode(Deno.readFileSync(path));
}

function isAbsent(error: unknown): boolean {
  return error instanceof Deno.errors.NotFound || error instanceof Deno.errors.IsADirectory ||
    error instanceof Deno.errors.NotADirectory;
}

function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/ \(os error \d+\).*$/s, "");
}
