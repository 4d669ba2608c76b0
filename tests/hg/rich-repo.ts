/** The rich fixture repository of the storage engine tests (built with real hg), its helpers. */
import { bytesToByteString } from "../../src/hg/byte-string.ts";
import { build, type Step } from "./hg-fixture.ts";

/** Deterministic pseudo-random bytes as a ByteString. */
export function randomBytes(length: number, seed: number): string {
  let x = seed >>> 0 || 1;
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytesToByteString(bytes);
}

/** Text of `n` numbered lines, with `tag` mixed in to make versions differ. */
export function lines(n: number, tag: string): string {
  let out = "";
  for (let i = 0; i < n; i++) out += `line ${i} ${i % 7 === 0 ? tag : ""}\n`;
  return out;
}

const LONG_DIR = "Very-Long-Directory-Name-That-Goes-On-And-On";
/** Paths exercising every rule of the store path encoding. */
export const TRICKY_PATHS: string[] = [
  `${LONG_DIR}/${LONG_DIR}/${LONG_DIR}/file-with-a-very-long-name.txt`,
  `a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/${"x".repeat(110)}.data`,
  `short.i/dir.d/repo.hg/inside.txt`,
  `UPPER/CaSe/File_Name.TXT`,
  "caf\xc3\xa9/\xc3\xa9t\xc3\xa9 \xe2\x82\xac.txt", // UTF-8
  "latin1/\xe9t\xe9.txt", // not valid UTF-8
  "aux",
  "con.txt",
  "nul/prn.c",
  "com1/lpt9.x",
  "com0/lpt.y",
  "trailing./space /file",
  "dots.../x",
  ".hidden/ .leading-space",
  'weird/~tilde_under%percent:colon*star?q"<>|pipe',
  "weird/back\\slash",
  "ctl/tab\there",
  `${"D".repeat(60)}/${"e".repeat(60)}/aux.${"z".repeat(30)}`,
  `${"abcdefghi".repeat(3)}./${"q".repeat(100)}.i`,
  `hash-long/${"n".repeat(130)}`,
  `1234567./abcdefg /${"w".repeat(120)}.txt`,
  `${[1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `directory${i}`).join("/")}/leaf-${"l".repeat(30)}`,
  `Caps_Dir/${"M".repeat(50)}_${"u".repeat(60)}.tar.gz`,
];

/** Steps building the main fixture in directory `name` (history with many shapes). */
export function richRepoSteps(name: string, initArgs: string[] = []): Step[] {
  const s: Step[] = [["hg", "init", ...initArgs, name], ["cd", name]];
  const commit = (
    msg: string,
    ...extra: string[]
  ): Step => ["hg", "commit", "-A", "-q", "-m", msg, ...extra];
  s.push(
    ["write", "README", "hello\n"],
    ["write", "bin/tool.sh", "#!/bin/sh\necho tool\n", "755"],
    ["symlink", "link-to-readme", "README"],
    ["write", "binary.dat", randomBytes(3000, 7) + "\0\0\0"],
    ["write", "empty", ""],
    ["write", "starts-with-meta", "\x01\nnot metadata\x01\nreal content\n"],
    commit("initial", "-d", "1000000000 -3600", "-u", "Alice <alice@example.org>"),
  );
  for (const p of TRICKY_PATHS) s.push(["write", p, `content of ${p}\n`]);
  s.push(
    commit("tricky paths \xc3\xa9\n\nwith a body", "-d", "1000000100 7200", "-u", "B\xc3\xa9b"),
    ["write", "README", "hello\nworld\n"],
    ["hg", "mv", "-q", "binary.dat", "moved/binary.dat"],
    ["hg", "cp", "-q", "README", "README.copy"],
    commit("rename and copy", "-d", "1000000200 0"),
    ["hg", "branch", "-q", "stable"],
    ["write", "stable.txt", lines(50, "stable")],
    commit("on stable", "-d", "1000000300 0"),
    ["hg", "update", "-q", "default"],
    ["write", "README", "hello\nworld\nagain\n"],
    ["rm", "empty"],
    commit("default moves on, removes empty", "-d", "1000000400 0"),
    ["hg", "merge", "-q", "stable"],
    commit("merge stable", "-d", "1000000500 0"),
    ["hg", "update", "-q", "stable"],
    commit("close stable", "--close-branch", "-d", "1000000600 0"),
    ["hg", "update", "-q", "default"],
    ["hg", "topic", "-q", "my-topic"],
    ["write", "topic-file", "in a topic\n"],
    commit("topic commit", "-d", "1000000700 0"),
    ["write", "topic-file", "amended\n"],
    ["hg", "commit", "--amend", "-q", "-m", "topic commit, amended", "-d", "1000000800 0"],
    ["hg", "topic", "-q", "--clear"],
    ["hg", "update", "-q", "default"],
    ["write", "bin/tool.sh", "#!/bin/sh\necho tool v2\n", "644"],
    ["rm", "link-to-readme"],
    ["symlink", "link-to-readme", "bin/tool.sh"],
    commit("mode and link target changes", "-d", "1000000900 0"),
  );
  // A file bigger than the inline limit makes a non-inline filelog with delta chains.
  for (let i = 0; i < 6; i++) {
    s.push(
      ["write", "big/large.txt", lines(12000 + i * 50, `v${i}`)],
      ["write", "big/large.bin", randomBytes(150_000 + i, 100 + (i >> 1))],
      commit(`big files v${i}`, "-d", `${1000001000 + i} 0`),
    );
  }
  return s;
}

/**
 * Builds the main fixture as `<dir>/<name>` (with non-inline changelog, manifest and filelogs
 * unless `small`); returns its path.
 */
export async function buildRichRepo(
  dir: string,
  hgrc: string,
  name = "rich",
  options: { small?: boolean; initArgs?: string[] } = {},
): Promise<string> {
  const steps = richRepoSteps(name, options.initArgs);
  if (!options.small) steps.push(...bigRevlogsSteps(200));
  await build(dir, steps, hgrc);
  return `${dir}/${name}`;
}

/** Random alphanumeric string (poorly compressible, valid in paths). */
function alnum(length: number, seed: number): string {
  const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  return [...randomBytes(length, seed)].map((c) => chars[c.charCodeAt(0) % 62]).join("");
}

/**
 * Steps making the changelog and the manifest revlog non-inline: a commit of `count` files
 * with very long random paths, and a commit with a huge description.
 */
export function bigRevlogsSteps(count: number): Step[] {
  const s: Step[] = [];
  for (let i = 0; i < count; i++) {
    const parts = [0, 1, 2, 3, 4].map((k) => alnum(200, i * 5 + k + 1));
    s.push(["write", `many/${parts.join("/")}`, `${i}\n`]);
  }
  s.push(["hg", "commit", "-A", "-q", "-m", `${count} files`, "-d", "1000002000 0"]);
  s.push(["write", "README", "hello\nworld\nagain\nand again\n"]);
  s.push(["hg", "commit", "-q", "-m", alnum(140_000, 99), "-d", "1000002001 0"]);
  return s;
}
