/**
 * Bzip2 compression by piping through the `bzip2` executable (block size 900k, as Python's
 * bz2 module uses for Mercurial's tbz2 archives: same libbz2, same bytes). Input is written
 * while output is read, so memory stays a few pipe buffers; the child runs on another core.
 */

/** Bzip2 stream of the concatenation of `input`, compressed by `executable`. */
export async function* bzip2Compress(
  input: Iterable<Uint8Array>,
  executable: string,
): AsyncGenerator<Uint8Array> {
  const child = new Deno.Command(executable, {
    args: ["-c", "-9"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  const feeding = (async () => {
    try {
      for (const piece of input) {
        await writer.ready;
        await writer.write(piece);
      }
      await writer.close();
    } catch (err) {
      await writer.abort(err).catch(() => {});
      throw err;
    }
  })();
  // Surface a feeding error only after stdout ends, so the reader is never left hanging.
  feeding.catch(() => {});
  let finished = false;
  try {
    for await (const out of child.stdout) yield out;
    await feeding;
    const { code } = await child.status;
    const stderr = new TextDecoder().decode(
      (await new Response(child.stderr).arrayBuffer()) as ArrayBuffer,
    );
    if (code !== 0) throw new Error(`bzip2 exited with code ${code}: ${stderr.trim()}`);
    finished = true;
  } finally {
    if (!finished) {
      try {
        child.kill();
      } catch { /* already exited */ }
      await child.status.catch(() => {});
      await child.stderr.cancel().catch(() => {});
    }
  }
}
