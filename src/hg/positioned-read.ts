/**
 * Reading byte ranges of files without loading them wholly.
 *
 * Opening and closing a file costs about four times a small read from an open one, so reads
 * made on behalf of the same owner (a revlog index snapshot) reuse one handle. By default
 * handles live only until the current synchronous run of code ends (they are closed from a
 * microtask), so none is kept across requests or past the end of a test. A long-running server
 * calls {@link retainReadHandles} to keep them across requests while they are in use: an
 * owner is an immutable snapshot of a revlog's index, replaced whenever hg rewrites or appends
 * to the revlog, and hg only ever appends to a data file a snapshot reads, or replaces both
 * files together. At most MAX_OPEN_HANDLES are open at once process-wide, the least recently
 * used being closed first.
 */
import { CorruptionError } from "./errors.ts";

/** Bound on the handles open at the same time (a burst may touch many filelogs). */
const MAX_OPEN_HANDLES = 32;

interface Handle {
  file: Deno.FsFile;
  path: string;
  /** performance.now() of its last read. */
  usedAt: number;
}

/** Open handles by owner, in least recently used first order. */
const open = new Map<object, Handle>();
let closeScheduled = false;
/** Idle time after which a retained handle is closed; 0: handles do not outlive the run. */
let retainMs = 0;
let idleTimer: number | undefined;

function closeAll(): void {
  closeScheduled = false;
  for (const h of open.values()) h.file.close();
  open.clear();
}

/** Closes the retained handles idle for retainMs or more; re-arms while some remain. */
function closeIdle(): void {
  idleTimer = undefined;
  const limit = performance.now() - retainMs;
  for (const [owner, h] of open) {
    if (h.usedAt > limit) continue;
    h.file.close();
    open.delete(owner);
  }
  if (open.size > 0) armIdleTimer();
}

function armIdleTimer(): void {
  if (idleTimer !== undefined) return;
  // Deno's timers are numbers at run time (the Node typings in scope say otherwise).
  idleTimer = setTimeout(closeIdle, retainMs) as unknown as number;
  // Retained handles never keep the process alive.
  Deno.unrefTimer(idleTimer);
}

/**
 * Keeps handles open across requests until they have been idle for `idleMs` (a server's
 * setting; 0 restores the default: close at the end of each synchronous run). Closes the
 * handles open now.
 */
export function retainReadHandles(idleMs: number): void {
  if (idleTimer !== undefined) clearTimeout(idleTimer);
  idleTimer = undefined;
  retainMs = Math.max(0, idleMs);
  closeAll();
}

function handleFor(path: string, owner: object | undefined): Deno.FsFile | undefined {
  if (owner === undefined) return undefined;
  const h = open.get(owner);
  if (h !== undefined && h.path === path) {
    open.delete(owner);
    open.set(owner, h);
    h.usedAt = performance.now();
    return h.file;
  }
  if (h !== undefined) {
    h.file.close();
    open.delete(owner);
  }
  if (open.size >= MAX_OPEN_HANDLES) {
    const [oldest, victim] = open.entries().next().value!;
    victim.file.close();
    open.delete(oldest);
  }
  const file = Deno.openSync(path, { read: true });
  open.set(owner, { file, path, usedAt: performance.now() });
  if (retainMs > 0) {
    armIdleTimer();
  } else if (!closeScheduled) {
    closeScheduled = true;
    queueMicrotask(closeAll);
  }
  return file;
}

/**
 * Reads from `position` of the file at `path` at least `minLength` bytes (else throws
 * CorruptionError) and at most `maxLength` (default `minLength`), stopping early at EOF.
 * Reads passing the same `owner` share an open handle for the current synchronous run.
 */
export function readRange(
  path: string,
  position: number,
  minLength: number,
  maxLength = minLength,
  owner?: object,
): Uint8Array {
  const buf = new Uint8Array(Math.max(minLength, maxLength));
  if (buf.length === 0) return buf;
  const shared = handleFor(path, owner);
  const file = shared ?? Deno.openSync(path, { read: true });
  let off = 0;
  try {
    file.seekSync(position, Deno.SeekMode.Start);
    while (off < buf.length) {
      const n = file.readSync(buf.subarray(off));
      if (n === null || n === 0) break;
      off += n;
    }
  } finally {
    if (shared === undefined) file.close();
  }
  if (off < minLength) {
    throw new CorruptionError(
      `${path}: expected ${minLength} bytes at ${position}, file ends after ${off}`,
    );
  }
  return off === buf.length ? buf : buf.subarray(0, off);
}

/**
 * Bytes `[position, position + length)` of the file at `path` read asynchronously in pieces of
 * at most `pieceSize` bytes (fresh buffers), so that a large range never sits in memory whole.
 * Only that range is read: bytes appended to the file meanwhile are never looked at. A file
 * ending inside the range throws CorruptionError. The file stays open while the pieces are
 * read; ending the iteration early closes it.
 */
export async function* readRangePieces(
  path: string,
  position: number,
  length: number,
  pieceSize: number,
): AsyncGenerator<Uint8Array> {
  if (length <= 0) return;
  const file = await Deno.open(path, { read: true });
  try {
    await file.seek(position, Deno.SeekMode.Start);
    let done = 0;
    while (done < length) {
      const buf = new Uint8Array(Math.min(pieceSize, length - done));
      let off = 0;
      while (off < buf.length) {
        const n = await file.read(buf.subarray(off));
        if (n === null || n === 0) {
          throw new CorruptionError(
            `${path}: expected ${length} bytes at ${position}, file ends after ${done + off}`,
          );
        }
        off += n;
      }
      done += buf.length;
      yield buf;
    }
  } finally {
    file.close();
  }
}
