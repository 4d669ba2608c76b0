/**
 * The README's RPC status table, generated from the service registry so it cannot drift:
 * `deno task rpc-table` prints it; tests/readme_test.ts checks the README holds exactly it.
 */
import { allServices } from "../services/registry.ts";
import type { ServiceEnv } from "../services/service-env.ts";

/** Markdown table: one row per service, implemented and UNIMPLEMENTED RPCs listed. */
export function rpcStatusTable(): string {
  const env: ServiceEnv = { storages: new Map(), hgExecutable: "hg", version: "" };
  const rows = ["| service | implemented | UNIMPLEMENTED |", "| --- | --- | --- |"];
  let done = 0;
  let total = 0;
  for (const binding of allServices(env)) {
    const implemented: string[] = [];
    const missing: string[] = [];
    for (const method of binding.service.methods) {
      (binding.impl[method.localName] ? implemented : missing).push(method.name);
    }
    done += implemented.length;
    total += binding.service.methods.length;
    rows.push(
      `| ${binding.service.typeName} | ${implemented.join(", ") || "—"} | ${
        missing.join(", ") || "—"
      } |`,
    );
  }
  rows.push(`| **total** | **${done}** | **${total - done}** |`);
  return rows.join("\n");
}

/** Table cells per row, whitespace and separator-dash counts ignored (deno fmt re-pads tables). */
export function tableCells(markdown: string): string[][] {
  return markdown.trim().split("\n").map((line) =>
    line.trim().replace(/^\||\|$/g, "").split("|").map((c) => c.trim().replace(/^-+$/, "---"))
  );
}

const START = "<!-- rpc-table:start -->";
const END = "<!-- rpc-table:end -->";

/** The README text with the table between its markers replaced. */
export function withRpcTable(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error("README lacks the rpc-table markers");
  return `${readme.slice(0, start + START.length)}\n${rpcStatusTable()}\n${readme.slice(end)}`;
}

/** The table currently between the README's markers. */
export function readmeRpcTable(readme: string): string {
  return readme.slice(readme.indexOf(START) + START.length, readme.indexOf(END));
}

if (import.meta.main) {
  if (Deno.args.includes("--write")) {
    const path = new URL("../../README.md", import.meta.url);
    Deno.writeTextFileSync(path, withRpcTable(Deno.readTextFileSync(path)));
    await new Deno.Command(Deno.execPath(), { args: ["fmt", path.pathname] }).output();
  } else {
    console.log(rpcStatusTable());
  }
}
