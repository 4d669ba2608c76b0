/** Reads one environment variable; `undefined` when it is not set. */
export type EnvLookup = (name: string) => string | undefined;

const VARIABLE = /\$(?:([A-Za-z0-9_]+)|\{([^}]*)\})/g;

/**
 * Expands environment variables (`$NAME`, `${NAME}`) and then a leading `~` in a
 * path, as Mercurial does for `%include` and `HGRCPATH` entries.
 *
 * Unknown variables are left as written. `~` (alone or followed by `/`) is
 * replaced by `$HOME`; `~user` forms are left unchanged because resolving them
 * would need the password database.
 */
export function expandPath(path: string, env: EnvLookup): string {
  const expanded = path.replace(
    VARIABLE,
    (whole, bare: string | undefined, braced: string | undefined) => {
      const name = bare ?? braced ?? "";
      return env(name) ?? whole;
    },
  );
  if (expanded !== "~" && !expanded.startsWith("~/")) return expanded;
  const home = env("HOME");
  if (home === undefined || home === "") return expanded;
  const base = home.length > 1 ? home.replace(/\/+$/, "") : home;
  const rest = expanded.slice(1);
  if (rest === "") return base;
  return base === "/" ? rest : base + rest;
}
