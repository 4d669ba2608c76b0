/** The README stays true: its RPC table is the registry's, its two set-up commands exist. */
import assert from "node:assert/strict";
import { readmeRpcTable, rpcStatusTable, tableCells } from "../src/tasks/rpc-table.ts";

const README = await Deno.readTextFile(new URL("../README.md", import.meta.url));

Deno.test("README's RPC status table matches the registry (deno task rpc-table)", () => {
  assert.ok(README.includes("<!-- rpc-table:start -->"), "README has the rpc-table markers");
  assert.deepEqual(
    tableCells(readmeRpcTable(README)),
    tableCells(rpcStatusTable()),
    "regenerate with: deno task rpc-table --write",
  );
});

Deno.test("README's fresh-machine commands are the ones .ci/run relies on", async () => {
  assert.ok(README.includes("bash .ci/setup && deno task start"));
  assert.ok(README.includes("bash .ci/setup && deno task test"));
  const ci = await Deno.readTextFile(new URL("../.ci/run", import.meta.url));
  assert.ok(ci.includes("bash .ci/setup") && ci.includes("deno task test"));
});
