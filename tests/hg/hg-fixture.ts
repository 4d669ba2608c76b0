/**
 * The fixture toolkit of the tests: repositories built with the real Mercurial (evolve and
 * topic enabled) and hg itself as the oracle. Three ways to run hg, one configuration:
 * - `build` / `runSteps`: batches of steps in one Python process through `mercurial.dispatch`
 *   (hundreds of commands per second instead of a few); `dumpRepository` reads back what hg
 *   sees through its API, for differential tests (see differential.ts);
 * - `buildFixture` / `runFixtureScript`: a repository driven by an hg command server
 *   (hg-server.ts), for tests that alternate many small hg queries with engine reads;
 * - `hgCommand` / `hgRunner`: one `hg` process per command, for what needs a fresh process
 *   (other extensions) or a few queries.
 * `hgPython` runs oracle scripts on Mercurial's API with the same environment.
 * Build steps can be written as data (`Step`) or in a tiny script language (`parseScript`).
 * Strings crossing the Python boundary are ByteStrings (latin1-mapped bytes).
 */
import {
  bytesToByteString,
  type ByteString,
  byteStringToBytes,
  byteStringToUtf8,
  utf8ToByteString,
} from "../../src/hg/byte-string.ts";
import { HgServer } from "./hg-server.ts";

export { HgServer } from "./hg-server.ts";
export type { HgResult } from "./hg-server.ts";

const PYTHON = "/usr/bin/python3"; // the interpreter with the mercurial package

const SCRIPT = String.raw`
import io, json, os, sys
from mercurial import dispatch, hg, ui as uimod, error
from mercurial.node import hex

def b(x): return x.encode('latin1')
def s(x): return x.decode('latin1')

def write(path, data, mode):
    d = os.path.dirname(path)
    if d: os.makedirs(d, exist_ok=True)
    with open(path, mode) as f: f.write(data)

def run_step(step, allow_failure):
    op = step[0]
    if op == 'hg':
        out, err = io.BytesIO(), io.BytesIO()
        req = dispatch.request([b(a) for a in step[1:]], fin=io.BytesIO(), fout=out, ferr=err)
        code = dispatch.dispatch(req) or 0
        if code and not allow_failure:
            sys.stderr.write('hg %r exited %s: %r %r' % (step[1:], code, out.getvalue(), err.getvalue()))
            sys.exit(1)
        return s(out.getvalue())
    if op == 'write':
        write(b(step[1]), b(step[2]), 'wb')
        if len(step) > 3: os.chmod(b(step[1]), int(step[3], 8))
    elif op == 'append':
        write(b(step[1]), b(step[2]), 'ab')
    elif op == 'symlink':
        os.symlink(b(step[2]), b(step[1]))
    elif op == 'rm':
        os.unlink(b(step[1]))
    elif op == 'cd':
        os.chdir(b(step[1]))
    elif op == 'commit-extra':
        repo = hg.repository(uimod.ui.load(), b'.')
        extra = {b(k): b(v) for k, v in json.loads(step[4]).items()}
        with repo.wlock(), repo.lock():
            repo.commit(text=b(step[1]), user=b(step[2]), date=(int(step[3]), 0), extra=extra)
    else:
        raise Exception('unknown step %r' % op)
    return ''

def dump():
    repo = hg.repository(uimod.ui.load(), b'.').unfiltered()
    revs, files = [], {}
    for r in repo:
        ctx = repo[r]
        mf = ctx.manifest()
        t, tz = ctx.date()
        revs.append({
            'node': s(hex(ctx.node())), 'p1': ctx.p1().rev(), 'p2': ctx.p2().rev(),
            'manifestNode': s(hex(repo.changelog.changelogrevision(r).manifest)),
            'user': s(ctx.user()), 'time': t, 'tz': tz, 'files': [s(f) for f in ctx.files()],
            'description': s(ctx.description()), 'branch': s(ctx.branch()),
            'extra': {s(k): s(v) for k, v in ctx.extra().items()},
            'manifest': [[s(f), s(hex(mf[f])), s(mf.flags(f))] for f in mf],
        })
        for f in mf:
            key = s(f) + '\0' + s(hex(mf[f]))
            if key in files: continue
            fl = repo.file(f)
            fn = mf[f]
            entry = {'censored': False, 'data': '', 'copy': None}
            try:
                entry['data'] = s(fl.read(fn))
                ren = fl.renamed(fn)
                if ren: entry['copy'] = [s(ren[0]), s(hex(ren[1]))]
            except error.CensoredNodeError:
                entry['censored'] = True
            files[key] = entry
    return {'revs': revs, 'files': files}

cmd = json.loads(sys.stdin.buffer.read().decode('latin1'))
os.chdir(b(cmd['cwd']))
if cmd['mode'] == 'steps':
    result = [run_step(step, cmd['allowFailure']) for step in cmd['steps']]
else:
    result = dump()
sys.stdout.buffer.write(json.dumps(result).encode('latin1'))
`;

/** A fixture build step; paths are relative to the current step directory. */
export type Step =
  | ["hg", ...ByteString[]]
  /** Writes a file (creating its directories), optionally with an octal mode. */
  | ["write", ByteString, ByteString]
  | ["write", ByteString, ByteString, string]
  /** Appends to a file. */
  | ["append", ByteString, ByteString]
  /** `["symlink", link, target]`. */
  | ["symlink", ByteString, ByteString]
  | ["rm", ByteString]
  | ["cd", ByteString]
  /** Commits the working directory with arbitrary extras: message, user, time, JSON extras. */
  | ["commit-extra", ByteString, ByteString, string, string];

/** One changeset as hg sees it. */
export interface DumpedRev {
  node: string;
  p1: number;
  p2: number;
  manifestNode: string;
  user: ByteString;
  time: number;
  tz: number;
  files: ByteString[];
  description: ByteString;
  branch: ByteString;
  extra: Record<string, ByteString>;
  /** `[path, hex file node, flags]`, sorted by path. */
  manifest: [ByteString, string, string][];
}

/** One file revision as hg sees it. */
export interface DumpedFile {
  censored: boolean;
  data: ByteString;
  copy: [ByteString, string] | null;
}

/** Everything hg reports about a repository (hidden changesets included). */
export interface Dump {
  revs: DumpedRev[];
  /** Keyed by `path + "\0" + hex file node`. */
  files: Record<string, DumpedFile>;
}

/** A `hg commit -A` step at a fixed date (tz +01:00) and user, for deterministic fixtures. */
export function commitStep(msg: string, date: number, user = "Alice <alice@example.org>"): Step {
  return ["hg", "commit", "-A", "-q", "-m", msg, "-d", `${date} -3600`, "-u", user];
}

/** `n` numbered lines `<prefix> 1\n` … `<prefix> n\n`, as file content. */
export function numberedLines(prefix: string, n: number): string {
  return Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}\n`).join("");
}

/**
 * Parses the fixture script language into steps: one command per line or `;`, words split on
 * spaces (no quoting), UTF-8 text:
 * - `c NAME [ARGS...]`: write file NAME (content NAME) and commit it with message NAME
 *   (`hg ci -qAm NAME ARGS...`);
 * - `w NAME TEXT...`: write file NAME with TEXT and a newline;
 * - `a NAME TEXT...`: append TEXT and a newline to file NAME;
 * - `hg ARGS...`: run hg.
 */
export function parseScript(script: string): Step[] {
  const steps: Step[] = [];
  for (const line of script.split(/[\n;]/)) {
    const [verb, ...args] = line.trim().split(/ +/).map(utf8ToByteString);
    if (verb === "" || verb === undefined) continue;
    const text = `${args.slice(1).join(" ")}\n`;
    if (verb === "c") steps.push(["write", args[0], `${args[0]}\n`], ["hg", "ci", "-qAm", ...args]);
    else if (verb === "w") steps.push(["write", args[0], text]);
    else if (verb === "a") steps.push(["append", args[0], text]);
    else if (verb === "hg") steps.push(["hg", ...args]);
    else throw new Error(`unknown fixture command: ${line}`);
  }
  return steps;
}

/** Environment making hg independent of the user's configuration. */
export function hgEnv(hgrc: string): Record<string, string> {
  return {
    HGRCPATH: hgrc,
    HGPLAIN: "1",
    HGENCODING: "utf-8",
    HGUSER: "Test <test@example.org>",
    TZ: "UTC",
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
  };
}

/** A temp directory and the hgrc every hg run of the fixture uses. */
export interface HgHome {
  /** The temp directory. */
  readonly dir: string;
  /** Path of the hgrc. */
  readonly hgrc: string;
}

const HGRC = `[extensions]
evolve =
topic =
share =
censor =
strip =
shelve =
[experimental]
evolution = all
[devel]
default-date = 0 0
[storage]
dirstate-v2.slow-path = allow
`;

/**
 * A temp dir with an hgrc enabling evolve, topic, share, censor, strip and shelve, with a
 * fixed default date; removed when the test module ends.
 */
export async function makeHgHome(): Promise<HgHome> {
  const dir = await Deno.makeTempDir({ prefix: "dhgitaly-hg-" });
  globalThis.addEventListener("unload", () => {
    try {
      Deno.removeSync(dir, { recursive: true });
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) console.error("cleanup", dir, e);
    }
  });
  const hgrc = `${dir}/hgrc`;
  await Deno.writeTextFile(hgrc, HGRC);
  return { dir, hgrc };
}

/**
 * Runs a Python `script` (the interpreter with the mercurial package) in `cwd` with hg's
 * environment, with `args` as `sys.argv[1:]` and `input` (a ByteString) on stdin; returns its
 * stdout as a ByteString. For oracles asking Mercurial's API directly.
 */
export async function hgPython(
  script: string,
  cwd: string,
  hgrc: string,
  { args = [], input = "" }: { args?: string[]; input?: ByteString } = {},
): Promise<ByteString> {
  const child = new Deno.Command(PYTHON, {
    args: ["-c", script, ...args],
    cwd,
    env: hgEnv(hgrc),
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(byteStringToBytes(input));
  await writer.close();
  const out = await child.output();
  if (!out.success) {
    throw new Error(`hg Python script failed: ${new TextDecoder().decode(out.stderr)}`);
  }
  return bytesToByteString(out.stdout);
}

/** What the fixture script does: run steps, or dump the repository. */
type ScriptInput =
  | { mode: "steps"; cwd: string; steps: Step[]; allowFailure: boolean }
  | { mode: "dump"; cwd: string };

function runPython(input: ScriptInput, hgrc: string): Promise<ByteString> {
  return hgPython(SCRIPT, input.cwd, hgrc, { input: JSON.stringify(input) });
}

/**
 * Runs `steps` in `cwd` in one Python process and returns the stdout of each (empty for
 * steps other than `hg`). A failing hg command aborts the batch unless `allowFailure` is set.
 */
export async function runSteps(
  cwd: string,
  steps: Step[],
  hgrc: string,
  { allowFailure = false } = {},
): Promise<ByteString[]> {
  for (const step of steps) {
    for (const x of step) {
      if (/[\u0100-\uffff]/.test(x)) {
        throw new Error(`step argument is not a ByteString: ${x}`);
      }
    }
  }
  return JSON.parse(await runPython({ mode: "steps", cwd, steps, allowFailure }, hgrc));
}

/** Runs `steps` in `cwd` (relative paths resolve against the current step directory). */
export async function build(cwd: string, steps: Step[], hgrc: string): Promise<void> {
  await runSteps(cwd, steps, hgrc);
}

/** What hg reports about the repository at `repo`. */
export async function dumpRepository(repo: string, hgrc: string): Promise<Dump> {
  return JSON.parse(await runPython({ mode: "dump", cwd: repo }, hgrc));
}

/** Runs the `hg` executable (a separate process) and returns its stdout as a ByteString. */
export async function hgCommand(args: string[], cwd: string, hgrc: string): Promise<ByteString> {
  const out = await new Deno.Command("hg", {
    args,
    cwd,
    env: hgEnv(hgrc),
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`hg ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
  return bytesToByteString(out.stdout);
}

/** Runs hg with `args` and answers its stdout (`hgRunner`, or an HgServer's `check`). */
export type HgRun = (...args: string[]) => Promise<ByteString>;

/** `hgCommand` bound to the repository at `repo`: one `hg` process per call. */
export function hgRunner(repo: string, hgrc: string): HgRun {
  return (...args) => hgCommand(args, repo, hgrc);
}

/** Hex node of the changeset `revset` designates, hidden changesets included. */
export async function hgNode(hg: HgRun, revset: string): Promise<string> {
  return (await hg("log", "--hidden", "-r", revset, "-T", "{node}")).trim();
}

/** Starts an hg command server on the repository at `repo` with the fixture configuration. */
export function startHgServer(repo: string, hgrc: string): Promise<HgServer> {
  return HgServer.start(repo, hgEnv(hgrc));
}

/** A repository driven by an hg command server. */
export interface Fixture extends HgHome {
  /** Path of the repository (`<dir>/repo`). */
  readonly repo: string;
  /** Command server on the repository (its extensions are loaded once, at start). */
  readonly server: HgServer;
}

/** Creates a repository in a new temp dir and runs the fixture `script` in it. */
export async function buildFixture(script: string): Promise<Fixture> {
  const home = await makeHgHome();
  const repo = `${home.dir}/repo`;
  await hgCommand(["init", repo], home.dir, home.hgrc);
  const fixture = { ...home, repo, server: await startHgServer(repo, home.hgrc) };
  await runFixtureScript(fixture, script);
  return fixture;
}

/**
 * Runs more of the script language (see `parseScript`) on a fixture, through its command
 * server (steps other than `hg`, `write` and `append` are not supported there).
 */
export async function runFixtureScript(fixture: Fixture, script: string): Promise<void> {
  for (const step of parseScript(script)) {
    const [op, ...args] = step;
    if (op === "hg") {
      await fixture.server.check(...args.map(byteStringToUtf8));
    } else if (op === "write" || op === "append") {
      const path = `${fixture.repo}/${byteStringToUtf8(args[0])}`;
      await Deno.writeFile(path, byteStringToBytes(args[1]), { append: op === "append" });
    } else {
      throw new Error(`fixture step not supported by the command server: ${op}`);
    }
  }
}
