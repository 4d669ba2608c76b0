/**
 * Test fixtures built with the real Mercurial, in one Python process per call: build steps
 * run hg commands in-process through `mercurial.dispatch` (hundreds of commands per second
 * instead of a few), and `dumpRepository` reads back what hg itself sees through its API,
 * serving as the oracle of differential tests. All strings crossing the boundary are
 * ByteStrings (latin1-mapped bytes).
 */
import { bytesToByteString, type ByteString } from "../../src/hg/byte-string.ts";

const PYTHON = "/usr/bin/python3";

const SCRIPT = String.raw`
import io, json, os, sys
from mercurial import dispatch, hg, ui as uimod, error
from mercurial.node import hex

def b(x): return x.encode('latin1')
def s(x): return x.decode('latin1')

cmd = json.loads(sys.stdin.buffer.read().decode('latin1'))
os.chdir(b(cmd['cwd']))
if cmd['mode'] == 'build':
    for step in cmd['steps']:
        op = step[0]
        if op == 'hg':
            out, err = io.BytesIO(), io.BytesIO()
            req = dispatch.request([b(a) for a in step[1:]], fin=io.BytesIO(), fout=out, ferr=err)
            code = dispatch.dispatch(req)
            if code:
                sys.stderr.write('hg %r failed (%s): %s %s' % (step[1:], code, out.getvalue(), err.getvalue()))
                sys.exit(1)
        elif op == 'write':
            p = b(step[1])
            d = os.path.dirname(p)
            if d: os.makedirs(d, exist_ok=True)
            with open(p, 'wb') as f: f.write(b(step[2]))
            if len(step) > 3: os.chmod(p, int(step[3], 8))
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
else:
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
    sys.stdout.buffer.write(json.dumps({'revs': revs, 'files': files}).encode('latin1'))
`;

/** A fixture build step. */
export type Step =
  | ["hg", ...ByteString[]]
  | ["write", ByteString, ByteString]
  | ["write", ByteString, ByteString, string]
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

/**
 * A temp dir with an hgrc enabling evolve, topic, share and censor; removed when the test
 * module ends.
 */
export async function makeHgHome(): Promise<{ dir: string; hgrc: string }> {
  const dir = await Deno.makeTempDir({ prefix: "dhgitaly-hg-" });
  globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
  const hgrc = `${dir}/hgrc`;
  await Deno.writeTextFile(
    hgrc,
    "[extensions]\nevolve =\ntopic =\nshare =\ncensor =\n[experimental]\nevolution = all\n",
  );
  return { dir, hgrc };
}

async function runPython(input: unknown, hgrc: string): Promise<Uint8Array> {
  const child = new Deno.Command(PYTHON, {
    args: ["-c", SCRIPT],
    env: hgEnv(hgrc),
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(Uint8Array.from(JSON.stringify(input), (c) => c.charCodeAt(0)));
  await writer.close();
  const out = await child.output();
  if (!out.success) {
    throw new Error(`hg fixture script failed: ${new TextDecoder().decode(out.stderr)}`);
  }
  return out.stdout;
}

/** Runs `steps` in `cwd` (relative paths resolve against the current step directory). */
export async function build(cwd: string, steps: Step[], hgrc: string): Promise<void> {
  for (const step of steps) {
    for (const x of step) {
      if (/[\u0100-\uffff]/.test(x)) {
        throw new Error(`step argument is not a ByteString: ${x}`);
      }
    }
  }
  await runPython({ mode: "build", cwd, steps }, hgrc);
}

/** What hg reports about the repository at `repo`. */
export async function dumpRepository(repo: string, hgrc: string): Promise<Dump> {
  return JSON.parse(bytesToByteString(await runPython({ mode: "dump", cwd: repo }, hgrc)));
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
