import assert from "node:assert/strict";
import { computeObsolescence } from "../../src/hg/obsolete.ts";
import type { ObsMarker } from "../../src/hg/obsstore.ts";
import { revGraphFromParents } from "../../src/hg/rev-graph.ts";

const node = (rev: number) => rev.toString(16).padStart(40, "0");
const index = { rev: (n: string) => (/^0+[0-9a-f]$/.test(n) ? parseInt(n, 16) : undefined) };
const marker = (precursor: string, successors: string[]): ObsMarker => ({
  precursor,
  successors,
  parents: null,
  flags: 0,
  date: 0,
  tzOffset: 0,
  metadata: [],
});

//   0 - 1 - 2 - 3
//        \- 4 - 5 (merge of 4 and 3)
const graph = revGraphFromParents([[-1, -1], [0, -1], [1, -1], [2, -1], [1, -1], [4, 3]]);

Deno.test("obsolete: non-public predecessors that exist", () => {
  const phases = Uint8Array.from([0, 0, 1, 1, 1, 1]);
  const markers = [
    marker(node(1), [node(4)]), // public: not obsolete
    marker(node(2), [node(4)]),
    marker(node(2), []), // a second marker on the same predecessor
    marker("e".repeat(40), [node(3)]), // unknown predecessor
  ];
  const obs = computeObsolescence(markers, index, graph, phases);
  assert.deepEqual([...obs.obsolete], [2]);
  assert.deepEqual([...obs.orphan].sort(), [3, 5]);
  assert.ok(obs.isObsolete(2) && !obs.isObsolete(1) && !obs.isObsolete(-1));
  assert.ok(obs.isOrphan(5) && !obs.isOrphan(4) && !obs.isOrphan(99));
  assert.equal(obs.successorMarkers.get(node(2))?.length, 2);
  assert.deepEqual(obs.predecessorMarkers.get(node(4))?.map((m) => m.precursor), [
    node(1),
    node(2),
  ]);
  assert.equal(obs.predecessorMarkers.get(node(3))?.length, 1);
});

Deno.test("obsolete revisions are not orphans; public children are not orphans", () => {
  const phases = Uint8Array.from([0, 1, 1, 1, 0, 1]);
  const obs = computeObsolescence([marker(node(1), []), marker(node(2), [])], index, graph, phases);
  assert.deepEqual([...obs.obsolete].sort(), [1, 2]);
  assert.deepEqual([...obs.orphan].sort(), [3, 5]);
});

Deno.test("no markers", () => {
  const obs = computeObsolescence([], index, graph, new Uint8Array(6));
  assert.equal(obs.obsolete.size + obs.orphan.size, 0);
});
