import assert from "node:assert/strict";
import { refMatcher } from "../../src/gitlab/ref-patterns.ts";
import { commonAncestorHeads, mergeBase } from "../../src/gitlab/ancestry.ts";
import { revGraphFromParents } from "../../src/hg/rev-graph.ts";

Deno.test("for-each-ref patterns: prefixes at slash boundaries, globs within components", () => {
  const m = refMatcher(["refs/heads/topic", "refs/tags/v*", "refs/keep-around/"]);
  assert.ok(m("refs/heads/topic/a/b"));
  assert.ok(m("refs/heads/topic"));
  assert.ok(!m("refs/heads/topical"));
  assert.ok(m("refs/tags/v1.0"));
  assert.ok(!m("refs/tags/x/v1"));
  assert.ok(!m("refs/tags/v1/x"), "* does not cross /");
  assert.ok(m("refs/keep-around/abc"));
  assert.ok(refMatcher([])("anything"));
  assert.ok(refMatcher(["refs/tags/v[0-9]"])("refs/tags/v7"));
});

Deno.test("criss-cross merge bases: both heads found, smallest node chosen", () => {
  // 0 - 1, 0 - 2, 3 = merge(1, 2), 4 = merge(2, 1)
  const graph = revGraphFromParents([[-1, -1], [0, -1], [0, -1], [1, 2], [2, 1]]);
  assert.deepEqual(commonAncestorHeads(graph, 3, 4), [2, 1]);
  const nodes = ["a0", "f1", "b2", "c3", "d4"];
  assert.equal(mergeBase(graph, [3, 4], (r) => nodes[r]), 2);
  assert.equal(mergeBase(graph, [1, 2, 3], (r) => nodes[r]), 0);
  const disjoint = revGraphFromParents([[-1, -1], [-1, -1]]);
  assert.equal(mergeBase(disjoint, [0, 1], String), undefined);
});
