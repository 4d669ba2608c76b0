/**
 * Fixture repositories built at test time with a tiny script language run by one hg command
 * server. One command per line or `;`-separated; words are split on spaces (no quoting):
 * - `c NAME`: write file NAME (content NAME) and commit it with message NAME (`hg ci -qAm`);
 * - `a NAME TEXT`: append TEXT and a newline to file NAME;
 * - `w NAME TEXT`: write file NAME with TEXT and a newline;
 * - `hg ARGS...`: run hg (fails the fixture on a non-zero exit).
 * (Named apart from hg-fixture.ts, the in-process Python builder other tests use.)
 */
import { HgServer } from "./hg-server.ts";
import { hg, makeHgHome } from "./hg-script.ts";

/** A built fixture: its repository and a server to query hg about it. */
export interface Fixture {
  /** Temp directory holding the hgrc and the repository. */
  readonly dir: string;
  /** Path of the repository. */
  readonly repo: string;
  /** Path of the hgrc (evolve and topic enabled). */
  readonly hgrc: string;
  /** Command server on the repository. */
  readonly server: HgServer;
}

/** Creates a repository in a new temp dir and runs `script` in it. */
export async function buildFixture(script: string): Promise<Fixture> {
  const { dir, hgrc } = await makeHgHome();
  const repo = `${dir}/repo`;
  await hg(["init", repo], dir, hgrc);
  const server = await HgServer.start(repo, hgrc);
  const fixture = { dir, repo, hgrc, server };
  globalThis.addEventListener("unload", () => {
    try {
      Deno.removeSync(dir, { recursive: true });
    } catch (e) {
      console.error("cleanup", dir, e);
    }
  });
  await runFixtureScript(fixture, script);
  return fixture;
}

/** Runs more fixture commands on an existing fixture. */
export async function runFixtureScript(fixture: Fixture, script: string): Promise<void> {
  const commands = script.split(/[\n;]/).map((s) => s.trim()).filter((s) => s !== "");
  for (const command of commands) {
    const [verb, ...args] = command.split(/ +/);
    const path = `${fixture.repo}/${args[0]}`;
    if (verb === "c") {
      await Deno.writeTextFile(path, `${args[0]}\n`);
      await fixture.server.check("ci", "-qAm", args[0]);
    } else if (verb === "a") {
      await Deno.writeTextFile(path, `${args.slice(1).join(" ")}\n`, { append: true });
    } else if (verb === "w") {
      await Deno.writeTextFile(path, `${args.slice(1).join(" ")}\n`);
    } else if (verb === "hg") {
      await fixture.server.check(...args);
    } else {
      throw new Error(`unknown fixture command: ${command}`);
    }
  }
}
