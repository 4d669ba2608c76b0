import assert from "node:assert/strict";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { GitCommitSchema } from "../../src/gen/gitaly/shared_pb.ts";
import type { Changeset } from "../../src/hg/changelog.ts";
import { encodeGitCommit } from "../../src/gitlab/git-commit-encoding.ts";
import { gitCommit } from "../../src/gitlab/git-commit.ts";

/** Parents are revisions 0..9; their nodes are made up. */
const nodes = { node: (rev: number) => rev.toString(16).padStart(40, "a") };

function changeset(fields: Partial<Changeset>): Changeset {
  return {
    rev: 10,
    node: "f".repeat(40),
    p1: 3,
    p2: -1,
    manifestNode: "0".repeat(40),
    user: "Al <al@ex.org>",
    time: 1_700_000_000,
    tzOffset: -3600,
    files: [],
    description: "subject\n\nbody",
    extra: new Map([["branch", "default"]]),
    branch: "default",
    closesBranch: false,
    ...fields,
  };
}

Deno.test("encoded GitCommits are protobuf-es's encoding of the built messages", () => {
  const cases: Partial<Changeset>[] = [
    {},
    { p1: -1 },
    { p1: 2, p2: 7 },
    { description: "" },
    { description: "no newline" },
    { description: "\nempty subject" },
    { description: "caf\xe9 \xff\x00 bytes\nline 2\n" },
    { description: "x".repeat(20_000) + "\n" + "y".repeat(200_000) },
    { user: "" },
    { user: "plain name" },
    { user: "first.last@ex.org" },
    { user: '"Quoted \\"Name\\"" <q@ex.org>' },
    { user: "J\xe9r\xf4me <j@ex.org>" },
    { time: 0 },
    { time: -86_400.5 },
    { time: 1e12 },
    { time: 1234.75 },
    { tzOffset: 5400 },
    { tzOffset: 0 },
    { tzOffset: Number.NaN },
    { tzOffset: -50_400 },
  ];
  for (const fields of cases) {
    const cs = changeset(fields);
    const built = gitCommit(nodes, cs);
    const bytes = encodeGitCommit(nodes, cs);
    const label = JSON.stringify(fields).slice(0, 80);
    assert.deepEqual(bytes, toBinary(GitCommitSchema, built), label);
    assert.deepEqual(fromBinary(GitCommitSchema, bytes), built, label);
  }
});
