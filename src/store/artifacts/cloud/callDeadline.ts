// A bound on how long a cloud call may stay silent, so a dead or black-holed endpoint fails in
// seconds instead of waiting out the operating system's TCP timeouts. The caller's own signal
// still cancels; `expired()` tells a timeout apart from a cancellation.
export interface CallDeadline {
  signal: AbortSignal;
  expired(): boolean;
  /** Starts the bound again: a transfer that makes progress is not stalled. */
  rearm(): void;
  /** Stops the clock (the answer arrived); the caller's signal keeps cancelling. */
  disarm(): void;
}

export function callDeadline(ms: number, caller?: AbortSignal): CallDeadline {
  const timer = new AbortController();
  let handle: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(handle);
    handle = setTimeout(() => timer.abort(new Error(`no answer within ${ms} ms`)), ms);
  };
  arm();
  return {
    signal: caller ? AbortSignal.any([caller, timer.signal]) : timer.signal,
    expired: () => timer.signal.aborted,
    rearm: () => {
      if (!timer.signal.aborted) arm();
    },
    disarm: () => clearTimeout(handle),
  };
}
