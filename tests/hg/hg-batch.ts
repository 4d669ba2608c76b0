/**
 * Runs batches of hg commands in one Python process through `mercurial.dispatch` (a few
 * hundred commands per second instead of a few), for building fixtures and asking hg about
 * them. Arguments and outputs are ByteStrings (latin1-mapped bytes).
 */
import { bytesToByteString, type ByteString, utf8ToByteString } from "../../src/hg/byte-string.ts";

// The interpreter hg itself runs with (other pythons on PATH may lack the mercurial package).
const SCRIPT = String.raw`
import io, json, os, sys
from mercurial import dispatch

def b(x): return x.encode('latin1')

cmd = json.loads(sys.stdin.buffer.read().decode('latin1'))
os.chdir(b(cmd['cwd']))
outputs = []
for args in cmd['commands']:
    if args[0] == '!write':
        with open(b(args[1]), 'wb') as f: f.write(b(args[2]))
        outputs.append('')
        continue
    out, err = io.BytesIO(), io.BytesIO()
    req = dispatch.request([b(a) for a in args], fin=io.BytesIO(), fout=out, ferr=err)
    code = dispatch.dispatch(req) or 0
    if code and not cmd['allowFailure']:
        sys.stderr.write('hg %r exited %s: %r %r' % (args, code, out.getvalue(), err.getvalue()))
        sys.exit(1)
    outputs.append(out.getvalue().decode('latin1'))
sys.stdout.buffer.write(json.dumps(outputs).encode('latin1'))
`;

/** A temp directory with an hgrc enabling evolve, topic, strip, shelve and share. */
export interface HgHome {
  /** The temp directory. */
  readonly dir: string;
  /** Path of the hgrc used by every command. */
  readonly hgrc: string;
}

/** Creates a temp dir and its hgrc (evolve, topic, strip, shelve, share; fixed dates). */
export async function makeHgHome(): Promise<HgHome> {
  const dir = await Deno.makeTempDir({ prefix: "dhgitaly-test-" });
  const hgrc = `${dir}/hgrc`;
  await Deno.writeTextFile(
    hgrc,
    `[extensions]
evolve =
topic =
strip =
shelve =
share =
[experimental]
evolution = all
[devel]
default-date = 0 0
[storage]
dirstate-v2.slow-path = allow
`,
  );
  return { dir, hgrc };
}

/**
 * Runs `commands` in `cwd` and returns each stdout. A command is an hg argument list (without
 * `hg`), or `["!write", path, content]` to write a file. Arguments must be ByteStrings.
 * A failing command aborts the batch unless `allowFailure` is set.
 */
export async function hgBatch(
  home: HgHome,
  cwd: string,
  commands: ByteString[][],
  { allowFailure = false } = {},
): Promise<ByteString[]> {
  const child = new Deno.Command("/usr/bin/python3", {
    args: ["-c", SCRIPT],
    cwd,
    env: {
      HGRCPATH: home.hgrc,
      HGPLAIN: "1",
      HGENCODING: "utf-8",
      HGUSER: "Test <test@example.org>",
      TZ: "UTC",
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    },
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const input = JSON.stringify({ cwd, commands, allowFailure });
  const writer = child.stdin.getWriter();
  await writer.write(Uint8Array.from(input, (c) => c.charCodeAt(0)));
  await writer.close();
  const out = await child.output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  return JSON.parse(bytesToByteString(out.stdout));
}

/**
 * Parses a fixture script: one command per line or `;`, words split on spaces, no quoting.
 * `c NAME [ARGS...]` writes file NAME and commits it with message NAME (`hg ci -qAm NAME ARGS`),
 * `w NAME TEXT...` writes file NAME, anything else is an hg command line starting with `hg`.
 */
export function parseScript(script: string): ByteString[][] {
  const commands: ByteString[][] = [];
  for (const line of script.split(/[\n;]/)) {
    const [verb, ...args] = line.trim().split(/ +/).map(utf8ToByteString);
    if (verb === "" || verb === undefined) continue;
    if (verb === "c") {
      commands.push(["!write", args[0], `${args[0]}\n`], ["ci", "-qAm", ...args]);
    } else if (verb === "w") commands.push(["!write", args[0], `${args.slice(1).join(" ")}\n`]);
    else if (verb === "hg") commands.push(args);
    else throw new Error(`unknown fixture command: ${line}`);
  }
  return commands;
}
