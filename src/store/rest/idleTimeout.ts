// Timeouts for streamed HTTP bodies: a large download that keeps flowing must never be cut off
// by a whole-request deadline, so a body only fails after a stretch of silence.
import type { MlflowError } from '../../shared/errors.ts';

/**
 * The same response, whose body fails with `stalled()` (and aborts the request through `abort`)
 * when no bytes arrive for `idleMs` while the reader waits for them. Time the reader spends on
 * its own (writing to disk, backpressure) never counts.
 */
export function withIdleTimeout(response: Response, idleMs: number, abort: AbortController, stalled: () => MlflowError): Response {
  const body = response.body;
  if (body === null || !Number.isFinite(idleMs)) return response;
  const reader = body.getReader();
  let failed = false;
  const watched = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const timer = setTimeout(() => {
        failed = true;
        const error = stalled();
        controller.error(error);
        abort.abort(error);
        reader.cancel(error).catch(() => undefined);
      }, idleMs);
      try {
        const { done, value } = await reader.read();
        if (failed) return;
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        if (!failed) controller.error(error);
      } finally {
        clearTimeout(timer);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  }, { highWaterMark: 0 });
  return new Response(watched, { status: response.status, statusText: response.statusText, headers: response.headers });
}
