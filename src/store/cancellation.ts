// Cancelling store work from another thread. Synchronous SQLite loops in the store worker cannot
// see an abort message until they return, so a signal may be linked to a flag in shared memory
// that the caller's thread sets; `throwIfCancelled` reads it between rows.

const sharedFlags = new WeakMap<AbortSignal, { flag: Int32Array; abort: () => void }>();

/** A signal that aborts when another thread stores 1 in `flag[0]` (checked by throwIfCancelled). */
export function signalFromSharedFlag(flag: Int32Array): AbortSignal {
  const controller = new AbortController();
  sharedFlags.set(controller.signal, { flag, abort: () => controller.abort(new DOMException('The store call was cancelled', 'AbortError')) });
  return controller.signal;
}

/** Throws the signal's reason once it is aborted; cheap enough to call every few thousand rows. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (!signal) return;
  const shared = sharedFlags.get(signal);
  if (shared && !signal.aborted && Atomics.load(shared.flag, 0) === 1) shared.abort();
  signal.throwIfAborted();
}

/** Rows of a query, checking for cancellation every `every` rows (so a 1M-row read stops within one batch). */
export function collectCancellable<T>(rows: Iterable<unknown>, signal: AbortSignal | undefined, every = 4096): T[] {
  const out: T[] = [];
  throwIfCancelled(signal);
  for (const row of rows) {
    out.push(row as T);
    if (out.length % every === 0) throwIfCancelled(signal);
  }
  return out;
}
