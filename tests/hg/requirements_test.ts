import assert from "node:assert/strict";
import { checkRequirements, readRequiresFile } from "../../src/hg/requirements.ts";
import { UnsupportedRequirementError } from "../../src/hg/errors.ts";

Deno.test("readRequiresFile reads lines and tolerates a missing file", () => {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.writeTextFileSync(`${dir}/requires`, "store\nrevlogv1\n\n");
    assert.deepEqual(readRequiresFile(`${dir}/requires`), new Set(["store", "revlogv1"]));
    assert.deepEqual(readRequiresFile(`${dir}/nope`), new Set());
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("checkRequirements names the first unsupported requirement", () => {
  checkRequirements(new Set(["revlogv1", "store", "fncache", "dotencode", "generaldelta"]));
  assert.throws(
    () => checkRequirements(new Set(["revlogv1", "zz-unknown", "lfs"])),
    (e: unknown) => e instanceof UnsupportedRequirementError && e.requirement === "lfs",
  );
  assert.throws(
    () => checkRequirements(new Set(["store"])),
    (e: unknown) => e instanceof UnsupportedRequirementError && e.requirement === "revlogv0",
  );
});
