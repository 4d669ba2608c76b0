import assert from "node:assert/strict";
import { parseLocalTags } from "../../src/hg/local-tags.ts";

const A = "a".repeat(40);
const B = "b".repeat(40);

Deno.test("parseLocalTags: last line of a name wins, names are stripped", () => {
  const data = `${A} v1\r\n${B} v2  \n${A.toUpperCase()} v2\rbad line\n${A}\n${A} caf\xe9\xa0\n`;
  assert.deepEqual([...parseLocalTags(data)], [
    ["v1", A],
    ["v2", A],
    ["caf\xe9\xa0", A],
  ]);
  assert.equal(parseLocalTags("").size, 0);
});
