/**
 * The fixture repository of the GitLab mapping and RefService tests: named branches (one
 * closed, one with two heads, non-ASCII and spaced names), a topic, a bookmark, global tags
 * (one removed, one with a space), a local tag and an amended (obsolete) changeset.
 */
import { buildFixture, type Fixture, runFixtureScript } from "../hg/hg-fixture.ts";

/** Builds the fixture (about a second). Close `fixture.server` when done. */
export async function buildRefFixture(): Promise<Fixture> {
  const f = await buildFixture(`
    c a
    hg tag v1
    hg branch stable
    c b
    hg branch old
    c o
    hg ci --close-branch -m closing
    hg up default
    c c
    hg up 0
    c d
    hg up stable
    hg topic feat
    c t1
    c t2
    hg topic --clear
    hg up 0
    hg branch bookbr
    c k
    hg bookmark bk
    hg up default
  `);
  const s = f.server;
  // Commands with spaces or specific dates need the server directly.
  await s.check(
    "ci",
    "-m",
    "dated",
    "-d",
    "1000000000 -7200",
    "-u",
    'Al "Bob" <al@ex.org>',
    "--config",
    "ui.allowemptycommit=1",
  );
  await s.check("tag", "-r", "0", "v2");
  await s.check("tag", "--remove", "v2");
  await s.check("tag", "-r", "2", "my tag");
  await s.check("tag", "-l", "-r", "2", "loc");
  await s.check("branch", "ünï sp");
  await runFixtureScript(f, "c u; c amended; hg ci --amend -m amended2");
  await s.check("phase", "-p", "-r", "0");
  return f;
}
