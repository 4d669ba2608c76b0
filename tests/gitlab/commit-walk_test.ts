import assert from "node:assert/strict";
import { revGraphFromParents } from "../../src/hg/rev-graph.ts";
import { allRevs, walkRevs } from "../../src/gitlab/commit-walk.ts";

//   0 - 1 - 2 - 5 (merge of 2 and 4) - 6
//        \- 3 - 4
//   7 (separate root)
const graph = revGraphFromParents([
  [-1, -1],
  [0, -1],
  [1, -1],
  [1, -1],
  [3, -1],
  [2, 4],
  [5, -1],
  [-1, -1],
]);

Deno.test("walkRevs: ancestors, exclusions, first parent, laziness", () => {
  assert.deepEqual([...walkRevs(graph, { include: [6] })], [6, 5, 4, 3, 2, 1, 0]);
  assert.deepEqual([...walkRevs(graph, { include: [6], exclude: [2] })], [6, 5, 4, 3]);
  assert.deepEqual([...walkRevs(graph, { include: [6], firstParent: true })], [6, 5, 2, 1, 0]);
  assert.deepEqual([...walkRevs(graph, { include: [4, 7] })], [7, 4, 3, 1, 0]);
  assert.deepEqual([...walkRevs(graph, { include: [2], exclude: [6] })], []);
  assert.deepEqual([...walkRevs(graph, { include: [-1] })], []);
  const it = walkRevs(graph, { include: [6] });
  assert.equal(it.next().value, 6);
  assert.deepEqual([...allRevs(8, (r) => r % 2 === 0)], [6, 4, 2, 0]);
});
