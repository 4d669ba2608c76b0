import assert from "node:assert/strict";
import { join } from "node:path";
import { type CliFlags, parseFlags } from "../../src/config/cli-flags.ts";
import { ConfigError } from "../../src/config/config-error.ts";
import { resolveSettings, type SettingsInput } from "../../src/config/settings.ts";

/** A temp dir with fake `hg` and `git` executables in `bin/`. */
async function fixture(): Promise<{ dir: string; bin: string; cleanup: () => Promise<void> }> {
  const dir = await Deno.makeTempDir();
  const bin = join(dir, "bin");
  await Deno.mkdir(bin);
  for (const name of ["hg", "git"]) {
    await Deno.writeTextFile(join(bin, name), "#!/bin/sh\n", { mode: 0o755 });
  }
  await Deno.writeTextFile(join(bin, "tokei"), "not executable\n", { mode: 0o644 });
  return { dir, bin, cleanup: () => Deno.remove(dir, { recursive: true }) };
}

function input(
  args: string[],
  env: Record<string, string>,
  extra: Partial<SettingsInput> = {},
): SettingsInput {
  const flags: CliFlags = parseFlags(args);
  return { flags, env, uid: 1000, cwd: "/work", cpuCount: 8, ...extra };
}

Deno.test("settings: defaults for a user", async () => {
  const { bin, cleanup } = await fixture();
  const settings = resolveSettings(input([], { HOME: "/home/u", PATH: bin }));
  assert.deepEqual(settings, {
    listen: [{ kind: "unix", path: "/tmp/dhgitaly-1000/dhgitaly.sock" }],
    repositoriesRoot: "/home/u/.local/share/dhgitaly/repositories",
    storages: new Map([["default", "/home/u/.local/share/dhgitaly/repositories"]]),
    configPaths: [],
    configFiles: [],
    logFormat: "text",
    logLevel: "info",
    hgExecutable: join(bin, "hg"),
    gitExecutable: join(bin, "git"),
    tokeiExecutable: undefined,
    licenseDetectorExecutable: undefined,
    bzip2Executable: undefined,
    workers: 5,
    gracefulShutdownTimeoutSeconds: 300,
    maxRssMib: 1024,
    monitoringIntervalSeconds: 60,
  });
  const xdg = resolveSettings(
    input([], {
      HOME: "/home/u",
      XDG_DATA_HOME: "/data",
      XDG_RUNTIME_DIR: "/run/user/1000",
      PATH: bin,
    }),
  );
  assert.equal(xdg.repositoriesRoot, "/data/dhgitaly/repositories");
  assert.deepEqual(xdg.listen, [{ kind: "unix", path: "/run/user/1000/dhgitaly/dhgitaly.sock" }]);
  assert.throws(() => resolveSettings(input([], { PATH: bin })), /use --repositories-root/);
  await cleanup();
});

Deno.test("settings: defaults for root", async () => {
  const { bin, cleanup } = await fixture();
  const settings = resolveSettings(input([], { HOME: "/root", PATH: bin }, { uid: 0 }));
  assert.equal(settings.repositoriesRoot, "/var/lib/dhgitaly/repositories");
  assert.deepEqual(settings.listen, [{ kind: "unix", path: "/run/dhgitaly/dhgitaly.sock" }]);
  await cleanup();
});

Deno.test("settings: precedence flags > env > hgrc > defaults", async () => {
  const { dir, bin, cleanup } = await fixture();
  const rc = join(dir, "server.rc");
  await Deno.writeTextFile(
    rc,
    [
      "[heptapod]",
      "repositories-root = /srv/hgrc",
      "[dhgitaly]",
      "listen = unix:/run/hgrc.sock,",
      "  tcp://127.0.0.1:9237",
      "log-format = json",
      "log-level = debug",
      "",
    ].join("\n"),
  );
  const base = { HOME: "/home/u", PATH: bin, HGRCPATH: rc };
  const fromHgrc = resolveSettings(input([], base));
  assert.equal(fromHgrc.repositoriesRoot, "/srv/hgrc");
  assert.deepEqual(fromHgrc.listen, [
    { kind: "unix", path: "/run/hgrc.sock" },
    { kind: "tcp", host: "127.0.0.1", port: 9237 },
  ]);
  assert.equal(fromHgrc.logFormat, "json");
  assert.equal(fromHgrc.logLevel, "debug");
  assert.deepEqual(fromHgrc.configPaths, [rc]);

  const env = {
    ...base,
    DHGITALY_REPOSITORIES_ROOT: "relative/env",
    DHGITALY_LISTEN_URL: " unix:/run/env.sock , localhost:1 ",
    DHGITALY_LOG_FORMAT: "text",
    DHGITALY_LOG_LEVEL: "warn",
  };
  const fromEnv = resolveSettings(input([], env));
  assert.equal(fromEnv.repositoriesRoot, "/work/relative/env");
  assert.deepEqual(fromEnv.listen, [
    { kind: "unix", path: "/run/env.sock" },
    { kind: "tcp", host: "localhost", port: 1 },
  ]);
  assert.equal(fromEnv.logFormat, "text");
  assert.equal(fromEnv.logLevel, "warning");

  const fromFlags = resolveSettings(input([
    "--repositories-root=/srv/flag/",
    "--listen=unix:/run/flag.sock",
    "--listen=unix:/run/flag.sock",
    "--log-format=json",
    "--log-level=error",
  ], env));
  assert.equal(fromFlags.repositoriesRoot, "/srv/flag");
  assert.deepEqual(fromFlags.listen, [{ kind: "unix", path: "/run/flag.sock" }]);
  assert.equal(fromFlags.logFormat, "json");
  assert.equal(fromFlags.logLevel, "error");
  assert.equal(fromFlags.storages.get("default"), "/srv/flag");

  // Empty environment values count as unset.
  const emptyEnv = resolveSettings(input([], { ...base, DHGITALY_REPOSITORIES_ROOT: "" }));
  assert.equal(emptyEnv.repositoriesRoot, "/srv/hgrc");
  await cleanup();
});

Deno.test("settings: which config files are read", async () => {
  const { dir, bin, cleanup } = await fixture();
  const write = (name: string, root: string) =>
    Deno.writeTextFile(
      join(dir, name),
      `[heptapod]\nrepositories-root = ${root}\n%include inc.rc\n`,
    );
  await write("hgrcpath.rc", "/srv/hgrcpath");
  await write("env.rc", "/srv/env");
  await write("flag.rc", "/srv/flag");
  await Deno.writeTextFile(join(dir, "inc.rc"), "[hgitaly]\nworkers = 3\n");
  await Deno.mkdir(join(dir, "conf.d"));
  await write("conf.d/50-root.rc", "/srv/confd");
  const root = (args: string[], env: Record<string, string>) =>
    resolveSettings(input(args, { HOME: "/h", PATH: bin, ...env }, { cwd: dir })).repositoriesRoot;

  const hgrcPath = { HGRCPATH: `${join(dir, "missing.rc")}:${join(dir, "hgrcpath.rc")}` };
  assert.equal(root([], hgrcPath), "/srv/hgrcpath");
  assert.equal(root([], { ...hgrcPath, DHGITALY_CONFIG: join(dir, "env.rc") }), "/srv/env");
  assert.equal(
    root(["--config", "flag.rc"], { ...hgrcPath, DHGITALY_CONFIG: join(dir, "env.rc") }),
    "/srv/flag",
  );
  assert.equal(root(["--config", join(dir, "conf.d")], {}), "/srv/confd");
  const settings = resolveSettings(
    input(["--config", "flag.rc"], { HOME: "/h", PATH: bin }, { cwd: dir }),
  );
  assert.deepEqual(settings.configPaths, [join(dir, "flag.rc")]);
  assert.deepEqual(settings.configFiles, [join(dir, "flag.rc"), join(dir, "inc.rc")]);
  assert.equal(settings.workers, 3);

  assert.throws(
    () => root(["--config", "nope.rc"], {}),
    new ConfigError("config file not found: nope.rc (from --config)"),
  );
  assert.throws(
    () => root([], { DHGITALY_CONFIG: "/nonexistent/x.rc" }),
    /config file not found: \/nonexistent\/x\.rc \(from DHGITALY_CONFIG\)/,
  );
  await cleanup();
});

Deno.test("settings: extra storages and worker settings from hgrc", async () => {
  const { dir, bin, cleanup } = await fixture();
  const rc = join(dir, "s.rc");
  const resolve = (text: string) => {
    Deno.writeTextFileSync(rc, text);
    return resolveSettings(
      input(["--repositories-root=/srv/main"], { HOME: "/h", PATH: bin, HGRCPATH: rc }),
    );
  };
  const settings = resolve(
    "[dhgitaly.storages]\nsecond = /srv/second/\nthird = /srv/third\n" +
      "[hgitaly]\nworkers = 2\nworker.graceful-shutdown-timeout-seconds = 0\n" +
      "worker.max_rss_mib = 512\nworker.monitoring-interval-seconds = 5\n",
  );
  assert.deepEqual(
    [...settings.storages],
    [["default", "/srv/main"], ["second", "/srv/second"], ["third", "/srv/third"]],
  );
  assert.equal(settings.workers, 2);
  assert.equal(settings.gracefulShutdownTimeoutSeconds, 0);
  assert.equal(settings.maxRssMib, 512);
  assert.equal(settings.monitoringIntervalSeconds, 5);

  assert.throws(
    () => resolve("[dhgitaly.storages]\ndefault = /x\n"),
    new RegExp(`${rc}:2: storage "default"`),
  );
  assert.throws(
    () => resolve("[dhgitaly.storages]\nx = rel\n"),
    new RegExp(`${rc}:2: path must be absolute`),
  );
  assert.throws(() => resolve("[dhgitaly.storages]\na:b = /x\n"), /must not contain ":"/);
  assert.throws(
    () => resolve("[hgitaly]\nworkers = 0\n"),
    new RegExp(`${rc}:2: hgitaly.workers must be at least 1`),
  );
  assert.throws(
    () => resolve("[hgitaly]\nworkers = many\n"),
    /hgitaly\.workers is not a valid integer/,
  );
  Deno.writeTextFileSync(rc, "[heptapod]\nrepositories-root = rel\n");
  assert.throws(
    () => resolveSettings(input([], { HOME: "/h", PATH: bin, HGRCPATH: rc })),
    new ConfigError(`${rc}:2: path must be absolute: rel`),
  );
  await cleanup();
});

Deno.test("settings: executables are looked up and made absolute", async () => {
  const { dir, bin, cleanup } = await fixture();
  const rc = join(dir, "t.rc");
  const tools = join(dir, "tools");
  await Deno.mkdir(tools);
  await Deno.writeTextFile(join(tools, "myhg"), "#!/bin/sh\n", { mode: 0o755 });
  await Deno.writeTextFile(join(tools, "license-detector"), "#!/bin/sh\n", { mode: 0o755 });
  const resolve = (text: string, path: string) => {
    Deno.writeTextFileSync(rc, text);
    return resolveSettings(input([], { HOME: "/h", PATH: path, HGRCPATH: rc }, { cwd: dir }));
  };
  const settings = resolve(
    "[hgitaly]\nhg-executable = tools/myhg\ngit-executable = git\n",
    `${bin}::${tools}`,
  );
  assert.equal(settings.hgExecutable, join(tools, "myhg"));
  assert.equal(settings.gitExecutable, join(bin, "git"));
  assert.equal(settings.licenseDetectorExecutable, join(tools, "license-detector"));
  // bin/tokei exists but is not executable.
  assert.equal(settings.tokeiExecutable, undefined);

  assert.throws(() => resolve("", tools), /executable "hg" not found \(searched PATH/);
  assert.throws(
    () => resolve("[hgitaly]\ntokei-executable = tokei\n", bin),
    new RegExp(`${rc}:2: executable "tokei" not found`),
  );
  assert.equal(resolve("", bin).gitExecutable, join(bin, "git"));
  assert.equal(resolve("", `${tools}:${bin}`).hgExecutable, join(bin, "hg"));
  await cleanup();
});

Deno.test("settings: invalid values name their origin", async () => {
  const { dir, bin, cleanup } = await fixture();
  const rc = join(dir, "bad.rc");
  await Deno.writeTextFile(rc, "[dhgitaly]\nlisten = unix:relative\nlog-format = xml\n");
  const env = { HOME: "/h", PATH: bin, HGRCPATH: rc };
  assert.throws(() => resolveSettings(input([], env)), {
    message: `invalid listen URL "unix:relative": the socket path must be absolute (from ${rc}:2)`,
  });
  assert.throws(
    () => resolveSettings(input([], { ...env, DHGITALY_LISTEN_URL: "nowhere" })),
    /invalid listen URL "nowhere": missing port .* \(from DHGITALY_LISTEN_URL\)$/,
  );
  assert.throws(() => resolveSettings(input(["--listen=unix:/ok.sock"], env)), {
    message: `invalid log format "xml" (from ${rc}:3): expected text, json`,
  });
  assert.throws(
    () =>
      resolveSettings(
        input(["--listen=unix:/ok.sock", "--log-format=text", "--log-level=loud"], env),
      ),
    /invalid log level "loud" \(from --log-level\)/,
  );
  await cleanup();
});
