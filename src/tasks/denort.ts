/** Whether `deno compile` can find Deno's runtime binary (denort) without the network. */
import { join } from "node:path";

/** Availability of denort, with the reason when it is not available. */
export type DenortAvailability = { available: true; source: string } | {
  available: false;
  reason: string;
};

/** Where Deno caches a downloaded denort for this version and target. */
function cachedDenortPath(): string | undefined {
  const home = Deno.env.get("DENO_DIR") ??
    join(Deno.env.get("XDG_CACHE_HOME") ?? join(Deno.env.get("HOME") ?? "/root", ".cache"), "deno");
  return join(home, "dl", "release", `v${Deno.version.deno}`, `denort-${Deno.build.target}.zip`);
}

/** DENORT_BIN when set and present, else a cached download, else unavailable with why. */
export function denortAvailability(): DenortAvailability {
  const explicit = Deno.env.get("DENORT_BIN");
  if (explicit) {
    try {
      if (Deno.statSync(explicit).isFile) return { available: true, source: explicit };
    } catch { /* reported below */ }
    return { available: false, reason: `DENORT_BIN=${explicit} is not a file` };
  }
  const cached = cachedDenortPath();
  try {
    if (cached && Deno.statSync(cached).isFile) return { available: true, source: cached };
  } catch { /* not cached */ }
  return {
    available: false,
    reason: `no Deno runtime (denort ${Deno.version.deno}) available: Deno's download site is ` +
      `unreachable from this machine and DENORT_BIN is not set. Set DENORT_BIN to a denort ` +
      `binary of Deno ${Deno.version.deno} for ${Deno.build.target}.`,
  };
}
