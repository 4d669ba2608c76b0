/**
 * RawBlame: `git blame -p` output of a file at a revision, computed with Mercurial's annotate
 * semantics (copies and renames followed), streamed in 128 KiB chunks.
 *
 * Errors as Gitaly: bad revision syntax, empty path, path escaping the root or a range not
 * `<digits>,<digits>` -> INVALID_ARGUMENT; missing path -> NOT_FOUND `path not found in
 * revision` with RawBlameError.path_not_found; range starting past the end -> INVALID_ARGUMENT
 * `range is outside of the file length` with RawBlameError.out_of_range. An unknown revision
 * gives an empty stream, as HGitaly does. Like `git blame -L`, a reversed range is swapped and
 * its end clamped to the file; line 0 is rejected as an invalid range.
 */
import { type CommitService, RawBlameErrorSchema } from "../../gen/gitaly/commit_pb.ts";
import { annotate } from "../../hg/annotate.ts";
import { bytesToByteString, byteStringToBytes } from "../../hg/byte-string.ts";
import { NULL_REV } from "../../hg/node.ts";
import { blamePorcelain } from "../../gitlab/blame-porcelain.ts";
import { resolveRevision } from "../../gitlab/resolve-revision.ts";
import { STREAM_CHUNK_SIZE } from "../data-chunks.ts";
import { openGitLabRepository, withGitLabState } from "../gitlab-access.ts";
import { Code, detail, RpcError, type ServiceImpl } from "../rpc.ts";
import type { ServiceEnv } from "../service-env.ts";
import { validateRevision } from "./history-errors.ts";

const RANGE = /^(\d+),(\d+)$/;

/** True for relative paths staying below the root (Go's filepath.IsLocal, roughly). */
function isLocalPath(path: string): boolean {
  return !path.startsWith("/") && !path.split("/").includes("..");
}

function validate(revision: string, path: string, range: string): [number, number] | undefined {
  validateRevision(revision);
  if (path.length === 0) throw new RpcError(Code.INVALID_ARGUMENT, "empty Path");
  if (!isLocalPath(path)) {
    throw new RpcError(Code.INVALID_ARGUMENT, "path escapes repository root");
  }
  if (range.length === 0) return undefined;
  const m = range.match(RANGE);
  if (!m || Number(m[1]) === 0 || Number(m[2]) === 0) {
    throw new RpcError(Code.INVALID_ARGUMENT, "invalid Range");
  }
  const a = Number(m[1]);
  const b = Number(m[2]);
  return a <= b ? [a, b] : [b, a];
}

/** RawBlame handler. */
export function rawBlameHandlers(env: ServiceEnv): ServiceImpl<typeof CommitService> {
  return {
    async *rawBlame(req) {
      const revision = bytesToByteString(req.revision);
      const path = bytesToByteString(req.path).replace(/\/+$/, "");
      const range = req.repository
        ? validate(revision, path, bytesToByteString(req.range))
        : undefined;
      const { repo, refs } = await openGitLabRepository(env, req.repository);
      const rev = withGitLabState(() => resolveRevision(repo, revision, refs));
      if (rev === undefined) return;
      const annotation = rev === NULL_REV ? undefined : annotate(repo, rev, path);
      if (!annotation) {
        throw new RpcError(Code.NOT_FOUND, "path not found in revision", [
          detail(RawBlameErrorSchema, {
            error: { case: "pathNotFound", value: { path: req.path } },
          }),
        ]);
      }
      const count = annotation.lines.length;
      const [start, end] = range ?? [1, count];
      if (range && start > count) {
        throw new RpcError(Code.INVALID_ARGUMENT, "range is outside of the file length", [
          detail(RawBlameErrorSchema, {
            error: { case: "outOfRange", value: { actualLines: BigInt(count) } },
          }),
        ]);
      }
      let pending = "";
      for (const chunk of blamePorcelain(repo, annotation, start, Math.min(end, count))) {
        pending += chunk;
        while (pending.length >= STREAM_CHUNK_SIZE) {
          yield { data: byteStringToBytes(pending.slice(0, STREAM_CHUNK_SIZE)) };
          pending = pending.slice(STREAM_CHUNK_SIZE);
        }
      }
      if (pending.length) yield { data: byteStringToBytes(pending) };
    },
  };
}
