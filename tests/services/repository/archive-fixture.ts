/**
 * Fixture and oracles of the GetArchive tests: the rich repository (tricky, long and
 * non-UTF-8 paths, executables, symlinks, big files) plus global and local tags, and the
 * archives `hg archive` writes to standard output (as HGitaly's archiver does to a file).
 */
import { build, hgCommand, makeHgHome, type Step } from "../../hg/hg-fixture.ts";
import { buildRichRepo } from "../../hg/rich-repo.ts";

/** A storage root holding repository `rich`, and hg's configuration. */
export interface ArchiveFixture {
  root: string;
  repo: string;
  hgrc: string;
}

/** Builds the fixture: rich repository, tags `v1` (global), `v2 v2-alias`, `mine` (local). */
export async function buildArchiveFixture(): Promise<ArchiveFixture> {
  const { dir, hgrc } = await makeHgHome();
  const root = `${dir}/repos`;
  await Deno.mkdir(root);
  const repo = await buildRichRepo(root, hgrc, "rich", { small: true });
  await build(repo, [
    ["hg", "tag", "-q", "-r", "1", "-d", "1000003000 0", "v1"],
    ["hg", "tag", "-q", "-r", "3", "-d", "1000003100 0", "v2", "v2-alias"],
    ["hg", "tag", "-q", "-l", "-r", "4", "mine"],
    ["write", "after-tags", "x\n"],
    ["hg", "commit", "-A", "-q", "-m", "after tags", "-d", "1000003200 0"],
  ], hgrc);
  return { root, repo, hgrc };
}

/** Hex node of `rev` in the fixture. */
export async function nodeOf(f: ArchiveFixture, rev: string): Promise<string> {
  return await hgCommand(["log", "-r", rev, "-T", "{node}"], f.repo, f.hgrc);
}

/** One `hg archive` run: revision, type, prefix and extra arguments (`-I`, `-X`). */
export interface HgArchiveRun {
  rev: string;
  kind: string;
  prefix: string;
  args?: string[];
}

/**
 * The archives `hg archive -r <rev> -t <kind> -p <prefix> [args] <file>` writes, all made in
 * one Python process. Like HGitaly's archiver the output is a seekable file (zip members get
 * their sizes in the local headers); gzip headers name the file, which HGitaly's do not.
 */
export async function hgArchives(f: ArchiveFixture, runs: HgArchiveRun[]): Promise<Uint8Array[]> {
  const dir = await Deno.makeTempDir();
  try {
    const dest = (i: number) => `${dir}/${i}.${runs[i].kind}`;
    await build(
      f.repo,
      runs.map((r, i): Step => [
        "hg",
        "archive",
        "-r",
        r.rev,
        "-t",
        r.kind,
        "-p",
        r.prefix,
        ...(r.args ?? []),
        dest(i),
      ]),
      f.hgrc,
    );
    return await Promise.all(runs.map((_, i) => Deno.readFile(dest(i))));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const ZIP_DUMP = String.raw`
import hashlib, json, sys, zipfile
out = []
for path in sys.argv[1:]:
    z = zipfile.ZipFile(path)
    out.append([[i.filename.encode('utf-8', 'surrogateescape').hex(), list(i.date_time),
                 i.external_attr, i.extra.hex(), i.create_system, i.create_version,
                 i.extract_version, i.flag_bits, i.compress_type, i.CRC, i.file_size,
                 hashlib.sha256(z.read(i)).hexdigest()] for i in z.infolist()])
print(json.dumps(out))
`;

/** What Python's zipfile reads from two zip files: members' metadata and content digests. */
export async function zipListings(a: Uint8Array, b: Uint8Array): Promise<[unknown, unknown]> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/a.zip`, a);
    await Deno.writeFile(`${dir}/b.zip`, b);
    const out = await new Deno.Command("/usr/bin/python3", {
      args: ["-c", ZIP_DUMP, `${dir}/a.zip`, `${dir}/b.zip`],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
    return JSON.parse(new TextDecoder().decode(out.stdout));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
