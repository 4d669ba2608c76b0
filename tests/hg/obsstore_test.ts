import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { byteStringToUtf8 } from "../../src/hg/byte-string.ts";
import { CorruptionError } from "../../src/hg/errors.ts";
import { ObsFlag, type ObsMarker, parseObsstore } from "../../src/hg/obsstore.ts";
import { makeHgHome, parseScript, runSteps, type Step } from "./hg-fixture.ts";

const home = await makeHgHome();

const HISTORY = `
c c; c d
hg up -q 1; c e; hg amend -qm e2
hg prune -qr 3
c f; hg fold -q --exact -r 5:6 -m folded
hg debugobsolete -q --record-parents -d "1000000 -3600" -u alice --flags 1 NODE1 NODE0
hg debugobsolete -q -d "1500000000 7200" ${"1".repeat(40)} ${"2".repeat(40)} ${"3".repeat(40)}
hg debugobsolete -q ${"4".repeat(40)}
`;

interface JsonMarker {
  date: [number, number];
  flag: number;
  metadata: Record<string, string>;
  prednode: string;
  succnodes: string[];
  parentnodes?: string[];
}

/** Builds a repository with `format.obsstore-version=version`; returns markers as hg and we see them. */
async function markersOf(version: number): Promise<[JsonMarker[], ObsMarker[], Uint8Array]> {
  const repo = `${home.dir}/v${version}`;
  await runSteps(home.dir, [["hg", "init", repo]], home.hgrc);
  const config = ["--config", `format.obsstore-version=${version}`];
  await runSteps(repo, parseScript("c a; c b"), home.hgrc);
  const [node0, node1] = await runSteps(repo, [
    ["hg", "log", "-r", "0", "-T", "{node}"],
    ["hg", "log", "-r", "1", "-T", "{node}"],
  ], home.hgrc);
  const script = HISTORY.replace("NODE1", node1).replace("NODE0", node0);
  const steps = parseScript(script).map((s): Step =>
    s[0] === "hg" ? ["hg", ...config, ...s.slice(1)] : s
  );
  // parseScript splits on spaces: glue the quoted date back.
  for (const c of steps) {
    const i = c.indexOf("-d");
    if (i >= 0) c.splice(i + 1, 2, `${c[i + 1]} ${c[i + 2]}`.replaceAll('"', ""));
  }
  const outputs = await runSteps(
    repo,
    [...steps, ["hg", "debugobsolete", "-T", "json"]],
    home.hgrc,
  );
  const json = outputs[outputs.length - 1];
  const data = await Deno.readFile(`${repo}/.hg/store/obsstore`);
  return [JSON.parse(byteStringToUtf8(json)), parseObsstore(data), data];
}

function assertSameMarkers(expected: JsonMarker[], actual: ObsMarker[]): void {
  assert.equal(actual.length, expected.length);
  for (const [i, e] of expected.entries()) {
    const m = actual[i];
    assert.equal(m.precursor, e.prednode);
    assert.deepEqual(m.successors, e.succnodes);
    assert.equal(m.flags, e.flag);
    assert.deepEqual(m.parents, e.parentnodes ?? null);
    assert.equal(Math.trunc(m.date), e.date[0]);
    assert.equal(m.tzOffset, e.date[1]);
    assert.deepEqual(
      Object.fromEntries(m.metadata.map(([k, v]) => [byteStringToUtf8(k), byteStringToUtf8(v)])),
      e.metadata,
    );
  }
}

Deno.test("obsstore format 1 matches hg debugobsolete", async () => {
  const [expected, actual, data] = await markersOf(1);
  assert.equal(data[0], 1);
  assertSameMarkers(expected, actual);
  assert.ok(actual.some((m) => m.successors.length === 2));
  assert.ok(actual.some((m) => m.successors.length === 0 && m.parents?.length === 1));
  const dated = actual.find((m) => m.date === 1500000000);
  assert.equal(dated?.tzOffset, 7200);
  assert.ok(actual.some((m) => m.flags === ObsFlag.BUMPED_FIX && m.tzOffset === -3600));
});

Deno.test("obsstore format 0 matches hg debugobsolete", async () => {
  const [expected, actual, data] = await markersOf(0);
  assert.equal(data[0], 0);
  assertSameMarkers(expected, actual);
});

/** Encodes a format 1 marker (sizes computed) for synthetic tests. */
function v1Marker(
  options: {
    nodeSize: number;
    flags: number;
    successors: number;
    parents: number;
    meta: string[][];
  },
): Buffer {
  const { nodeSize, flags, successors, parents, meta } = options;
  const nodes = 1 + successors + (parents === 3 ? 0 : parents);
  const metaBytes = meta.flat().join("");
  const size = 19 + nodes * nodeSize + 2 * meta.length + metaBytes.length;
  const buf = Buffer.alloc(size);
  buf.writeUInt32BE(size, 0);
  buf.writeDoubleBE(12.25, 4);
  buf.writeInt16BE(-90, 12);
  buf.writeUInt16BE(flags, 14);
  buf.writeUInt8(successors, 16);
  buf.writeUInt8(parents, 17);
  buf.writeUInt8(meta.length, 18);
  let off = 19;
  for (let i = 0; i < nodes; i++, off += nodeSize) buf.fill(i + 1, off, off + nodeSize);
  for (const [k, v] of meta) off = buf.writeUInt8(v.length, buf.writeUInt8(k.length, off));
  buf.write(metaBytes, off, "latin1");
  return buf;
}

Deno.test("synthetic format 1: sha256 nodes, no recorded parents, metadata bytes", () => {
  const marker = v1Marker({
    nodeSize: 32,
    flags: ObsFlag.USING_SHA256,
    successors: 2,
    parents: 3,
    meta: [["k", "v\xe9"], ["", "x"]],
  });
  const [m] = parseObsstore(Buffer.concat([Buffer.from([1]), marker]));
  assert.equal(m.precursor, "01".repeat(32));
  assert.deepEqual(m.successors, ["02".repeat(32), "03".repeat(32)]);
  assert.equal(m.parents, null);
  assert.equal(m.date, 12.25);
  assert.equal(m.tzOffset, -5400);
  assert.deepEqual(m.metadata, [["k", "v\xe9"], ["", "x"]]);
});

Deno.test("malformed obsstores are refused", () => {
  const good = v1Marker({ nodeSize: 20, flags: 0, successors: 1, parents: 0, meta: [] });
  assert.equal(parseObsstore(Buffer.concat([Buffer.from([1]), good])).length, 1);
  assert.deepEqual(parseObsstore(new Uint8Array(0)), []);
  assert.throws(() => parseObsstore(Uint8Array.of(2, 0, 0)), /unknown version 2/);
  const truncated = Buffer.concat([Buffer.from([1]), good.subarray(0, good.length - 1)]);
  assert.throws(() => parseObsstore(truncated), CorruptionError);
  const nullSuccessor = Buffer.from(good);
  nullSuccessor.fill(0, 19 + 20, 19 + 40);
  assert.throws(
    () => parseObsstore(Buffer.concat([Buffer.from([1]), nullSuccessor])),
    /invalid successors nullid/,
  );
  assert.throws(() => parseObsstore(Uint8Array.of(0, 1, 0, 0)), CorruptionError);
});

Deno.test("teardown", async () => {
  await Deno.remove(home.dir, { recursive: true });
});
