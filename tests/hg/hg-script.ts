/** Test helpers running the real `hg` (with evolve and topic) to build and inspect fixtures. */
import { bytesToByteString, type ByteString } from "../../src/hg/byte-string.ts";

/** Environment making hg deterministic and independent of the user's configuration. */
export function hgEnv(hgrc: string): Record<string, string> {
  return {
    HGRCPATH: hgrc,
    HGPLAIN: "1",
    HGENCODING: "utf-8",
    HGUSER: "Test <test@example.org>",
    TZ: "UTC",
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
  };
}

/** Creates a temp dir holding an hgrc enabling evolve and topic; returns both paths. */
export async function makeHgHome(): Promise<{ dir: string; hgrc: string }> {
  const dir = await Deno.makeTempDir({ prefix: "dhgitaly-test-" });
  const hgrc = `${dir}/hgrc`;
  await Deno.writeTextFile(
    hgrc,
    [
      "[extensions]",
      "evolve =",
      "topic =",
      "[experimental]",
      "evolution = all",
      "[devel]",
      "default-date = 0 0",
      "",
    ].join("\n"),
  );
  return { dir, hgrc };
}

/** Runs `hg args...` in `cwd` and returns its stdout as a ByteString. */
export async function hg(args: string[], cwd: string, hgrc: string): Promise<ByteString> {
  const out = await new Deno.Command("hg", {
    args,
    cwd,
    env: hgEnv(hgrc),
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`hg ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
  return bytesToByteString(out.stdout);
}
