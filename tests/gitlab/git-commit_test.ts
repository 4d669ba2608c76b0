import assert from "node:assert/strict";
import { byteStringToBytes } from "../../src/hg/byte-string.ts";
import { openRepository } from "../../src/hg/repository.ts";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { CommitTrailerSchema, GitCommitSchema } from "../../src/gen/gitaly/shared_pb.ts";
import {
  clearGitCommitCache,
  gitCommit,
  gitCommitBytes,
  gitCommitOfRev,
} from "../../src/gitlab/git-commit.ts";
import { gitTag } from "../../src/gitlab/ref-messages.ts";
import { buildRefFixture } from "./ref-fixture.ts";

const fixture = await buildRefFixture();
const hg = fixture.server;
const dec = (b: Uint8Array) => new TextDecoder("latin1").decode(b);

Deno.test("GitCommit of every changeset agrees with hg's templates", async () => {
  const repo = openRepository(fixture.repo);
  const out = await hg.check(
    "log",
    "--hidden",
    "-T",
    "{rev}\x01{node}\x01{p1.node}\x01{p2.node}\x01{person(author)}\x01{email(author)}\x01{date|hgdate}\x01{desc}\x02",
  );
  let count = 0;
  for (const record of out.split("\x02").filter(Boolean)) {
    const [rev, node, p1, p2, name, email, date, desc] = record.split("\x01");
    const c = gitCommitOfRev(repo.changelog, Number(rev));
    const [secs, tz] = date.split(" ").map(Number);
    assert.equal(c.id, node);
    assert.deepEqual(c.parentIds, [p1, p2].filter((p) => p !== "0".repeat(40)));
    assert.equal(dec(c.body), desc);
    assert.equal(c.bodySize, BigInt(byteStringToBytes(desc).length));
    assert.equal(dec(c.subject), desc.split("\n")[0]);
    if (email.includes("@")) assert.equal(dec(c.author!.name), name);
    assert.equal(dec(c.author!.email), email.includes("@") ? email : "");
    assert.equal(c.author!.date!.seconds, BigInt(secs));
    assert.equal(dec(c.author!.timezone), tz === -7200 ? "+0200" : "+0000");
    assert.deepEqual(c.committer, c.author);
    assert.equal(c.treeId, "");
    count++;
  }
  assert.equal(count, repo.changelog.length);
  const dated = gitCommitOfRev(repo.changelog, 10);
  assert.equal(dec(dated.author!.name), 'Al "Bob', "Mercurial strips quotes at both ends");
  assert.equal(dec(dated.author!.timezone), "+0200");
});

Deno.test("Tag messages: lightweight or with a tagging changeset", () => {
  const repo = openRepository(fixture.repo);
  const target = gitCommitOfRev(repo.changelog, 0);
  const light = gitTag("v1", target);
  assert.equal(light.id, target.id);
  assert.equal(light.message.length, 0);
  const tagging = repo.changelog.read(1);
  const annotated = gitTag("v1", target, tagging);
  assert.equal(annotated.id, tagging.node);
  assert.equal(dec(annotated.message), tagging.description);
  assert.equal(annotated.messageSize, BigInt(tagging.description.length));
  assert.equal(dec(annotated.tagger!.email), "test@example.org");
});

Deno.test("cached GitCommits: same as built, fresh top level, rewrites seen", async () => {
  clearGitCommitCache();
  const repo = openRepository(fixture.repo);
  const cl = repo.changelog;
  const tip = cl.length - 1;
  const built = gitCommit(cl, cl.read(tip));
  const first = gitCommitOfRev(cl, tip);
  assert.deepEqual(first, built);
  const second = gitCommitOfRev(cl, tip);
  assert.notEqual(second, first, "a fresh message per call");
  assert.equal(second.body, first.body, "built once: parts shared");
  first.trailers = [create(CommitTrailerSchema, {})];
  assert.deepEqual(gitCommitOfRev(cl, tip).trailers, [], "callers' changes stay theirs");

  // A rewrite makes a new node: the next snapshot gets the new commit.
  await hg.check("ci", "--amend", "-m", "amended again\n\nwith a body");
  const after = openRepository(fixture.repo);
  const newTip = after.changelog.length - 1;
  const rewritten = gitCommitOfRev(after.changelog, newTip);
  assert.notEqual(rewritten.id, first.id);
  assert.equal(dec(rewritten.subject), "amended again");
  assert.deepEqual(rewritten, gitCommit(after.changelog, after.changelog.read(newTip)));
  assert.deepEqual(gitCommitOfRev(after.changelog, tip), built, "the old node is unchanged");
});

Deno.test("encoded GitCommits: the encoding of the built commit, cached, rewrites seen", async () => {
  clearGitCommitCache();
  const repo = openRepository(fixture.repo);
  const cl = repo.changelog;
  for (let rev = -1; rev < cl.length; rev++) {
    const bytes = gitCommitBytes(cl, rev);
    const built = gitCommit(cl, cl.read(rev));
    assert.deepEqual(bytes, toBinary(GitCommitSchema, built));
    assert.deepEqual(fromBinary(GitCommitSchema, bytes), built);
  }
  const tip = cl.length - 1;
  assert.equal(gitCommitBytes(cl, tip), gitCommitBytes(cl, tip), "built once per node");

  await hg.check("ci", "--amend", "-m", "encoded amend");
  const after = openRepository(fixture.repo);
  const newTip = after.changelog.length - 1;
  const rewritten = fromBinary(GitCommitSchema, gitCommitBytes(after.changelog, newTip));
  assert.equal(rewritten.id, after.changelog.node(newTip));
  assert.equal(dec(rewritten.subject), "encoded amend");
  assert.deepEqual(gitCommitBytes(after.changelog, tip), gitCommitBytes(cl, tip));
});

Deno.test("stop servers", async () => {
  await hg.close();
});
