import assert from "node:assert/strict";
import { ConfigError } from "../../src/config/config-error.ts";
import { bindAddress, formatListenUrl, parseListenUrl } from "../../src/config/listen-url.ts";

Deno.test("listen URL: unix sockets", () => {
  const address = parseListenUrl("unix:/run/dhgitaly/dhgitaly.sock");
  assert.deepEqual(address, { kind: "unix", path: "/run/dhgitaly/dhgitaly.sock" });
  assert.equal(bindAddress(address), "unix:/run/dhgitaly/dhgitaly.sock");
  assert.deepEqual(parseListenUrl("unix:///tmp/x.sock"), { kind: "unix", path: "/tmp/x.sock" });
});

Deno.test("listen URL: tcp forms", () => {
  assert.deepEqual(parseListenUrl("tcp://127.0.0.1:9237"), {
    kind: "tcp",
    host: "127.0.0.1",
    port: 9237,
  });
  assert.deepEqual(parseListenUrl("localhost:0"), { kind: "tcp", host: "localhost", port: 0 });
  const v6 = parseListenUrl("tcp://[::1]:9237");
  assert.deepEqual(v6, { kind: "tcp", host: "::1", port: 9237 });
  assert.equal(bindAddress(v6), "[::1]:9237");
  assert.equal(formatListenUrl(v6), "tcp://[::1]:9237");
  assert.equal(bindAddress(parseListenUrl("[fe80::1]:80")), "[fe80::1]:80");
  assert.equal(bindAddress(parseListenUrl("0.0.0.0:9237")), "0.0.0.0:9237");
});

Deno.test("listen URL: invalid ones are explained", () => {
  const cases: [string, RegExp][] = [
    ["", /empty/],
    ["unix:relative.sock", /must be absolute/],
    ["unix:", /must be absolute/],
    ["unix:/run/", /directory/],
    ["http://host:80", /unsupported scheme "http"/],
    ["tcp://host", /missing port/],
    ["host", /missing port/],
    ["tcp://:80", /missing host/],
    ["::1:80", /in brackets/],
    ["[127.0.0.1]:80", /IPv6/],
    ["[::1:80", /IPv6/],
    ["host:http", /bad port "http"/],
    ["host:65536", /bad port/],
    ["host:-1", /bad port/],
    ["tcp://host:80/path", /unexpected path/],
  ];
  for (const [url, reason] of cases) {
    assert.throws(
      () => parseListenUrl(url),
      (error: unknown) =>
        error instanceof ConfigError && error.message.startsWith(`invalid listen URL "${url}": `) &&
        reason.test(error.message),
      url,
    );
  }
});
