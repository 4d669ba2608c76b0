/** Test worker that fails while loading, before serving any task. */
throw new Error("crashing worker: failed at load");
