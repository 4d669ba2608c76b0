import assert from "node:assert/strict";
import { CorruptionError } from "../../src/hg/errors.ts";
import {
  computePhases,
  isLocallyHiddenPhase,
  isMutablePhase,
  parsePhaseRoots,
  Phase,
  phaseName,
} from "../../src/hg/phases.ts";
import { revGraphFromParents } from "../../src/hg/rev-graph.ts";

const node = (rev: number) => rev.toString(16).padStart(40, "0");
const index = { rev: (n: string) => (/^0+[0-9a-f]$/.test(n) ? parseInt(n, 16) : undefined) };

Deno.test("parsePhaseRoots reads phase and node of every line", () => {
  const roots = parsePhaseRoots(`1 ${"A".repeat(40)}\n\n96 ${"b".repeat(40)}\n`);
  assert.deepEqual(roots, [
    { phase: 1, node: "a".repeat(40) },
    { phase: 96, node: "b".repeat(40) },
  ]);
  assert.deepEqual(parsePhaseRoots(""), []);
});

Deno.test("parsePhaseRoots rejects malformed lines and unknown phases", () => {
  assert.throws(() => parsePhaseRoots("1 abc\n"), CorruptionError);
  assert.throws(() => parsePhaseRoots(`draft ${"a".repeat(40)}\n`), CorruptionError);
  assert.throws(() => parsePhaseRoots(`7 ${"a".repeat(40)}\n`), /unknown phase 7/);
});

Deno.test("computePhases takes the max over roots and parents", () => {
  //   0 - 1 - 2 - 4 (merge of 2 and 3)
  //        \- 3 - 5
  const graph = revGraphFromParents([[-1, -1], [0, -1], [1, -1], [1, -1], [2, 3], [3, -1]]);
  const phases = computePhases(graph, [
    { phase: Phase.DRAFT, node: node(2) },
    { phase: Phase.SECRET, node: node(3) },
    { phase: Phase.SECRET, node: "f".repeat(40) }, // unknown: ignored
  ], index);
  assert.deepEqual([...phases], [0, 0, 1, 2, 2, 2]);
});

Deno.test("computePhases: a root below a higher phase keeps the higher phase", () => {
  const graph = revGraphFromParents([[-1, -1], [0, -1], [1, -1]]);
  const phases = computePhases(graph, [
    { phase: Phase.ARCHIVED, node: node(0) },
    { phase: Phase.DRAFT, node: node(1) },
  ], index);
  assert.deepEqual([...phases], [32, 32, 32]);
});

Deno.test("phase names and classes", () => {
  assert.deepEqual(
    [0, 1, 2, 32, 96].map(phaseName),
    ["public", "draft", "secret", "archived", "internal"],
  );
  assert.throws(() => phaseName(3), RangeError);
  assert.deepEqual([0, 1, 2, 32, 96].map(isMutablePhase), [false, true, true, true, true]);
  assert.deepEqual([0, 1, 2, 32, 96].map(isLocallyHiddenPhase), [false, false, false, true, true]);
});
