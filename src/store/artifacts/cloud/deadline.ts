// Time limits for SDK calls that take no timeout of their own: a call must answer within a
// deadline, and a streamed upload must keep moving.
import { Transform } from 'node:stream';

/** `work`, or `timedOut()` once `ms` passed without an answer (the call itself is left to end). */
export function withDeadline<T>(work: Promise<T>, ms: number, timedOut: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timedOut()), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * A pass-through for an upload body that calls `stalled()` (which should destroy the upload) when
 * no chunk went through it for `ms` — the network stopped taking bytes — or, after the last
 * chunk, the answer took that long. `stop()` once the upload settled.
 */
export function stallWatch(ms: number, stalled: () => void): { stream: Transform; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  const stream = new Transform({
    transform(chunk, _encoding, done) {
      arm();
      done(null, chunk);
    },
  });
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(stalled, ms);
  };
  arm();
  return { stream, stop: () => clearTimeout(timer) };
}
