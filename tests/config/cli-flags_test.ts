import assert from "node:assert/strict";
import { parseFlags, USAGE } from "../../src/config/cli-flags.ts";
import { ConfigError } from "../../src/config/config-error.ts";

Deno.test("flags: both value forms, repeatable flags, last value wins", () => {
  const flags = parseFlags([
    "--listen",
    "unix:/a.sock",
    "--listen=tcp://[::1]:1",
    "--repositories-root=/srv/one",
    "--repositories-root",
    "/srv/two",
    "--config",
    "/etc/a.rc",
    "--config=/etc/b.rc",
    "--log-format",
    "json",
    "--log-level=debug",
  ]);
  assert.deepEqual(flags, {
    help: false,
    listen: ["unix:/a.sock", "tcp://[::1]:1"],
    repositoriesRoot: "/srv/two",
    config: ["/etc/a.rc", "/etc/b.rc"],
    logFormat: "json",
    logLevel: "debug",
  });
  assert.equal(parseFlags(["--config="]).config[0], "");
});

Deno.test("flags: help and errors", () => {
  assert.equal(parseFlags(["-h"]).help, true);
  assert.equal(parseFlags(["--help", "--listen", "x"]).help, true);
  assert.equal(parseFlags([]).help, false);
  assert.match(USAGE, /--repositories-root/);
  assert.throws(
    () => parseFlags(["--nope"]),
    new ConfigError("unknown option --nope (see --help)"),
  );
  assert.throws(() => parseFlags(["--listen"]), new ConfigError("option --listen needs a value"));
  assert.throws(() => parseFlags(["serve"]), /unexpected argument "serve"/);
  assert.throws(() => parseFlags(["-x"]), /unexpected argument "-x"/);
});
