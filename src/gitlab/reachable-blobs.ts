/**
 * Blobs reachable from a set of revisions, Git `rev-list --objects` style, for ListBlobs and
 * ListAllBlobs (and ObjectsSize). Revisions follow rev-list's arguments (see BLOB_REV_LIST):
 * `^rev` excludes, `--not` flips the polarity of what follows, `--all` means every visible
 * changeset, `a..b` is `^a b`.
 *
 * A Mercurial blob is a file revision; each is listed once (per path), with the oid of the
 * newest selected changeset introducing it, walking changesets newest first.
 */
import type { ByteString } from "../hg/byte-string.ts";
import { introducedFiles } from "../hg/introduced-files.ts";
import { repoGraph } from "../hg/repo-state.ts";
import type { Repository } from "../hg/repository.ts";
import type { GitLabRefs } from "./gitlab-refs.ts";
import { blobOid } from "./object-id.ts";
import { walkRevs, type WalkSpec } from "./commit-walk.ts";
import {
  InvalidRevisionError,
  type RevListDialect,
  revListWalk,
  UnknownRevisionError,
  visibleRevs,
} from "./rev-list.ts";

/** A revision argument that is malformed (`invalid`) or names nothing (`unknown`). */
export class RevisionListError extends Error {
  /** @param kind what is wrong; @param revision the offending argument. */
  constructor(readonly kind: "invalid" | "unknown", readonly revision: ByteString) {
    super(`${kind} revision: ${JSON.stringify(revision)}`);
    this.name = "RevisionListError";
  }
}

/** A reachable blob, before its content is read. */
export interface ReachableBlob {
  oid: string;
  path: ByteString;
  /** Hex file node. */
  fileNode: string;
}

/**
 * The revision arguments of ListBlobs and ObjectsSize: `--all` means every visible changeset,
 * any other argument starting with `-` (and the empty one) is invalid, `^` excludes a single
 * revision and `a...b` is not understood (read as a name).
 */
const BLOB_REV_LIST: RevListDialect = {
  pseudo: new Map([["--all", visibleRevs]]),
  syntaxError: (arg) => arg.startsWith("-") || arg === "" ? "invalid" : undefined,
  fullRanges: false,
};

/**
 * Selection mask (1 = selected) of the changesets rev-list arguments designate.
 * Throws RevisionListError for options other than `--all`/`--not` and unknown revisions.
 */
export function selectRevisions(
  repo: Repository,
  refs: GitLabRefs,
  revisions: readonly ByteString[],
): Uint8Array {
  let spec: WalkSpec;
  try {
    spec = revListWalk(repo, refs, revisions, BLOB_REV_LIST);
  } catch (err) {
    if (err instanceof InvalidRevisionError) throw new RevisionListError("invalid", err.revision);
    if (err instanceof UnknownRevisionError) throw new RevisionListError("unknown", err.revision);
    throw err;
  }
  const mask = new Uint8Array(repo.changelog.length);
  for (const rev of walkRevs(repoGraph(repo), spec)) mask[rev] = 1;
  return mask;
}

/** Every changeset of the snapshot (hidden ones included): ListAllBlobs' selection. */
export function allRevisions(repo: Repository): Uint8Array {
  return new Uint8Array(repo.changelog.length).fill(1);
}

/** Blobs introduced by the selected changesets, newest changeset first, each once. */
export function* reachableBlobs(
  repo: Repository,
  selection: Uint8Array,
): Generator<ReachableBlob> {
  const seen = new Set<string>();
  for (let rev = selection.length - 1; rev >= 0; rev--) {
    if (selection[rev] === 0) continue;
    const node = repo.changelog.node(rev);
    for (const file of introducedFiles(repo, rev)) {
      const key = `${file.node}${file.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      yield { oid: blobOid(node, file.path), path: file.path, fileNode: file.node };
    }
  }
}
