/**
 * The fixture of the commit history RPC tests, built with real hg (hg-fixture.ts): a named
 * branch merged back, a rename then an edit of the renamed file, a removal, non-ASCII paths,
 * an amended (hence hidden) changeset, trailers in a description, dates out of revision
 * order, and an empty repository beside it. An hg command server answers oracle queries.
 */
import {
  build,
  commitStep,
  type HgServer,
  makeHgHome,
  startHgServer,
  type Step,
} from "../../hg/hg-fixture.ts";
import { utf8ToByteString } from "../../../src/hg/byte-string.ts";

/** Where the fixture lives and an hg command server on its repository. */
export interface HistoryFixture {
  /** Storage root holding `repo` and `empty`. */
  root: string;
  /** Path of the repository. */
  repo: string;
  /** hg command server on `repo` (close it when done). */
  hg: HgServer;
}

/** UTF-8 non-ASCII directory and file name, as a ByteString and as text. */
export const NON_ASCII_DIR = utf8ToByteString("dossier été");
/** A file under NON_ASCII_DIR. */
export const NON_ASCII_FILE = `${NON_ASCII_DIR}/${utf8ToByteString("fiché.txt")}`;

/** Commit message with trailers (changeset 1). */
export const TRAILER_MESSAGE =
  "edit a\n\nLonger body.\n\nSigned-off-by: Alice <alice@example.org>\nReviewed-by: Bob\n  Builder";

/** Builds the fixture (about a second). */
export async function buildHistoryFixture(): Promise<HistoryFixture> {
  const { dir, hgrc } = await makeHgHome();
  const root = `${dir}/repos`;
  await Deno.mkdir(root);
  const ci = commitStep;
  const steps: Step[] = [
    ["hg", "init", "repos/empty"],
    ["hg", "init", "repos/repo"],
    ["cd", "repos/repo"],
    ["write", "a.txt", "a\n"],
    ["write", "b.txt", "b\n"],
    ["write", "dir/x.txt", "x\n"],
    ["write", "dir/sub/y.txt", "y\n"],
    ["write", NON_ASCII_FILE, "f\n"],
    ci("initial", 1000), // 0
    ["write", "a.txt", "a\na2\n"],
    ci(TRAILER_MESSAGE, 2000, "Bob <bob@example.org>"), // 1
    ["hg", "branch", "-q", "stable"],
    ["write", "b.txt", "b\nb2\n"],
    ci("stable edit b", 3000), // 2
    ["write", "s.txt", "s\n"],
    ci("stable add s", 2500), // 3 (dated before 2)
    ["hg", "update", "-q", "default"],
    ["write", "dir/x.txt", "x\nx2\n"],
    ci("edit x", 4000, "Carol <carol@example.org>"), // 4
    ["hg", "merge", "-q", "stable"],
    ci("merge stable", 5000), // 5
    ["hg", "mv", "a.txt", "moved/a2.txt"],
    ci("rename a", 6000), // 6
    ["write", "moved/a2.txt", "a\na2\na3\n"],
    ci("edit renamed", 7000), // 7
    ["hg", "rm", "b.txt"],
    ci("remove b", 8000), // 8
    ["write", `${NON_ASCII_DIR}/autre.txt`, "o\n"],
    ci("add in non-ascii dir", 8500), // 9
    ["write", "h.txt", "h\n"],
    ci("to amend", 9000), // 10, hidden after the amend
    ["hg", "commit", "--amend", "-q", "-m", "amended", "-d", "9100 0"], // 11
  ];
  await build(dir, steps, hgrc);
  const repo = `${root}/repo`;
  const hg = await startHgServer(repo, hgrc);
  return { root, repo, hg };
}
