// Waits for a model server to answer GET /ping with 200, bounded, cancellable, and ending early when
// its process ends. Loopback only, through node:http (no proxy settings apply). No vscode import.
import http from 'node:http';

export type EndpointWait = 'ready' | 'ended' | 'timeout' | 'cancelled';

export interface EndpointWaitOptions {
  /** The process behind the endpoint ended: no answer will come. */
  ended: Promise<unknown>;
  signal?: AbortSignal;
  timeoutMs: number;
  intervalMs?: number;
}

/** One GET; true on 200 within `timeoutMs`. */
export function answers(url: string, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(false));
  });
}

export async function waitForEndpoint(baseUrl: string, options: EndpointWaitOptions): Promise<EndpointWait> {
  const deadline = Date.now() + options.timeoutMs;
  let ended = false;
  // Cuts the pause between tries short: the process ended, or the user cancelled.
  let wake: () => void = () => undefined;
  void options.ended.then(() => {
    ended = true;
    wake();
  });
  const onAbort = () => wake();
  options.signal?.addEventListener('abort', onAbort);
  try {
    for (;;) {
      if (options.signal?.aborted) return 'cancelled';
      if (ended) return 'ended';
      if (await answers(`${baseUrl}/ping`)) return 'ready';
      if (Date.now() >= deadline) return 'timeout';
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.intervalMs ?? 500);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}
