// Another process holding mlflow.db's write lock must not stall anything: the worker's connection
// gives up on a lock almost at once, and the call is retried on timers (so other calls run in
// between) until a bound, then answered as MLflow answers a locked database.
import { setTimeout as sleep } from 'node:timers/promises';
import { MlflowError } from '../../shared/errors.ts';

/** How long a write keeps retrying a locked database before TEMPORARILY_UNAVAILABLE. */
export const DEFAULT_LOCK_WAIT_MS = 5000;

function isLocked(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/**
 * Runs `call` until it does not fail on a lock. Safe to repeat because a busy SQLite write rolls
 * its whole transaction back (each store write is one transaction).
 */
export async function retryWhileLocked<T>(call: () => Promise<T>, boundMs: number, signal?: AbortSignal): Promise<T> {
  const deadline = Date.now() + boundMs;
  for (let delay = 5; ; delay = Math.min(delay * 2, 200)) {
    try {
      return await call();
    } catch (error) {
      if (!isLocked(error)) throw error;
      if (Date.now() + delay > deadline) {
        throw new MlflowError('TEMPORARILY_UNAVAILABLE', `The database is locked by another process (waited ${Math.round(boundMs / 1000)} s); try again when it finishes.`);
      }
      await sleep(delay, undefined, { signal });
    }
  }
}
