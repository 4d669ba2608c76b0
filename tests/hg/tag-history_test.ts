import assert from "node:assert/strict";
import { mergeTagHistories, parseTagsFile } from "../../src/hg/tag-history.ts";

const A = "a".repeat(40);
const B = "b".repeat(40);
const C = "c".repeat(40);

Deno.test("parseTagsFile: history per name, Mercurial's tolerance of malformed lines", () => {
  const data = [
    `${A} v1`,
    `${B.toUpperCase()}   v1  \r`,
    "zz bad",
    "nospace",
    "",
    "abcd short",
    ` empty-node`,
    `${C} \tspaced name\t`,
  ].join("\n");
  const tags = parseTagsFile(data);
  assert.deepEqual(tags.get("v1"), { node: B, history: [A] });
  assert.deepEqual(tags.get("short"), { node: "abcd", history: [] });
  assert.deepEqual(tags.get("empty-node"), { node: "", history: [] });
  assert.deepEqual(tags.get("spaced name"), { node: C, history: [] });
  assert.equal(tags.has("bad"), false);
  assert.deepEqual([...tags.keys()], ["v1", "short", "empty-node", "spaced name"]);
});

Deno.test("mergeTagHistories: the later file wins unless the earlier one supersedes it", () => {
  const merged = parseTagsFile(`${A} t\n${B} t\n${A} u\n`);
  const won = mergeTagHistories(merged, parseTagsFile(`${A} t\n${C} u\n${C} new\n`));
  // t: earlier B has A in its history and a longer history -> earlier wins.
  assert.deepEqual(merged.get("t"), { node: B, history: [A] });
  // u: no supersession -> later wins; only histories are combined, not the losing node.
  assert.deepEqual(merged.get("u"), { node: C, history: [] });
  assert.deepEqual([...won].sort(), ["new", "u"]);
});

Deno.test("mergeTagHistories: mutual supersession goes to the longer history", () => {
  const merged = parseTagsFile(`${A} t\n${B} t\n${A} t\n${B} t\n`); // B, history [A, B, A]
  mergeTagHistories(merged, parseTagsFile(`${B} t\n${A} t\n`)); // A, history [B]
  // Earlier nodes are appended when absent from the incoming history (duplicates kept).
  assert.deepEqual(merged.get("t"), { node: B, history: [B, A, A] });
});
