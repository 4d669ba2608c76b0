/**
 * `deno task compile` builds a working single binary. Needs Deno's runtime (denort), which is
 * downloaded from Deno's site or given by DENORT_BIN; the test is skipped, saying why, without it.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { denortAvailability } from "../../src/tasks/denort.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const denort = denortAvailability();
if (!denort.available) console.warn(`compile test skipped: ${denort.reason}`);

Deno.test({
  name: "deno task compile builds dist/dhgitaly that answers --help",
  ignore: !denort.available,
  async fn() {
    const dir = await Deno.makeTempDir();
    const output = join(dir, "dhgitaly");
    const build = await new Deno.Command(Deno.execPath(), {
      args: [
        "task",
        "compile",
        "--repositories-root",
        join(dir, "repos"),
        "--listen",
        `unix:${dir}/s.sock`,
      ],
      cwd: ROOT,
      env: { DHGITALY_COMPILE_OUTPUT: output },
      stderr: "piped",
    }).output();
    assert.equal(build.code, 0, new TextDecoder().decode(build.stderr));
    const help = await new Deno.Command(output, { args: ["--help"], stdout: "piped" }).output();
    assert.equal(help.code, 0);
    assert.match(new TextDecoder().decode(help.stdout), /Usage: dhgitaly/);
    await Deno.remove(dir, { recursive: true });
  },
});

Deno.test("without denort, deno task compile stops with a clear message", {
  ignore: denort.available,
}, async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "compile"],
    cwd: ROOT,
    env: { DENORT_BIN: "" },
    stderr: "piped",
  }).output();
  assert.equal(out.code, 3);
  assert.match(new TextDecoder().decode(out.stderr), /DENORT_BIN/);
});
