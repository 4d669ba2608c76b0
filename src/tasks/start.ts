/**
 * `deno task start [server flags]`: runs main.ts under exactly the Deno permissions its settings
 * need (derived here), forwarding stop signals and the exit code.
 */
import { fileURLToPath as fromFileUrl } from "node:url";
import { derivePermissionFlags, orExit } from "./derive-permissions.ts";

const args = Deno.args;
const permissions = args.includes("--help") || args.includes("-h")
  ? []
  : orExit(() => derivePermissionFlags(args));
const mainPath = fromFileUrl(new URL("../../main.ts", import.meta.url));
const child = new Deno.Command(Deno.execPath(), {
  args: ["run", "--no-prompt", ...permissions, mainPath, ...args],
  stdin: "null",
}).spawn();
for (const sig of ["SIGTERM", "SIGINT"] as const) {
  Deno.addSignalListener(sig, () => {
    try {
      child.kill(sig);
    } catch { /* already exited */ }
  });
}
const status = await child.status;
Deno.exit(status.code);
