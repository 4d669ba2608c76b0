import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { byteStringToUtf8 } from "../../src/hg/byte-string.ts";
import { CorruptionError } from "../../src/hg/errors.ts";
import { parseMergeState } from "../../src/hg/merge-state.ts";
import { makeHgHome, parseScript, runSteps } from "./hg-fixture.ts";

const home = await makeHgHome();
const repo = `${home.dir}/repo`;
await runSteps(home.dir, [["hg", "init", repo]], home.hgrc);
await runSteps(
  repo,
  parseScript(`
w f base; w g base; hg ci -qAm base
w f one; w g one; hg ci -qm one
hg up -q 0; w f two; w g two; hg ci -qm two`),
  home.hgrc,
);
// Both files conflict and stay unresolved.
await runSteps(repo, [["hg", "--config", "ui.merge=:fail", "merge", "-q", "1"]], home.hgrc, {
  allowFailure: true,
});

interface JsonMergeState {
  commits: { name: string; node: string }[];
  files: { path: string; state: string }[];
}

async function compareWithHg(): Promise<number> {
  const [json] = await runSteps(repo, [["hg", "debugmergestate", "-T", "json"]], home.hgrc);
  const [expected] = JSON.parse(byteStringToUtf8(json)) as JsonMergeState[];
  const state = parseMergeState(await Deno.readFile(`${repo}/.hg/merge/state2`));
  const commit = (name: string) => expected.commits.find((c) => c.name === name)?.node;
  assert.equal(state.local, commit("local"));
  assert.equal(state.other, commit("other"));
  assert.equal(state.unresolvedCount, expected.files.filter((f) => f.state === "u").length);
  assert.ok(state.active);
  return state.unresolvedCount;
}

Deno.test("merge state matches hg debugmergestate", async () => {
  assert.equal(await compareWithHg(), 2);
  await runSteps(repo, [["hg", "resolve", "-q", "-m", "f"]], home.hgrc);
  assert.equal(await compareWithHg(), 1);
  await runSteps(repo, [["hg", "resolve", "-q", "-m", "g"]], home.hgrc);
  assert.equal(await compareWithHg(), 0);
});

function record(type: string, content: string): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeUInt32BE(content.length, 1);
  return Buffer.concat([head, Buffer.from(content, "latin1")]);
}

Deno.test("synthetic records: override wrapper, later records win, unknown types", () => {
  const state = parseMergeState(Buffer.concat([
    record("L", "a".repeat(40)),
    record("t", `O${"b".repeat(40)}`),
    record("F", "x\0u\0rest"),
    record("F", "x\0r\0rest"),
    record("P", "y\0pu\0z"),
    record("C", "w\0o\0"),
    record("l", "labels"),
  ]));
  assert.deepEqual(state, {
    local: "a".repeat(40),
    other: "b".repeat(40),
    unresolvedCount: 1,
    active: true,
  });
  assert.deepEqual(parseMergeState(new Uint8Array(0)), {
    local: undefined,
    other: undefined,
    unresolvedCount: 0,
    active: false,
  });
  assert.throws(() => parseMergeState(record("L", "abc").subarray(0, 6)), CorruptionError);
});

Deno.test("teardown", async () => {
  await Deno.remove(home.dir, { recursive: true });
});
