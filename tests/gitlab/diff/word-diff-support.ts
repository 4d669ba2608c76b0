/**
 * Word-diff test support: git's `--word-diff=porcelain` hunks for many text pairs from one
 * `git diff --no-index` run, and reproducible random text pairs of repeated words.
 */
import assert from "node:assert/strict";
import type { WhitespaceMode } from "../../../src/gitlab/diff/whitespace.ts";
import { byteStringToBytes } from "../../../src/hg/byte-string.ts";

const enc = (s: string) => byteStringToBytes(s);

const WS_FLAGS: Record<WhitespaceMode, string[]> = {
  none: [],
  change: ["--ignore-space-change"],
  all: ["--ignore-all-space"],
};

/**
 * git's word-diff porcelain hunks (from the first `@@`) of each pair, from one
 * `git diff --no-index` over two directories.
 */
export async function gitWordDiffs(
  pairs: [string, string][],
  ws: WhitespaceMode = "none",
  mode: "word" | "line" = "word",
): Promise<string[]> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/a`);
    await Deno.mkdir(`${dir}/b`);
    const name = (i: number) => `f${String(i).padStart(4, "0")}`;
    for (const [i, [a, b]] of pairs.entries()) {
      await Deno.writeFile(`${dir}/a/${name(i)}`, enc(a));
      await Deno.writeFile(`${dir}/b/${name(i)}`, enc(b));
    }
    const out = await new Deno.Command("git", {
      args: [
        "diff",
        "--no-index",
        ...(mode === "word" ? ["--word-diff=porcelain"] : []),
        ...WS_FLAGS[ws],
        "a",
        "b",
      ],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
      env: { GIT_CONFIG_NOSYSTEM: "1", HOME: dir },
    }).output();
    assert.ok(out.code <= 1, new TextDecoder().decode(out.stderr));
    let text = "";
    for (const byte of out.stdout) text += String.fromCharCode(byte);
    const byFile = new Map<number, string>();
    for (const section of text.split(/^diff --git /m).slice(1)) {
      const i = Number(/\/f(\d+)/.exec(section)![1]);
      const at = section.search(/^@@/m);
      byFile.set(i, at < 0 ? "" : section.slice(at));
    }
    return pairs.map((_, i) => byFile.get(i) ?? "");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** xorshift PRNG for reproducible random inputs. */
function rng(seed: number): (n: number) => number {
  let x = seed >>> 0 || 1;
  return (n) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

/** A random text of lines of words (small vocabulary, so words repeat) and an edit of it. */
export function randomWordPair(seed: number): [string, string] {
  const r = rng(seed);
  const vocab = ["a", "b", "foo", "bar", "x", "=", "{", "}", "the", "if", "return", "y1"];
  const spaces = [" ", " ", " ", "  ", "\t", " \t"];
  const line = () => {
    const n = r(7);
    const words = Array.from({ length: n }, () => vocab[r(vocab.length)]);
    return (r(4) === 0 ? spaces[r(spaces.length)] : "") +
      words.map((w, i) => (i ? spaces[r(spaces.length)] : "") + w).join("") +
      (r(8) === 0 ? " " : "") + "\n";
  };
  const base = Array.from({ length: 1 + r(25) }, line);
  const edited = base.map((l) => {
    switch (r(6)) {
      case 0:
        return line();
      case 1: {
        const words = l.split(" ");
        words.splice(r(words.length), 1, vocab[r(vocab.length)]);
        return words.join(" ").replace(/\n?$/, "\n");
      }
      case 2:
        return r(2) ? "" : l + line();
      default:
        return l;
    }
  });
  let a = base.join("");
  let b = edited.join("");
  if (r(5) === 0) a = a.replace(/\n$/, "");
  if (r(5) === 0) b = b.replace(/\n$/, "");
  return [a, b];
}
