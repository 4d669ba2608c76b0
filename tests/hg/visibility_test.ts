import assert from "node:assert/strict";
import { revGraphFromParents } from "../../src/hg/rev-graph.ts";
import { computeHidden } from "../../src/hg/visibility.ts";

const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);

//   0 - 1 - 2 - 3 - 4
//        \- 5 - 6
//            \- 7 (merge of 7's parents 5 and 4)
const graph = revGraphFromParents([
  [-1, -1],
  [0, -1],
  [1, -1],
  [2, -1],
  [3, -1],
  [1, -1],
  [5, -1],
  [5, 4],
]);
const drafts = Uint8Array.from([0, 0, 1, 1, 1, 1, 1, 1]);

Deno.test("obsolete revisions without visible descendants are hidden", () => {
  assert.deepEqual(sorted(computeHidden(graph, drafts, [6], [])), [6]);
  assert.deepEqual(sorted(computeHidden(graph, drafts, [2, 3, 4, 7], [])), [2, 3, 4, 7]);
});

Deno.test("a visible descendant reveals its obsolete ancestors, through merges too", () => {
  assert.deepEqual(sorted(computeHidden(graph, drafts, [2, 3, 5], [])), []);
  assert.deepEqual(sorted(computeHidden(graph, drafts, [3, 4, 5, 6], [])), [6]);
});

Deno.test("pinned revisions and their ancestors stay visible", () => {
  const obsolete = [2, 3, 4, 5, 6, 7];
  assert.deepEqual(sorted(computeHidden(graph, drafts, obsolete, [3])), [4, 5, 6, 7]);
  assert.deepEqual(sorted(computeHidden(graph, drafts, obsolete, [7])), [6]);
  assert.deepEqual(sorted(computeHidden(graph, drafts, obsolete, [-1, 99])), obsolete);
});

Deno.test("archived and internal phases are hideable", () => {
  const phases = Uint8Array.from([0, 0, 1, 1, 32, 1, 96, 96]);
  assert.deepEqual(sorted(computeHidden(graph, phases, [], [])), [4, 6, 7]);
  assert.deepEqual(sorted(computeHidden(graph, phases, [], [7])), [6]);
});

Deno.test("nothing hideable: empty set", () => {
  assert.equal(computeHidden(graph, drafts, [], [1, 2]).size, 0);
});
