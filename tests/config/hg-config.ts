/** Test helper: the configuration `hg config` reports for a given HGRCPATH. */
export interface HgConfigEntry {
  /** `value` as printed by hg. */
  value: string;
  /** `file:line` as printed by `hg config --source`. */
  source: string;
}

/** Runs `hg config args...` in `home` with only HGRCPATH, HOME and PATH set. */
function runHgConfig(args: string[], hgrcPath: string, home: string): Promise<Deno.CommandOutput> {
  return new Deno.Command("hg", {
    args: ["config", ...args],
    env: { HGRCPATH: hgrcPath, HOME: home, PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin" },
    clearEnv: true,
    cwd: home,
    stdout: "piped",
    stderr: "piped",
  }).output();
}

/** Runs `hg config -T json --source` in a clean environment; map keyed by `section.key`. */
export async function hgConfig(
  hgrcPath: string,
  home: string,
): Promise<Map<string, HgConfigEntry>> {
  const output = await runHgConfig(["-T", "json", "--source"], hgrcPath, home);
  if (!output.success) {
    throw new Error(`hg config failed: ${new TextDecoder().decode(output.stderr)}`);
  }
  const entries = JSON.parse(new TextDecoder().decode(output.stdout)) as {
    name: string;
    value: string;
    source: string;
  }[];
  return new Map(entries.map((e) => [e.name, { value: e.value, source: e.source }]));
}

/** Runs `hg config` expecting a failure; returns its stderr. */
export async function hgConfigError(hgrcPath: string, home: string): Promise<string> {
  const output = await runHgConfig([], hgrcPath, home);
  if (output.success) throw new Error("hg config unexpectedly succeeded");
  return new TextDecoder().decode(output.stderr);
}
