import assert from "node:assert/strict";
import { isBinaryContent } from "../../../src/gitlab/diff/binary.ts";
import { countChanges, diffLines } from "../../../src/gitlab/diff/line-diff.ts";
import { myersDiff } from "../../../src/gitlab/diff/myers.ts";
import { bytesToByteString, byteStringToBytes } from "../../../src/hg/byte-string.ts";

const enc = (s: string) => byteStringToBytes(s);

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

/** A random text and an edited version of it. `alphabet` controls how often lines repeat. */
function randomPair(seed: number, alphabet: number): [string, string] {
  const r = rng(seed);
  const base: string[] = [];
  const len = r(300);
  for (let i = 0; i < len; i++) base.push(`line ${r(alphabet)}\n`);
  const edited = [...base];
  const edits = r(40);
  for (let e = 0; e < edits; e++) {
    const at = r(edited.length + 1);
    switch (r(3)) {
      case 0:
        edited.splice(at, 0, ...Array.from({ length: 1 + r(5) }, () => `new ${r(alphabet)}\n`));
        break;
      case 1:
        edited.splice(at, 1 + r(5));
        break;
      default:
        edited.splice(at, 1, `changed ${r(alphabet)}\n`);
    }
  }
  let a = base.join("");
  let b = edited.join("");
  if (r(4) === 0) a = a.replace(/\n$/, "");
  if (r(4) === 0) b = b.replace(/\n$/, "");
  return [a, b];
}

/** Length of the longest common subsequence, by dynamic programming. */
function lcsLength(a: Int32Array, b: Int32Array): number {
  let prev = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Int32Array(b.length + 1);
    for (let j = 1; j <= b.length; j++) {
      cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    }
    prev = cur;
  }
  return prev[b.length];
}

/** Rebuilds the new text from the old one and the hunks, taking inserted lines from `b`. */
function applyHunks(a: Uint8Array, b: Uint8Array): string {
  const d = diffLines(a, b);
  const as = bytesToByteString(a);
  const bs = bytesToByteString(b);
  let out = "";
  let i = 0;
  for (const h of d.hunks) {
    out += as.slice(d.oldStarts[i], d.oldStarts[h.oldStart]);
    out += bs.slice(d.newStarts[h.newStart], d.newStarts[h.newStart + h.newCount]);
    i = h.oldStart + h.oldCount;
  }
  return out + as.slice(d.oldStarts[i]);
}

Deno.test("diffLines: hunks of simple edits", () => {
  const d = diffLines(enc("a\nb\nc\nd\n"), enc("a\nx\nc\nd\ne"));
  assert.deepEqual(d.hunks, [
    { oldStart: 1, oldCount: 1, newStart: 1, newCount: 1 },
    { oldStart: 4, oldCount: 0, newStart: 4, newCount: 1 },
  ]);
  assert.deepEqual(diffLines(enc(""), enc("")).hunks, []);
  assert.deepEqual(diffLines(enc("same\n"), enc("same\n")).hunks, []);
  assert.deepEqual(countChanges(enc("x\n"), enc("x")), { additions: 1, deletions: 1 });
  assert.deepEqual(countChanges(enc(""), enc("a\nb\n")), { additions: 2, deletions: 0 });
  assert.deepEqual(countChanges(enc("a\nb\nc"), enc("")), { additions: 0, deletions: 3 });
  // CR is part of the line: CRLF vs LF lines differ.
  assert.deepEqual(countChanges(enc("a\r\n"), enc("a\n")), { additions: 1, deletions: 1 });
});

Deno.test("myersDiff is minimal and hunks rebuild the new text (random inputs)", () => {
  for (let seed = 1; seed <= 150; seed++) {
    const [a, b] = randomPair(seed, seed % 3 === 0 ? 4 : 1000);
    const ab = enc(a);
    const bb = enc(b);
    assert.equal(applyHunks(ab, bb), b, `seed ${seed}`);
    const table = new Map<string, number>();
    const ids = (s: string) =>
      Int32Array.from(s.match(/[^\n]*\n|[^\n]+$/g) ?? [], (l) => {
        if (!table.has(l)) table.set(l, table.size);
        return table.get(l)!;
      });
    const ia = ids(a);
    const ib = ids(b);
    const lcs = lcsLength(ia, ib);
    const marks = myersDiff(ia, ib);
    assert.equal(marks.a.reduce((s, x) => s + x, 0), ia.length - lcs, `seed ${seed}`);
    assert.equal(marks.b.reduce((s, x) => s + x, 0), ib.length - lcs, `seed ${seed}`);
  }
});

Deno.test("countChanges agrees with git diff --numstat (random edit sequences)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dhgitaly-diff-" });
  try {
    await Deno.mkdir(`${dir}/a`);
    await Deno.mkdir(`${dir}/b`);
    const expected = new Map<string, string>();
    for (let seed = 1; seed <= 200; seed++) {
      const [a, b] = randomPair(seed * 7919, seed % 4 === 0 ? 40 : 5000);
      await Deno.writeFile(`${dir}/a/f${seed}`, enc(a));
      await Deno.writeFile(`${dir}/b/f${seed}`, enc(b));
      if (a === b) continue;
      const c = countChanges(enc(a), enc(b));
      expected.set(`f${seed}`, `${c.additions}\t${c.deletions}`);
    }
    // Binary files show `-\t-` in numstat.
    await Deno.writeFile(`${dir}/a/bin`, enc("x\0y\n"));
    await Deno.writeFile(`${dir}/b/bin`, enc("x\0z\n"));
    const out = await new Deno.Command("git", {
      args: ["diff", "--no-index", "--numstat", "a", "b"],
      cwd: dir,
      env: { GIT_CONFIG_NOSYSTEM: "1", HOME: dir },
      stdout: "piped",
    }).output();
    const got = new Map<string, string>();
    let binary = "";
    for (const line of new TextDecoder().decode(out.stdout).split("\n").filter(Boolean)) {
      const [add, del, path] = line.split("\t");
      const name = path.replace(/^.*\//, "").replace(/}$/, "");
      if (name === "bin") binary = `${add}\t${del}`;
      else got.set(name, `${add}\t${del}`);
    }
    assert.equal(binary, "-\t-");
    assert.deepEqual(got, expected);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("isBinaryContent: NUL within the first 8000 bytes", () => {
  assert.equal(isBinaryContent(enc("text\n")), false);
  assert.equal(isBinaryContent(enc("a\0b")), true);
  assert.equal(isBinaryContent(enc("x".repeat(7999) + "\0")), true);
  assert.equal(isBinaryContent(enc("x".repeat(8000) + "\0")), false);
  assert.equal(isBinaryContent(new Uint8Array(0)), false);
});

Deno.test("diffLines: large inputs stay fast (cost bound)", () => {
  const r = rng(42);
  const mk = () => Array.from({ length: 20000 }, () => `l${r(100000)}\n`).join("");
  const a = enc(mk());
  const b = enc(mk());
  const t0 = performance.now();
  const c = countChanges(a, b);
  const ms = performance.now() - t0;
  assert.ok(c.additions > 0 && c.deletions > 0);
  assert.ok(ms < 3000, `took ${ms} ms`);
});
