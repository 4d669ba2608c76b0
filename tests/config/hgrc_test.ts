import assert from "node:assert/strict";
import { join } from "node:path";
import { ConfigError } from "../../src/config/config-error.ts";
import { HgrcConfig, HgrcParseError, loadHgrc, parseHgrc } from "../../src/config/hgrc.ts";
import { hgConfig, hgConfigError } from "./hg-config.ts";

const noEnv = () => undefined;

/** Flattens our config to the `section.key` map printed by `hg config`. */
function flatten(config: HgrcConfig): Map<string, { value: string; source: string }> {
  const result = new Map<string, { value: string; source: string }>();
  for (const section of config.sections()) {
    for (const item of config.items(section)) {
      result.set(`${section}.${item.key}`, { value: item.value, source: item.source });
    }
  }
  return result;
}

async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await Deno.mkdir(join(dir, name, ".."), { recursive: true });
    await Deno.writeTextFile(join(dir, name), text);
  }
}

/** Asserts that we read `paths` exactly like `hg config` with HGRCPATH=paths. */
async function assertSameAsHg(dir: string, paths: string[]): Promise<void> {
  const ours = flatten(loadHgrc(paths, { env: (name) => (name === "HOME" ? dir : undefined) }));
  const theirs = await hgConfig(paths.join(":"), dir);
  assert.deepEqual(ours, theirs);
}

Deno.test("hgrc: sections, items, spacing and overrides", () => {
  const config = parseHgrc("[s]\na = 1\nb=  two words  \nk==v\n[t]\nx = 1\n[s]\na = 2\n", "m.rc");
  assert.equal(config.get("s", "a"), "2");
  assert.equal(config.source("s", "a"), "m.rc:8");
  assert.equal(config.get("s", "b"), "two words");
  assert.equal(config.get("s", "k"), "=v");
  assert.equal(config.get("t", "x"), "1");
  assert.equal(config.get("t", "a"), undefined);
  assert.deepEqual(config.items("s").map((i) => i.key), ["b", "k", "a"]);
});

Deno.test("hgrc: continuation lines are joined with newlines, comments skipped", () => {
  const text = "[s]\nc =\n  line1\n\tline2  \n# note\n  line3\n\n[t]\nd = x\n  # kept\n";
  const config = parseHgrc(text, "c.rc");
  assert.equal(config.get("s", "c"), "\nline1\nline2\nline3");
  assert.equal(config.source("s", "c"), "c.rc:6");
  assert.equal(config.get("t", "d"), "x\n# kept");
});

Deno.test("hgrc: %unset removes an earlier value, also from an earlier file", async () => {
  const dir = await Deno.makeTempDir();
  await writeFiles(dir, { "a.rc": "[s]\nx = 1\ny = 2\n", "b.rc": "[s]\n%unset x\n%unset nope\n" });
  const config = loadHgrc([join(dir, "a.rc"), join(dir, "b.rc")]);
  assert.equal(config.get("s", "x"), undefined);
  assert.equal(config.get("s", "y"), "2");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("hgrc: %include is relative to the including file, expands ~ and $VARS", async () => {
  const dir = await Deno.makeTempDir();
  await writeFiles(dir, {
    "main.rc": "[s]\na = main\n%include sub/one.rc\n%include $DIR/two.rc\n" +
      "%include ~/three.rc\n%include missing.rc\nz = after\n",
    "sub/one.rc": "one = 1\n[s]\na = one\n%include ../nested.rc\n",
    "nested.rc": "[n]\nk = nested\n",
    "two.rc": "[s]\ntwo = 2\n",
    "home/three.rc": "[s]\nthree = 3\n",
  });
  const env = (name: string) =>
    ({ DIR: dir, HOME: join(dir, "home") } as Record<string, string>)[name];
  const config = loadHgrc([join(dir, "main.rc")], { env });
  assert.equal(config.get("s", "a"), "one");
  assert.equal(config.source("s", "a"), `${join(dir, "sub/one.rc")}:3`);
  assert.equal(config.get("", "one"), "1");
  assert.equal(config.get("n", "k"), "nested");
  assert.equal(config.get("s", "two"), "2");
  assert.equal(config.get("s", "three"), "3");
  // The including file's section is back in force after the include.
  assert.equal(config.get("s", "z"), "after");
  assert.deepEqual(config.files, [
    join(dir, "main.rc"),
    join(dir, "sub/one.rc"),
    join(dir, "nested.rc"),
    join(dir, "two.rc"),
    join(dir, "home/three.rc"),
  ]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("hgrc: include cycles are reported, not followed forever", async () => {
  const dir = await Deno.makeTempDir();
  await writeFiles(dir, { "a.rc": "[s]\n%include b.rc\n", "b.rc": "\n\n%include a.rc\n" });
  assert.throws(
    () => loadHgrc([join(dir, "a.rc")], { env: noEnv }),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.message === `${join(dir, "b.rc")}:3: cannot include a.rc (include cycle)`,
  );
  await Deno.writeTextFile(join(dir, "self.rc"), "%include self.rc\n");
  assert.throws(() => loadHgrc([join(dir, "self.rc")], { env: noEnv }), /include cycle/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("hgrc: including a directory is an error naming the line", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(join(dir, "d.rc"));
  await writeFiles(dir, { "a.rc": "[s]\n%include d.rc\n" });
  assert.throws(
    () => loadHgrc([join(dir, "a.rc")], { env: noEnv }),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.message.startsWith(`${join(dir, "a.rc")}:2: cannot include d.rc (`),
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("hgrc: parse errors name file and line", () => {
  const check = (text: string, line: number, detail: string) =>
    assert.throws(
      () => parseHgrc(text, "/etc/x.rc"),
      (error: unknown) =>
        error instanceof HgrcParseError && error.line === line && error.detail === detail &&
        error.message === `/etc/x.rc:${line}: parse error: ${detail}`,
    );
  check("[s]\na = 1\nfoo bar\n", 3, "foo bar");
  check("[s]\na = 1\n\n  indented\n", 4, "unexpected leading whitespace:   indented");
  check("  x = 1\n", 1, "unexpected leading whitespace:   x = 1");
  check("[s\n", 1, "[s");
  check("[]\n", 1, "[]");
  check("%include   \n", 1, "%include");
  check("[s]\nk = v\n%unset k\n  orphan\n", 4, "unexpected leading whitespace:   orphan");
});

Deno.test("hgrc: missing top-level files and directories are skipped", async () => {
  const dir = await Deno.makeTempDir();
  await writeFiles(dir, { "a.rc": "[s]\nx = 1\n" });
  const config = loadHgrc([join(dir, "nope.rc"), dir, join(dir, "a.rc")]);
  assert.equal(config.get("s", "x"), "1");
  assert.deepEqual(config.files, [join(dir, "a.rc")]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("hgrc: typed getters", () => {
  const config = parseHgrc(
    "[s]\nyes = Yes\nno = off\nbad = maybe\nn = 42\nneg = -3\nf = 1.5\n",
    "t.rc",
  );
  assert.equal(config.getBool("s", "yes"), true);
  assert.equal(config.getBool("s", "no"), false);
  assert.equal(config.getBool("s", "unset"), undefined);
  assert.throws(() => config.getBool("s", "bad"), /t\.rc:4: s\.bad is not a boolean \("maybe"\)/);
  assert.equal(config.getInt("s", "n"), 42);
  assert.equal(config.getInt("s", "neg"), -3);
  assert.equal(config.getInt("s", "unset"), undefined);
  assert.throws(() => config.getInt("s", "f"), ConfigError);
});

Deno.test("hgrc differential: syntax corner cases read like hg config", async () => {
  const dir = await Deno.makeTempDir();
  await writeFiles(dir, {
    "a.rc": [
      "top = level",
      "[s]",
      "a = 1",
      "b=  two words  ",
      "c =",
      "  line1",
      "\tline2",
      "# comment inside",
      "  line3",
      "",
      "d = x",
      "   # indented comment continues",
      "key with spaces = v",
      "k==v",
      "; semicolon comment",
      "empty =",
      "%include=looks like an item",
      "[a]b] trailing",
      "x = 1",
      "[ padded ]",
      "y = 2",
      "[t]",
      "k = v",
      "%unset k",
      "%unset never-set",
      "%include missing.rc",
      "%include sub/b.rc",
      "z = after",
      "[s]",
      "a = 2",
      "",
    ].join("\n"),
    "sub/b.rc": "inc = yes\n[s]\nd = fromb\n%include ../c.rc\n",
    "c.rc": "[c]\ncrlf = 1\r\nmore = 2\r\n  cont\r\n",
  });
  await assertSameAsHg(dir, [join(dir, "a.rc")]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("hgrc differential: several files, unset across files, overrides", async () => {
  const dir = await Deno.makeTempDir();
  await writeFiles(dir, {
    "1.rc": "[s]\nx = 1\ny = 2\nw = multi\n  line\n",
    "2.rc": "[s]\n%unset x\ny = 3\n%include 3.rc\n",
    "3.rc": "[s]\nw = replaced\n[u]\nq = 1\n",
    "4.rc": "[u]\n%unset q\nq = again\n",
  });
  await assertSameAsHg(dir, ["1.rc", "2.rc", "4.rc"].map((n) => join(dir, n)));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("hgrc differential: parse error location matches hg", async () => {
  const dir = await Deno.makeTempDir();
  await writeFiles(dir, { "e.rc": "[s]\na=1\n  cont\n\n  bad\n" });
  const path = join(dir, "e.rc");
  const hgMessage = await hgConfigError(path, dir);
  assert.match(hgMessage, new RegExp(`${path}:5: unexpected leading whitespace:   bad`));
  assert.throws(() => parseHgrc(Deno.readTextFileSync(path), path), {
    message: `${path}:5: parse error: unexpected leading whitespace:   bad`,
  });
  await Deno.remove(dir, { recursive: true });
});
