import assert from "node:assert/strict";
import { join } from "node:path";
import { hgrcPathEntries } from "../../src/config/hgrc-path.ts";
import { loadHgrc } from "../../src/config/hgrc.ts";
import { hgConfig } from "./hg-config.ts";

Deno.test("HGRCPATH: files and directories of sorted *.rc files, empty entries skipped", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(join(dir, "conf.d"));
  for (const name of ["b.rc", "a.rc", "c.txt", "B.rc"]) {
    await Deno.writeTextFile(join(dir, "conf.d", name), `[s]\nv = ${name}\n`);
  }
  await Deno.writeTextFile(join(dir, "single"), "[s]\nsingle = 1\n");
  const value = `${join(dir, "single")}::${join(dir, "conf.d")}:${join(dir, "missing.rc")}`;
  const entries = hgrcPathEntries(value, () => undefined);
  assert.deepEqual(entries, [
    join(dir, "single"),
    join(dir, "conf.d", "B.rc"),
    join(dir, "conf.d", "a.rc"),
    join(dir, "conf.d", "b.rc"),
    join(dir, "missing.rc"),
  ]);
  const config = loadHgrc(entries);
  assert.equal(config.get("s", "v"), "b.rc");
  const hg = await hgConfig(value, dir);
  assert.equal(hg.get("s.v")?.value, "b.rc");
  assert.equal(hg.get("s.v")?.source, config.source("s", "v"));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("HGRCPATH: entries expand ~ and variables", () => {
  const env = (name: string) =>
    ({ HOME: "/home/u", CONF: "/etc/x" } as Record<string, string>)[name];
  assert.deepEqual(hgrcPathEntries("~/.hgrc:$CONF/a.rc:${CONF}b:$NOPE/c", env), [
    "/home/u/.hgrc",
    "/etc/x/a.rc",
    "/etc/xb",
    "$NOPE/c",
  ]);
});
