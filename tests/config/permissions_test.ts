import assert from "node:assert/strict";
import { join } from "node:path";
import { ConfigError } from "../../src/config/config-error.ts";
import { findExecutable } from "../../src/config/find-executable.ts";
import { permissionFlags } from "../../src/config/permissions.ts";
import type { Settings } from "../../src/config/settings.ts";

function settingsFor(storages: [string, string][], extra: Partial<Settings> = {}): Settings {
  return {
    listen: [{ kind: "unix", path: "/run/dhgitaly/dhgitaly.sock" }],
    repositoriesRoot: storages[0][1],
    storages: new Map(storages),
    configPaths: [],
    configFiles: [],
    logFormat: "text",
    logLevel: "info",
    hgExecutable: "/usr/bin/hg",
    workers: 1,
    gracefulShutdownTimeoutSeconds: 300,
    maxRssMib: 1024,
    monitoringIntervalSeconds: 60,
    ...extra,
  };
}

Deno.test("permission flags cover config files, storages, sockets, tools and listeners", () => {
  const settings = settingsFor([["default", "/srv/repos"], ["second", "/srv/second"]], {
    configFiles: ["/etc/dhgitaly.rc", "/etc/dhgitaly.d/inc.rc"],
    listen: [
      { kind: "unix", path: "/run/dhgitaly/dhgitaly.sock" },
      { kind: "unix", path: "/run/dhgitaly/other.sock" },
      { kind: "tcp", host: "127.0.0.1", port: 9237 },
      { kind: "tcp", host: "::1", port: 9237 },
    ],
    gitExecutable: "/usr/bin/git",
    tokeiExecutable: "/opt/tokei",
  });
  assert.deepEqual(permissionFlags(settings), [
    "--allow-read=/etc/dhgitaly.rc,/etc/dhgitaly.d/inc.rc,/srv/repos,/srv/second,/run/dhgitaly," +
    "/usr/bin/hg,/usr/bin/git,/opt/tokei",
    "--allow-write=/srv/repos,/srv/second,/run/dhgitaly",
    // Deno's node:net wants net access to `unix:<path>` to listen on a unix socket.
    "--allow-net=unix:/run/dhgitaly/dhgitaly.sock,unix:/run/dhgitaly/other.sock," +
    "127.0.0.1:9237,[::1]:9237",
    "--allow-run=/usr/bin/hg,/usr/bin/git,/opt/tokei",
    "--allow-env",
    "--allow-sys=uid",
  ]);
});

Deno.test("permission flags refuse paths with commas", () => {
  assert.throws(() => permissionFlags(settingsFor([["default", "/srv/a,b"]])), ConfigError);
});

/** Runs `checkPermissions(settings)` in a `deno run` child holding only `flags`. */
async function checkInChild(settings: Settings, flags: string[]): Promise<string[]> {
  const dir = await Deno.makeTempDir();
  const script = join(dir, "check.ts");
  const module = new URL("../../src/config/permissions.ts", import.meta.url).href;
  await Deno.writeTextFile(
    script,
    `import { checkPermissions } from ${JSON.stringify(module)};\n` +
      `const settings = JSON.parse(Deno.args[0]);\n` +
      `settings.storages = new Map(settings.storages);\n` +
      `console.log(JSON.stringify(await checkPermissions(settings)));\n`,
  );
  const json = JSON.stringify({ ...settings, storages: [...settings.storages] });
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-config", "--no-lock", "--no-prompt", ...flags, script, json],
    stdout: "piped",
    stderr: "piped",
  }).output();
  await Deno.remove(dir, { recursive: true });
  const stderr = new TextDecoder().decode(output.stderr);
  assert.ok(output.success, stderr);
  return JSON.parse(new TextDecoder().decode(output.stdout));
}

Deno.test("checkPermissions: fine with the derived flags, refuses an uncovered storage", async () => {
  const dir = await Deno.makeTempDir();
  const [main, second, run] = ["main", "second", "run"].map((name) => join(dir, name));
  const rc = join(dir, "server.rc");
  await Deno.writeTextFile(rc, "");
  const hg = findExecutable("hg", Deno.env.get("PATH") ?? "", "/");
  assert.ok(hg !== undefined);
  const settings = settingsFor([["default", main], ["second", second]], {
    configFiles: [rc],
    listen: [{ kind: "unix", path: join(run, "s.sock") }, {
      kind: "tcp",
      host: "127.0.0.1",
      port: 9999,
    }],
    hgExecutable: hg,
  });

  assert.deepEqual(await checkInChild(settings, permissionFlags(settings)), []);

  const partial = permissionFlags(settingsFor([["default", main]], {
    configFiles: [rc],
    listen: settings.listen,
    hgExecutable: hg,
  }));
  assert.deepEqual(await checkInChild(settings, partial), [
    `storage "second" (${second}): read permission missing: add --allow-read=${second}`,
    `storage "second" (${second}): write permission missing: add --allow-write=${second}`,
  ]);

  const none = await checkInChild(settings, []);
  assert.ok(none.includes(`config file ${rc}: read permission missing: add --allow-read=${rc}`));
  assert.ok(
    none.includes(
      `storage "default" (${main}): write permission missing: add --allow-write=${main}`,
    ),
  );
  assert.ok(
    none.includes(
      `listen unix:${
        join(run, "s.sock")
      } (socket directory): write permission missing: add --allow-write=${run}`,
    ),
  );
  assert.ok(
    none.includes(
      "listen tcp://127.0.0.1:9999: net permission missing: add --allow-net=127.0.0.1:9999",
    ),
  );
  assert.ok(none.includes(`hg executable (${hg}): run permission missing: add --allow-run=${hg}`));
  assert.ok(none.includes("environment: env permission missing: add --allow-env"));
  assert.ok(none.includes("user id: sys permission missing: add --allow-sys=uid"));
  await Deno.remove(dir, { recursive: true });
});
