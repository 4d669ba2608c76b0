import { ConfigError } from "./config-error.ts";

/** One configuration item: its value and where it was last set (`file:line`). */
export interface HgrcItem {
  /** Name of the item inside its section. */
  readonly key: string;
  /** Value, continuation lines joined with `"\n"`. */
  readonly value: string;
  /** Location of the line that last set the value, as `file:line`. */
  readonly source: string;
}

const TRUE_WORDS = new Set(["1", "yes", "true", "on"]);
const FALSE_WORDS = new Set(["0", "no", "false", "off"]);

/**
 * Configuration read from Mercurial config files: sections of items, later
 * settings overriding earlier ones. Item order within a section follows the
 * last time each item was set, as in `hg config`.
 */
export class HgrcConfig {
  #sections = new Map<string, Map<string, HgrcItem>>();
  #files: string[] = [];

  /** Sets an item, replacing any earlier value. */
  set(section: string, key: string, value: string, source: string): void {
    let items = this.#sections.get(section);
    if (items === undefined) {
      items = new Map();
      this.#sections.set(section, items);
    }
    // Deleting first moves a re-set item to the end, like Mercurial.
    items.delete(key);
    items.set(key, { key, value, source });
  }

  /** Removes an item if it is set (the `%unset` directive). */
  unset(section: string, key: string): void {
    this.#sections.get(section)?.delete(key);
  }

  /** Records that a file was read (used to derive read permissions). */
  addFile(path: string): void {
    if (!this.#files.includes(path)) this.#files.push(path);
  }

  /** Files read so far, includes included, in reading order. */
  get files(): readonly string[] {
    return this.#files;
  }

  /** Names of the sections having at least one item. */
  sections(): string[] {
    return [...this.#sections].filter(([, items]) => items.size > 0).map(([name]) => name);
  }

  /** The raw value of an item, `undefined` when not set. */
  get(section: string, key: string): string | undefined {
    return this.#sections.get(section)?.get(key)?.value;
  }

  /** Where an item was last set (`file:line`), `undefined` when not set. */
  source(section: string, key: string): string | undefined {
    return this.#sections.get(section)?.get(key)?.source;
  }

  /** All items of a section, in Mercurial's order. */
  items(section: string): HgrcItem[] {
    return [...(this.#sections.get(section)?.values() ?? [])];
  }

  /**
   * A boolean item (`1 yes true on` / `0 no false off`, any case), `undefined`
   * when not set; throws {@link ConfigError} on another word.
   */
  getBool(section: string, key: string): boolean | undefined {
    const value = this.get(section, key);
    if (value === undefined) return undefined;
    const word = value.toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    throw this.#invalid(section, key, "is not a boolean");
  }

  /**
   * An integer item, `undefined` when not set; throws {@link ConfigError} when
   * the value is not a decimal integer.
   */
  getInt(section: string, key: string): number | undefined {
    const value = this.get(section, key);
    if (value === undefined) return undefined;
    const text = value.trim();
    if (!/^[+-]?\d+$/.test(text)) throw this.#invalid(section, key, "is not a valid integer");
    const number = Number(text);
    if (!Number.isSafeInteger(number)) throw this.#invalid(section, key, "is out of range");
    return number;
  }

  #invalid(section: string, key: string, problem: string): ConfigError {
    const value = this.get(section, key);
    const where = this.source(section, key);
    return new ConfigError(`${where}: ${section}.${key} ${problem} (${JSON.stringify(value)})`);
  }
}
