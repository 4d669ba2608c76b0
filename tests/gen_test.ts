/** src/gen must be what `deno task gen` produces from protos/ (fails when stale). */
import assert from "node:assert/strict";
import { join, relative } from "node:path";

const ROOT = new URL("..", import.meta.url).pathname;

async function listFiles(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (d: string) => {
    for await (const entry of Deno.readDir(d)) {
      const path = join(d, entry.name);
      if (entry.isDirectory) await walk(path);
      else out.set(relative(dir, path), await Deno.readTextFile(path));
    }
  };
  await walk(dir);
  return out;
}

async function run(args: string[], cwd: string) {
  const out = await new Deno.Command(Deno.execPath(), { args, cwd, stderr: "piped" }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
}

Deno.test("generated code in src/gen is up to date with protos/", async () => {
  const tmp = await Deno.makeTempDir();
  await run(["run", "-A", "npm:@bufbuild/buf@1.74.0", "generate", "-o", tmp], ROOT);
  const fresh = join(tmp, "src", "gen");
  await run(["fmt", "--config", join(ROOT, "deno.json"), fresh], ROOT);
  const expected = await listFiles(fresh);
  const actual = await listFiles(join(ROOT, "src", "gen"));
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), "same files");
  for (const [name, text] of expected) {
    assert.ok(actual.get(name) === text, `src/gen/${name} is stale: run deno task gen`);
  }
  await Deno.remove(tmp, { recursive: true });
});
