/**
 * `deno task compile [server flags]`: builds `dist/dhgitaly`, a single binary whose Deno
 * permissions are baked in for the settings resolved from the given flags and environment
 * (e.g. `--repositories-root /var/lib/dhgitaly/repositories --listen unix:/run/dhgitaly/dhgitaly.sock`).
 *
 * `deno compile` needs Deno's runtime (denort). Where Deno's download site is unreachable, point
 * `DENORT_BIN` at a denort binary of the same version; without it this task stops with a clear
 * message instead of hanging on the download.
 */
import { join } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";
import { derivePermissionFlags, orExit } from "./derive-permissions.ts";
import { denortAvailability } from "./denort.ts";

const root = fromFileUrl(new URL("../../", import.meta.url));
const output = Deno.env.get("DHGITALY_COMPILE_OUTPUT") ?? join(root, "dist", "dhgitaly");
const availability = denortAvailability();
if (!availability.available) {
  console.error(`dhgitaly compile: ${availability.reason}`);
  Deno.exit(3);
}
const permissions = orExit(() => derivePermissionFlags(Deno.args));
const args = [
  "compile",
  "--no-prompt",
  ...permissions,
  // Loaded by `new Worker(...)`, which deno compile cannot discover by itself.
  "--include",
  join(root, "src/services/repository/archive-worker.ts"),
  "--include",
  join(root, "src/services/diff/line-diff-worker.ts"),
  "--output",
  output,
  join(root, "main.ts"),
  ...Deno.args,
];
console.error(`deno ${args.join(" ")}`);
const status = await new Deno.Command(Deno.execPath(), { args, cwd: root }).spawn().status;
Deno.exit(status.code);
