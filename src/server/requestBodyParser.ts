// Parses request bodies without stalling the HTTP loop: small ones inline (well under a
// millisecond), big ones in one worker thread, one at a time, so a few 16 MB bodies sent at once
// neither block /health nor multiply memory. The worker starts on the first big body.
import { Worker } from 'node:worker_threads';
import { decodeRequestBody } from '../restApi/requestBody.ts';
import { MlflowError } from '../shared/errors.ts';
import { workerScript } from '../store/worker/workerScript.ts';
import type { BodyParseAnswer } from './bodyParseWorker.ts';

/** Up to this size a body is parsed on the loop: ~4 ms for 256 KiB of the costliest JSON (tiny numbers). */
export const INLINE_PARSE_BYTES = 256 * 1024;
/** The worker's heap: a 32 MB body of the most values allowed parses in well under this. */
const WORKER_HEAP_MB = 512;

export interface RequestBodyParser {
  parse(bytes: Uint8Array): Promise<Record<string, unknown>>;
  /** Ends the worker (if started); pending parses fail. */
  close(): Promise<void>;
}

export function createRequestBodyParser(): RequestBodyParser {
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve: (body: Record<string, unknown>) => void; reject: (error: Error) => void }>();

  const failAll = (error: Error) => {
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };

  function started(): Worker {
    if (worker) return worker;
    const spawned = new Worker(workerScript('bodyParseWorker', () => new URL('./bodyParseWorker.ts', import.meta.url)), { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    spawned.unref();
    spawned.on('message', (answer: BodyParseAnswer) => {
      const waiter = pending.get(answer.id);
      pending.delete(answer.id);
      if (!waiter) return;
      if ('body' in answer) waiter.resolve(answer.body);
      else waiter.reject(new MlflowError(answer.error.code, answer.error.message));
      if (pending.size === 0) spawned.unref();
    });
    spawned.on('error', (error) => {
      // Out of heap, most likely: the request is refused and the next big body gets a new worker.
      if (worker === spawned) worker = undefined;
      failAll(new MlflowError('INVALID_PARAMETER_VALUE', `Invalid request body: it could not be parsed within the server's limits (${error.message}).`));
    });
    spawned.on('exit', () => {
      if (worker === spawned) worker = undefined;
      failAll(new MlflowError('TEMPORARILY_UNAVAILABLE', 'The request body parser stopped; try again.'));
    });
    worker = spawned;
    return spawned;
  }

  return {
    parse(bytes) {
      if (bytes.length <= INLINE_PARSE_BYTES) {
        try {
          return Promise.resolve(decodeRequestBody(bytes));
        } catch (error) {
          return Promise.reject(error as Error);
        }
      }
      const target = started();
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        // Held while a parse is pending, so a CLI server whose only work is this body stays alive.
        target.ref();
        // Handed over, not copied: the server keeps no reference to the bytes.
        const owned = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
        target.postMessage({ id, bytes: owned }, [owned.buffer as ArrayBuffer]);
      });
    },
    async close() {
      const running = worker;
      worker = undefined;
      if (running) await running.terminate();
    },
  };
}
