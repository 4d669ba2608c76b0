import assert from "node:assert/strict";
import type { MessageInitShape } from "@bufbuild/protobuf";
import {
  DiffService,
  RangeDiffRequestSchema,
  RangeDiffResponse_Comparator,
} from "../../../src/gen/gitaly/diff_pb.ts";
import { bytesToByteString, byteStringToUtf8 } from "../../../src/hg/byte-string.ts";
import { openRepository } from "../../../src/hg/repository.ts";
import { Code } from "../../../src/services/rpc.ts";
import { collect, createClient, grpcError } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import {
  buildLongSeriesFixture,
  buildRangeDiffFixture,
  gitRangeDiff,
} from "./range-diff-fixture.ts";

const fixture = await buildRangeDiffFixture();
const repo = openRepository(fixture.repo);
const node = (rev: number) => repo.changelog.node(rev);
const repository = { storageName: "default", relativePath: "repo" };
const git = (rev: number) => fixture.gitCommits.get(rev)!;

const OLD_TIP = 6;
const NEW_TIP = 13;

/** Git's output with Git commit ids replaced by the changesets they replay. */
function toHgIds(text: string): string {
  let out = text;
  for (const [rev, commit] of fixture.gitCommits) out = out.replaceAll(commit, node(rev));
  return out;
}

type Spec = MessageInitShape<typeof RangeDiffRequestSchema>["rangeSpec"];
type Client = ReturnType<typeof createClient<typeof DiffService>>;

/** Runs `f` with a client of a server on the fixture (stopped afterwards). */
async function withClient(
  f: (client: Client) => Promise<void>,
  root: string = fixture.root,
): Promise<void> {
  await using srv = await startTestServer(root);
  await f(createClient(DiffService, srv.address));
}

async function rawRangeDiff(client: Client, rangeSpec: Spec): Promise<string> {
  const res = await collect(client.rawRangeDiff({ repository, rangeSpec }));
  return res.map((r) => bytesToByteString(r.data)).join("");
}

/** A pair as Gitaly's parser reads it from `git range-diff` output. */
interface Pair {
  from: string;
  to: string;
  comparison: RangeDiffResponse_Comparator;
  title: string;
  patch: string;
}

const COMPARATORS: Record<string, RangeDiffResponse_Comparator> = {
  "=": RangeDiffResponse_Comparator.EQUAL_UNSPECIFIED,
  ">": RangeDiffResponse_Comparator.GREATER_THAN,
  "<": RangeDiffResponse_Comparator.LESS_THAN,
  "!": RangeDiffResponse_Comparator.NOT_EQUAL,
};

/** Pairs of a range-diff text: pair lines, then 4-space indented patch lines. */
function parsePairs(text: string): Pair[] {
  const pairs: Pair[] = [];
  const re = /^ *(?:-|\d+): +(-+|[0-9a-f]+) ([>=!<]) +(?:-|\d+): +(-+|[0-9a-f]+) (.*)$/;
  for (const line of text.split("\n").slice(0, -1)) {
    const m = re.exec(line);
    if (m) {
      pairs.push({
        from: m[1],
        to: m[3],
        comparison: COMPARATORS[m[2]],
        title: byteStringToUtf8(m[4]),
        patch: "",
      });
    } else {
      assert.ok(line.startsWith("    "), `unexpected line ${JSON.stringify(line)}`);
      pairs[pairs.length - 1].patch += line.slice(4) + "\n";
    }
  }
  return pairs;
}

/** RangeDiff's messages reassembled into pairs; also returns the message count. */
async function rangeDiff(
  client: Client,
  rangeSpec: Spec,
): Promise<{ pairs: Pair[]; messages: number }> {
  const res = await collect(client.rangeDiff({ repository, rangeSpec }));
  const pairs: Pair[] = [];
  let open = false;
  for (const r of res) {
    if (!open) {
      pairs.push({
        from: r.fromCommitId,
        to: r.toCommitId,
        comparison: r.comparison,
        title: r.commitMessageTitle,
        patch: "",
      });
    }
    pairs[pairs.length - 1].patch += bytesToByteString(r.patchData);
    open = !r.endOfPatch;
  }
  assert.equal(open, false, "last pair not ended");
  return { pairs, messages: res.length };
}

Deno.test("RawRangeDiff: base with revisions, as git range-diff", () =>
  withClient(async (client) => {
    const expected = toHgIds(await gitRangeDiff(fixture, [git(0), git(OLD_TIP), git(NEW_TIP)]));
    // The rewrite shows every kind of pair: moved, edited, reworded, dropped, added.
    for (const status of ["=", "!", "<", ">"]) assert.match(expected, new RegExp(` ${status} `));
    assert.match(expected, /## Commit message ##/);
    const ours = await rawRangeDiff(client, {
      case: "baseWithRevisions",
      value: { base: node(0), rev1: node(OLD_TIP), rev2: node(NEW_TIP) },
    });
    assert.equal(ours, expected);
  }));

Deno.test("RawRangeDiff: range pair and symmetric revision range", () =>
  withClient(async (client) => {
    const pair = toHgIds(
      await gitRangeDiff(fixture, [`${git(0)}..${git(OLD_TIP)}`, `${git(0)}..${git(NEW_TIP)}`]),
    );
    assert.equal(
      await rawRangeDiff(client, {
        case: "rangePair",
        value: { range1: `${node(0)}..${node(OLD_TIP)}`, range2: `${node(0)}..${node(NEW_TIP)}` },
      }),
      pair,
    );
    const symmetric = toHgIds(await gitRangeDiff(fixture, [`${git(OLD_TIP)}...${git(NEW_TIP)}`]));
    assert.equal(
      await rawRangeDiff(client, {
        case: "revisionRange",
        value: { rev1: node(OLD_TIP), rev2: node(NEW_TIP) },
      }),
      symmetric,
    );
    // Sub-ranges: a shorter old series, and a series against itself (all equal).
    const partial = toHgIds(await gitRangeDiff(fixture, [git(0), git(3), git(NEW_TIP)]));
    assert.equal(
      await rawRangeDiff(client, {
        case: "baseWithRevisions",
        value: { base: node(0), rev1: node(3), rev2: node(NEW_TIP) },
      }),
      partial,
    );
    const same = await rawRangeDiff(client, {
      case: "baseWithRevisions",
      value: { base: node(0), rev1: node(NEW_TIP), rev2: node(NEW_TIP) },
    });
    assert.equal(same, toHgIds(await gitRangeDiff(fixture, [git(0), git(NEW_TIP), git(NEW_TIP)])));
    assert.equal(same.split("\n").filter((l) => / = /.test(l)).length, 6);
  }));

Deno.test("RangeDiff: pairs, comparators, titles and patches as Gitaly parses git's", () =>
  withClient(async (client) => {
    const expected = parsePairs(
      toHgIds(await gitRangeDiff(fixture, [git(0), git(OLD_TIP), git(NEW_TIP)])),
    );
    const { pairs, messages } = await rangeDiff(client, {
      case: "baseWithRevisions",
      value: { base: node(0), rev1: node(OLD_TIP), rev2: node(NEW_TIP) },
    });
    assert.deepEqual(pairs, expected);
    // The big commit's patch is more than 5 KiB: split over several messages.
    const big = pairs.find((p) => p.title === "big: rewrite f")!;
    assert.ok(big.patch.length > 5 * 1024);
    assert.ok(messages > pairs.length);
    const dropped = pairs.find((p) => p.comparison === RangeDiffResponse_Comparator.LESS_THAN)!;
    assert.equal(dropped.to, "-".repeat(40));
    assert.equal(dropped.from, node(4));
  }));

Deno.test("RangeDiff/RawRangeDiff: bad inputs", () =>
  withClient(async (client) => {
    const both = async (rangeSpec: Spec) => [
      await grpcError(collect(client.rangeDiff({ repository, rangeSpec }))),
      await grpcError(collect(client.rawRangeDiff({ repository, rangeSpec }))),
    ];
    const expectErr = async (rangeSpec: Spec, code: Code, message: RegExp) => {
      for (const err of await both(rangeSpec)) {
        assert.equal(err.code, code, err.details);
        assert.match(err.details, message);
      }
    };
    const rr = (rev1: string, rev2: string): Spec => ({
      case: "revisionRange",
      value: { rev1, rev2 },
    });
    await expectErr(rr("", node(1)), Code.INVALID_ARGUMENT, /^empty Rev1$/);
    await expectErr(rr(node(1), ""), Code.INVALID_ARGUMENT, /^empty Rev2$/);
    await expectErr(
      { case: "rangePair", value: { range1: "", range2: "a..b" } },
      Code.INVALID_ARGUMENT,
      /^empty Range1$/,
    );
    await expectErr(
      { case: "baseWithRevisions", value: { base: "", rev1: "a", rev2: "b" } },
      Code.INVALID_ARGUMENT,
      /^empty Base$/,
    );
    await expectErr({ case: undefined }, Code.INVALID_ARGUMENT, /empty RangeSpec/);
    await expectErr(
      { case: "rangePair", value: { range1: node(1), range2: `${node(0)}..${node(2)}` } },
      Code.INVALID_ARGUMENT,
      /no \.\. in range/,
    );
    await expectErr(rr("-x", node(1)), Code.INVALID_ARGUMENT, /can't start with '-'/);
    await expectErr(
      rr("nosuchref", node(1)),
      Code.FAILED_PRECONDITION,
      /unknown revision "nosuchref"/,
    );
    await expectErr(
      {
        case: "rangePair",
        value: { range1: `${node(0)}..zz`, range2: `${node(0)}..${node(2)}` },
      },
      Code.FAILED_PRECONDITION,
      /unknown revision "zz"/,
    );
    const missing = await grpcError(
      collect(
        client.rangeDiff({
          repository: { storageName: "default", relativePath: "nope" },
          rangeSpec: rr(node(0), node(1)),
        }),
      ),
    );
    assert.equal(missing.code, Code.NOT_FOUND);
  }));

Deno.test("RawRangeDiff: a ten-commit series rebased by hg (two-digit numbering)", async () => {
  const long = await buildLongSeriesFixture();
  const longRepo = openRepository(long.repo);
  const hg = (rev: number) => longRepo.changelog.node(rev);
  const gitId = (rev: number) => long.gitCommits.get(rev)!;
  const toHg = (text: string) => {
    let out = text;
    for (const [rev, commit] of long.gitCommits) out = out.replaceAll(commit, hg(rev));
    return out;
  };
  await withClient(async (client) => {
    const pair = toHg(
      await gitRangeDiff(long, [`${gitId(0)}..${gitId(10)}`, `${gitId(11)}..${gitId(21)}`]),
    );
    assert.match(pair, /^ 1: {2}[0-9a-f]{40} = {2}1: /);
    assert.match(pair, /^10: {2}[0-9a-f]{40} ! 10: /m);
    assert.equal(
      await rawRangeDiff(client, {
        case: "rangePair",
        value: { range1: `${hg(0)}..${hg(10)}`, range2: `${hg(11)}..${hg(21)}` },
      }),
      pair,
    );
    const symmetric = toHg(await gitRangeDiff(long, [`${gitId(10)}...${gitId(21)}`]));
    assert.match(symmetric, / > {2}1: {2}[0-9a-f]{40} new base$/m);
    assert.equal(
      await rawRangeDiff(client, {
        case: "revisionRange",
        value: { rev1: hg(10), rev2: hg(21) },
      }),
      symmetric,
    );
  }, long.root);
});
