/**
 * Cooperative scheduling for long diff computations: `maybePause()` returns a promise that
 * yields to the event loop once the current slice of work has lasted long enough, so other
 * requests keep being served while a big diff is produced.
 */

/** Work slice length before yielding, in milliseconds. */
const SLICE_MS = 10;

/** Yields to the event loop after every slice of synchronous work. */
export class TimeSlicer {
  #since = performance.now();

  /** Resolves at once when the slice is not over, after a macrotask otherwise. */
  async maybePause(): Promise<void> {
    if (performance.now() - this.#since < SLICE_MS) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.#since = performance.now();
  }
}
