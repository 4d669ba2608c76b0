/** Comparisons of what the engine reads with what hg reports (see hg-fixture.ts). */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import { bytesToByteString } from "../../src/hg/byte-string.ts";
import type { Repository } from "../../src/hg/repository.ts";
import type { Revlog } from "../../src/hg/revlog.ts";
import type { Dump } from "./hg-fixture.ts";

/** Asserts every changeset of the dump equals what the engine reads. */
export function assertChangesetsMatch(repo: Repository, dump: Dump): void {
  assert.equal(repo.changelog.length, dump.revs.length);
  dump.revs.forEach((d, rev) => {
    const cs = repo.changelog.read(rev);
    assert.deepEqual(
      {
        node: cs.node,
        p1: cs.p1,
        p2: cs.p2,
        manifestNode: cs.manifestNode,
        user: cs.user,
        time: cs.time,
        tz: cs.tzOffset,
        files: cs.files,
        description: cs.description,
        branch: cs.branch,
        extra: Object.fromEntries(cs.extra),
      },
      {
        node: d.node,
        p1: d.p1,
        p2: d.p2,
        manifestNode: d.manifestNode,
        user: d.user,
        time: d.time,
        tz: d.tz,
        files: d.files,
        description: d.description,
        branch: d.branch,
        extra: d.extra,
      },
      `changeset ${rev}`,
    );
    assert.equal(cs.rev, rev);
    assert.equal(cs.closesBranch, "close" in d.extra);
    assert.equal(cs.topic, d.extra.topic);
  });
}

/** Asserts the manifest of every changeset of the dump equals what the engine reads. */
export function assertManifestsMatch(repo: Repository, dump: Dump): void {
  dump.revs.forEach((d, rev) => {
    const m = repo.manifest(d.manifestNode);
    const ours = [...m.entries()].map(([p, e]) => [p, e.node, e.flags]);
    assert.deepEqual(ours, d.manifest, `manifest of changeset ${rev}`);
  });
}

/** Asserts every file revision of the dump (content, copy source) equals the engine's. */
export function assertFilesMatch(repo: Repository, dump: Dump): void {
  for (const [key, f] of Object.entries(dump.files)) {
    const [path, node] = key.split("\0");
    const fl = repo.filelog(path);
    const rev = fl.rev(node);
    assert.ok(rev !== undefined, `file node ${node} of ${JSON.stringify(path)}`);
    assert.equal(fl.isCensored(rev), f.censored, `censored ${JSON.stringify(path)}`);
    if (f.censored) {
      assert.equal(fl.content(rev).length, 0);
      continue;
    }
    const content = fl.content(rev);
    assert.equal(bytesToByteString(content), f.data, `content of ${JSON.stringify(path)}`);
    assert.equal(fl.size(rev), content.length);
    const copy = fl.copySource(rev);
    assert.deepEqual(copy ? [copy.path, copy.node] : null, f.copy, `copy ${JSON.stringify(path)}`);
  }
}

/** Asserts the whole repository (changesets, manifests, files) matches the dump. */
export function assertRepositoryMatches(repo: Repository, dump: Dump): void {
  assertChangesetsMatch(repo, dump);
  assertManifestsMatch(repo, dump);
  assertFilesMatch(repo, dump);
}

/** Checks node = sha1(min(p1, p2) + max(p1, p2) + raw text) for every non-censored rev. */
export function assertNodeHashes(revlog: Revlog): void {
  for (let rev = 0; rev < revlog.length; rev++) {
    if (revlog.isCensored(rev)) continue;
    const [p1, p2] = revlog.parents(rev).map((r) => revlog.node(r)).sort();
    const hash = createHash("sha1");
    hash.update(Buffer.from(p1, "hex"));
    hash.update(Buffer.from(p2, "hex"));
    hash.update(revlog.revision(rev));
    assert.equal(hash.digest("hex"), revlog.node(rev), `${revlog.indexPath} rev ${rev}`);
  }
}

/** Every filelog reachable from the manifests of the dump. */
export function allFilelogPaths(dump: Dump): string[] {
  return [...new Set(Object.keys(dump.files).map((k) => k.split("\0")[0]))];
}
