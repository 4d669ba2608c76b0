import assert from "node:assert/strict";
import {
  CommitDiffRequest_DiffMode,
  CommitDiffRequest_WhitespaceChanges,
  type CommitDiffResponse,
  DiffService,
} from "../../../src/gen/gitaly/diff_pb.ts";
import { bytesToByteString } from "../../../src/hg/byte-string.ts";
import { openRepository } from "../../../src/hg/repository.ts";
import { collect, createClient } from "../../support/grpc-client.ts";
import { startTestServer } from "../../support/test-server.ts";
import { gitWordDiffs } from "../../gitlab/diff/word-diff-support.ts";
import { buildWordFixture, WORD_PAIRS } from "./word-fixture.ts";

const fixture = await buildWordFixture();
const srv = await startTestServer(fixture.root);
const client = createClient(DiffService, srv.address);
const repo = openRepository(fixture.repo);
const repository = { storageName: "default", relativePath: "repo" };
const WORDDIFF = CommitDiffRequest_DiffMode.WORDDIFF;

interface FileDiff {
  head: CommitDiffResponse;
  patch: string;
  messages: number;
}

/** CommitDiff 0 -> 1 grouped by file (path -> diff). */
async function commitDiff(extra: Record<string, unknown> = {}): Promise<Map<string, FileDiff>> {
  const responses = await collect(client.commitDiff({
    repository,
    leftCommitId: repo.changelog.node(0),
    rightCommitId: repo.changelog.node(1),
    ...extra,
  }));
  const out = new Map<string, FileDiff>();
  let current: FileDiff | undefined;
  for (const r of responses) {
    if (!current) current = { head: r, patch: "", messages: 0 };
    current.patch += bytesToByteString(r.rawPatchData);
    current.messages++;
    if (r.endOfPatch) {
      out.set(bytesToByteString(current.head.toPath), current);
      current = undefined;
    }
  }
  assert.equal(current, undefined, "stream ends with end_of_patch");
  return out;
}

const textPaths = Object.keys(WORD_PAIRS).filter((p) => p !== "bin.dat");
const textPairs = textPaths.map((p): [string, string] => {
  const [a, b] = WORD_PAIRS[p];
  return [a ?? "", b ?? ""];
});

Deno.test("CommitDiff WORDDIFF: patches equal git --word-diff=porcelain hunks", async () => {
  const got = await commitDiff({ diffMode: WORDDIFF });
  const expected = await gitWordDiffs(textPairs);
  for (const [i, path] of textPaths.entries()) {
    assert.equal(got.get(path)?.patch, expected[i], path);
  }
  // The word diff differs from the line diff wherever a line changed.
  const lines = await commitDiff();
  assert.notEqual(got.get("inline.txt")!.patch, lines.get("inline.txt")!.patch);
  // Binary files keep their line: nothing to diff word by word.
  assert.equal(got.get("bin.dat")!.patch, lines.get("bin.dat")!.patch);
  assert.equal(got.get("bin.dat")!.head.binary, true);
  // A big word diff spans several 5 KiB messages.
  assert.ok(got.get("big.txt")!.messages > 2);
});

Deno.test("CommitDiff WORDDIFF: whitespace options as git's", async () => {
  for (
    const [ws, mode] of [
      [CommitDiffRequest_WhitespaceChanges.IGNORE, "change"],
      [CommitDiffRequest_WhitespaceChanges.IGNORE_ALL, "all"],
    ] as const
  ) {
    const got = await commitDiff({ diffMode: WORDDIFF, whitespaceChanges: ws });
    const expected = await gitWordDiffs(textPairs, mode);
    for (const [i, path] of textPaths.entries()) {
      assert.equal(got.get(path)?.patch ?? "", expected[i], `${mode} ${path}`);
    }
  }
});

Deno.test("CommitDiff WORDDIFF: limits weigh the word-diff patches", async () => {
  const words = await commitDiff({ diffMode: WORDDIFF });
  const size = words.get("hunks.txt")!.patch.length;
  // A patch of exactly max_patch_bytes is too large; the line patch (shorter) is not.
  const limits = { enforceLimits: true, maxFiles: 100, maxLines: 100000, maxBytes: 1e6 };
  const cut = await commitDiff({
    diffMode: WORDDIFF,
    ...limits,
    maxPatchBytesForFileExtension: { ".txt": size },
  });
  assert.equal(cut.get("hunks.txt")!.head.tooLarge, true);
  assert.equal(cut.get("hunks.txt")!.patch, "");
  const lineSize = (await commitDiff()).get("hunks.txt")!.patch.length;
  assert.ok(lineSize < size);
  const kept = await commitDiff({ ...limits, maxPatchBytesForFileExtension: { ".txt": size } });
  assert.equal(kept.get("hunks.txt")!.head.tooLarge, false);
  // Collapse counts `~` lines: added.txt, the first file, has 2 line-mode lines but 4
  // word-diff lines.
  const safe = { collapseDiffs: true, safeMaxFiles: 100, safeMaxLines: 3, safeMaxBytes: 1e6 };
  assert.equal((await commitDiff(safe)).get("added.txt")!.head.collapsed, false);
  const collapsed = (await commitDiff({ diffMode: WORDDIFF, ...safe })).get("added.txt")!;
  assert.deepEqual([collapsed.head.collapsed, collapsed.patch], [true, ""]);
});

Deno.test("stop server", async () => {
  client.close();
  await srv[Symbol.asyncDispose]();
});
