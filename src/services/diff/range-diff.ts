/**
 * RangeDiff and RawRangeDiff: `git range-diff` of two commit series, computed natively.
 * Gitaly runs `git range-diff --abbrev=<full> [--no-color]` with one of three argument
 * forms: `<range1> <range2>` (each a `a..b` or `a...b` range), `<rev1>...<rev2>` (meaning
 * `rev2..rev1` against `rev1..rev2`) or `<base> <rev1> <rev2>` (`base..rev1` against
 * `base..rev2`). RawRangeDiff streams the text in 128 KiB messages; RangeDiff sends one
 * message per pair (its `!` patch unindented, split in 5 KiB parts, `end_of_patch` on the
 * last), ids of a missing side being 40 dashes as in the text.
 *
 * Errors: an empty or missing spec field is INVALID_ARGUMENT (`empty Rev1` …, Gitaly's
 * wording), a range without `..` or a malformed revision INVALID_ARGUMENT, an unknown
 * revision FAILED_PRECONDITION (where Gitaly reports git's failure).
 */
import type { MessageInitShape } from "@bufbuild/protobuf";
import {
  type DiffService,
  type RangeDiffRequest,
  RangeDiffResponse_Comparator,
  RangeDiffResponseSchema,
} from "../../gen/gitaly/diff_pb.ts";
import { type ByteString, byteStringToBytes, byteStringToUtf8 } from "../../hg/byte-string.ts";
import type { Repository } from "../../hg/repository.ts";
import type { WalkSpec } from "../../gitlab/commit-walk.ts";
import {
  pairNumberWidth,
  type RangeDiffPair,
  rangeDiffPairs,
  rangeDiffText,
} from "../../gitlab/diff/range-diff.ts";
import { type RangeDiffPatch, rangeDiffPatch } from "../../gitlab/diff/range-diff-patch.ts";
import {
  DEFAULT_CREATION_FACTOR,
  matchRanges,
  type RangeMatching,
} from "../../gitlab/diff/range-diff-match.ts";
import type { GitLabRefs } from "../../gitlab/gitlab-refs.ts";
import { rangeCommits } from "../../gitlab/range-commits.ts";
import { expressionWalk, UnknownRevisionError } from "../../gitlab/rev-list.ts";
import { resolveRevision } from "../../gitlab/resolve-revision.ts";
import { revisionSyntaxError } from "../../gitlab/revision-syntax.ts";
import { openGitLabRepository, withGitLabState } from "../gitlab-access.ts";
import { Code, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { ChunkBuffer } from "./byte-stream.ts";
import { TimeSlicer } from "./time-slicer.ts";

/** Gitaly's DiffService message size threshold, for RangeDiff patch parts. */
const PATCH_PART_SIZE = 5 * 1024;

/** Full-length ids: a missing side shows as many dashes. */
const NO_COMMIT = "-".repeat(40);

type RangeSpec = RangeDiffRequest["rangeSpec"];

/** Gitaly's validation of the spec fields. */
function validateSpec(spec: RangeSpec): void {
  const empty = (field: string) => new RpcError(Code.INVALID_ARGUMENT, `empty ${field}`);
  switch (spec.case) {
    case "rangePair":
      if (spec.value.range1 === "") throw empty("Range1");
      if (spec.value.range2 === "") throw empty("Range2");
      return;
    case "revisionRange":
      if (spec.value.rev1 === "") throw empty("Rev1");
      if (spec.value.rev2 === "") throw empty("Rev2");
      return;
    case "baseWithRevisions":
      if (spec.value.rev1 === "") throw empty("Rev1");
      if (spec.value.rev2 === "") throw empty("Rev2");
      if (spec.value.base === "") throw empty("Base");
      return;
    default:
      throw empty("RangeSpec");
  }
}

function checkSyntax(revision: ByteString): void {
  const reason = revisionSyntaxError(revision);
  if (reason !== undefined) {
    throw new RpcError(
      Code.INVALID_ARGUMENT,
      `invalid revision ${JSON.stringify(revision)}: ${reason}`,
    );
  }
}

/** The two walks (old series, new series) of a validated spec. */
function specWalks(repo: Repository, refs: GitLabRefs, spec: RangeSpec): [WalkSpec, WalkSpec] {
  const resolve = (revision: ByteString) => {
    checkSyntax(revision);
    const rev = resolveRevision(repo, revision, refs);
    if (rev === undefined) throw new UnknownRevisionError(revision);
    return rev;
  };
  const between = (from: number, to: number): WalkSpec => ({ include: [to], exclude: [from] });
  switch (spec.case) {
    case "rangePair": {
      return [spec.value.range1, spec.value.range2].map((range) => {
        if (!range.includes("..")) {
          throw new RpcError(Code.INVALID_ARGUMENT, `no .. in range: ${JSON.stringify(range)}`);
        }
        for (const side of range.split(/\.{2,3}/)) if (side !== "") checkSyntax(side);
        return expressionWalk(repo, refs, range);
      }) as [WalkSpec, WalkSpec];
    }
    case "revisionRange": {
      const rev1 = resolve(spec.value.rev1);
      const rev2 = resolve(spec.value.rev2);
      return [between(rev2, rev1), between(rev1, rev2)];
    }
    case "baseWithRevisions": {
      const base = resolve(spec.value.base);
      return [between(base, resolve(spec.value.rev1)), between(base, resolve(spec.value.rev2))];
    }
    default:
      throw new RpcError(Code.INVALID_ARGUMENT, "empty RangeSpec");
  }
}

/** The two series of the request as range-diff texts, and their matching. */
async function openSeries(
  env: ServiceEnv,
  req: Pick<RangeDiffRequest, "repository" | "rangeSpec">,
  slicer: TimeSlicer,
): Promise<{ olds: RangeDiffPatch[]; news: RangeDiffPatch[]; matching: RangeMatching }> {
  const { repo, refs } = await openGitLabRepository(env, req.repository);
  validateSpec(req.rangeSpec);
  let walks: [WalkSpec, WalkSpec];
  try {
    walks = withGitLabState(() => specWalks(repo, refs, req.rangeSpec));
  } catch (err) {
    if (err instanceof UnknownRevisionError) {
      throw new RpcError(
        Code.FAILED_PRECONDITION,
        `unknown revision ${JSON.stringify(err.revision)}`,
      );
    }
    throw err;
  }
  const series: RangeDiffPatch[][] = [];
  for (const walk of walks) {
    const patches: RangeDiffPatch[] = [];
    for (const rev of rangeCommits(repo, walk)) {
      patches.push(rangeDiffPatch(repo, rev));
      await slicer.maybePause();
    }
    series.push(patches);
  }
  const [olds, news] = series;
  const matching = await matchRanges(
    olds,
    news,
    DEFAULT_CREATION_FACTOR,
    () => slicer.maybePause(),
  );
  return { olds, news, matching };
}

const COMPARATOR: Record<RangeDiffPair["status"], RangeDiffResponse_Comparator> = {
  "=": RangeDiffResponse_Comparator.EQUAL_UNSPECIFIED,
  ">": RangeDiffResponse_Comparator.GREATER_THAN,
  "<": RangeDiffResponse_Comparator.LESS_THAN,
  "!": RangeDiffResponse_Comparator.NOT_EQUAL,
};

/** The RangeDiff messages of one pair. */
function* pairMessages(
  pair: RangeDiffPair,
): Generator<MessageInitShape<typeof RangeDiffResponseSchema>> {
  const first = {
    fromCommitId: pair.old?.node ?? NO_COMMIT,
    toCommitId: pair.new?.node ?? NO_COMMIT,
    comparison: COMPARATOR[pair.status],
    commitMessageTitle: byteStringToUtf8(pair.title),
  };
  const patch = byteStringToBytes(pair.patch);
  if (patch.length <= PATCH_PART_SIZE) {
    yield { ...first, patchData: patch, endOfPatch: true };
    return;
  }
  for (let offset = 0; offset < patch.length; offset += PATCH_PART_SIZE) {
    const end = Math.min(offset + PATCH_PART_SIZE, patch.length);
    yield {
      ...(offset === 0 ? first : {}),
      patchData: patch.subarray(offset, end),
      endOfPatch: end === patch.length,
    };
  }
}

/** RangeDiff and RawRangeDiff handlers. */
export function rangeDiffHandlers(env: ServiceEnv): ServiceImpl<typeof DiffService> {
  return {
    async *rawRangeDiff(req) {
      const slicer = new TimeSlicer();
      const { olds, news, matching } = await openSeries(env, req, slicer);
      const buffer = new ChunkBuffer();
      const width = pairNumberWidth(olds.length, news.length);
      for (const text of rangeDiffText(rangeDiffPairs(olds, news, matching), width)) {
        for (const data of buffer.push(text)) yield { data };
        await slicer.maybePause();
      }
      for (const data of buffer.flush()) yield { data };
    },
    async *rangeDiff(req) {
      const slicer = new TimeSlicer();
      const { olds, news, matching } = await openSeries(env, req, slicer);
      for (const pair of rangeDiffPairs(olds, news, matching)) {
        yield* pairMessages(pair);
        await slicer.maybePause();
      }
    },
  };
}
