import assert from "node:assert/strict";
import { repoGraph, repoHidden } from "../../src/hg/repo-state.ts";
import { openRepository } from "../../src/hg/repository.ts";
import { visibleHeads } from "../../src/hg/visible-heads.ts";
import { buildFixture } from "./hg-fixture.ts";

const fixture = await buildFixture(`
c r0; c r1
hg up -q 0; c r2
hg up -q 0; hg branch -q b; c r3; hg ci -q --close-branch -m r4
hg up -q 2; c r5; hg prune -q -r 5
hg up -q 1; hg merge -q 2; hg ci -qm r6
hg up -q 3; c r7; a r7 amended; hg amend -q
`);

async function revs(revset: string, hidden = false): Promise<number[]> {
  const args = [...(hidden ? ["--hidden"] : []), "log", "-r", revset, "-T", "{rev}\\n"];
  const out = await fixture.server.check(...args);
  return out.split("\n").filter((s) => s !== "").map(Number).sort((a, b) => a - b);
}

Deno.test("visible heads match hg's heads(all()), hidden changesets excluded", async () => {
  const repo = openRepository(fixture.repo);
  const graph = repoGraph(repo);
  assert.deepEqual(visibleHeads(graph, repoHidden(repo)), await revs("heads(all())"));
  assert.deepEqual(visibleHeads(graph), await revs("heads(all())", true));
});
