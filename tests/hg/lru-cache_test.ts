import assert from "node:assert/strict";
import { LruCache } from "../../src/hg/lru-cache.ts";

Deno.test("LruCache evicts least recently used entries by weight", () => {
  const c = new LruCache<string, string>(10, (v) => v.length);
  c.set("a", "aaaa");
  c.set("b", "bbbb");
  assert.equal(c.get("a"), "aaaa"); // a is now the most recent
  c.set("c", "cccc"); // 12 > 10: evicts b
  assert.equal(c.peek("b"), undefined);
  assert.deepEqual([c.peek("a"), c.peek("c")], ["aaaa", "cccc"]);
  assert.equal(c.weight, 8);
  c.set("huge", "x".repeat(11));
  assert.equal(c.peek("huge"), undefined, "heavier than the budget: not stored");
  c.set("a", "a");
  assert.equal(c.weight, 5);
  assert.equal(c.delete("a"), true);
  assert.equal(c.delete("a"), false);
  c.resize(0);
  assert.equal(c.size, 0);
});

Deno.test("LruCache honours the maximum entry weight", () => {
  const c = new LruCache<number, number>(100, (v) => v, 10);
  c.set(1, 11);
  c.set(2, 10);
  assert.equal(c.peek(1), undefined);
  assert.equal(c.peek(2), 10);
  c.clear();
  assert.equal(c.weight, 0);
});

Deno.test("getOrCreate creates once, then returns the stored value and refreshes it", () => {
  const c = new LruCache<string, { n: number }>(2);
  let created = 0;
  const make = () => ({ n: ++created });
  const a = c.getOrCreate("a", make);
  assert.equal(c.getOrCreate("a", make), a);
  assert.equal(created, 1);
  c.set("b", { n: 0 });
  c.getOrCreate("a", make); // a becomes most recent: adding c evicts b
  c.set("c", { n: 0 });
  assert.equal(c.peek("a"), a);
  assert.equal(c.peek("b"), undefined);
  // A value too heavy to store is still returned.
  const tiny = new LruCache<string, number[]>(1, (v) => v.length);
  assert.deepEqual(tiny.getOrCreate("x", () => [1, 2]), [1, 2]);
  assert.equal(tiny.peek("x"), undefined);
});
