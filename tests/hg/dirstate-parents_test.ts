import assert from "node:assert/strict";
import { parseDirstateParents } from "../../src/hg/dirstate-parents.ts";
import { CorruptionError } from "../../src/hg/errors.ts";
import { NULL_NODE } from "../../src/hg/node.ts";
import { makeHgHome, parseScript, runSteps } from "./hg-fixture.ts";

const home = await makeHgHome();

/** Builds a repository with a merge in progress; returns hg's parents and ours. */
async function parentsOf(v2: boolean): Promise<[string[], string[]]> {
  const repo = `${home.dir}/${v2 ? "v2" : "v1"}`;
  await runSteps(
    home.dir,
    [["hg", "init", "--config", `format.use-dirstate-v2=${v2}`, repo]],
    home.hgrc,
  );
  const outputs = await runSteps(
    repo,
    parseScript(`
c a; c b; hg up -q 0; c c
hg merge -q 1
hg log -r p1()+p2() -T {node}\\n`),
    home.hgrc,
  );
  const expected = outputs[outputs.length - 1].trim().split("\n");
  const requires = await Deno.readTextFile(`${repo}/.hg/requires`);
  assert.equal(requires.includes("dirstate-v2"), v2);
  return [expected, parseDirstateParents(await Deno.readFile(`${repo}/.hg/dirstate`), v2)];
}

Deno.test("dirstate v1 parents match hg", async () => {
  const [expected, actual] = await parentsOf(false);
  assert.deepEqual(actual, expected);
});

Deno.test("dirstate-v2 docket parents match hg", async () => {
  const [expected, actual] = await parentsOf(true);
  assert.deepEqual(actual, expected);
});

Deno.test("empty and damaged dirstates", () => {
  assert.deepEqual(parseDirstateParents(new Uint8Array(0), false), [NULL_NODE, NULL_NODE]);
  assert.deepEqual(parseDirstateParents(new Uint8Array(0), true), [NULL_NODE, NULL_NODE]);
  assert.throws(() => parseDirstateParents(new Uint8Array(39), false), CorruptionError);
  assert.throws(() => parseDirstateParents(new Uint8Array(100), true), /dirstate-v2 marker/);
});

Deno.test("teardown", async () => {
  await Deno.remove(home.dir, { recursive: true });
});
