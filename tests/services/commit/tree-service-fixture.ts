/**
 * The tree fixture (gitlab/tree-fixture.ts) served to the CommitService tree RPC tests, with
 * an empty repository `empty` beside `repo`, and hg on it as the oracle.
 */
import { CommitService } from "../../../src/gen/gitaly/commit_pb.ts";
import { type Client, createClient } from "../../support/grpc-client.ts";
import { startTestServer, type TestServer } from "../../support/test-server.ts";
import { hgCommand, hgNode, type HgRun, hgRunner } from "../../hg/hg-fixture.ts";
import { buildTreeFixture, type TreeFixture } from "../../gitlab/tree-fixture.ts";

/** A served tree fixture. */
export interface TreeService {
  /** The fixture on disk. */
  readonly fixture: TreeFixture;
  /** The server on the fixture's directory (dispose it in the last test). */
  readonly srv: TestServer;
  /** CommitService client of the server. */
  readonly client: Client<typeof CommitService>;
  /** The fixture repository; `relativePath: "empty"` names the empty one. */
  readonly repository: { storageName: string; relativePath: string };
  /** hg on the fixture repository. */
  readonly hg: HgRun;
  /** Hex node of a revset (hidden changesets included). */
  readonly node: (revset: string) => Promise<string>;
  /** Hex node of tip. */
  readonly tip: string;
}

/** Builds the tree fixture and an empty repository, and serves them. */
export async function serveTreeFixture(): Promise<TreeService> {
  const fixture = await buildTreeFixture();
  await hgCommand(["init", `${fixture.dir}/empty`], fixture.dir, fixture.hgrc);
  const srv = await startTestServer(fixture.dir);
  const hg = hgRunner(fixture.repo, fixture.hgrc);
  const node = (revset: string) => hgNode(hg, revset);
  return {
    fixture,
    srv,
    client: createClient(CommitService, srv.address),
    repository: { storageName: "default", relativePath: "repo" },
    hg,
    node,
    tip: await node("tip"),
  };
}
