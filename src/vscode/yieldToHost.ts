// The extension host's thread is shared with every extension: a loop over 100k items gives it
// back between slices instead of holding it for the whole pass.

/** Resolves after other queued work (I/O, timers, other extensions) has had a turn. */
export function yieldToHost(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
