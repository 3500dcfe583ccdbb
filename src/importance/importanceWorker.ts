// Parameter importance off the calling thread: one worker per computation, ended when it answers
// or when the caller aborts. Runs are handed over in slices, with a turn of the event loop between
// them, so cloning 10k runs never holds the extension host for more than a few milliseconds.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { ImportanceResult } from '../shared/importanceResult.ts';
import type { ImportanceRun } from '../shared/paramEncoding.ts';
import { workerScript } from '../store/worker/workerScript.ts';
import type { ImportanceWorkerAnswer, ImportanceWorkerRequest } from './importanceWorkerMessages.ts';

const SLICE = 250;

export async function importanceOffThread(runs: readonly ImportanceRun[], metric: string, signal?: AbortSignal): Promise<ImportanceResult> {
  signal?.throwIfAborted();
  const worker = new Worker(workerScript('importanceWorker', () => new URL('./importanceWorkerMain.ts', import.meta.url)));
  const answered = new Promise<ImportanceResult>((resolve, reject) => {
    worker.once('message', (answer: ImportanceWorkerAnswer) => (answer.type === 'result' ? resolve(answer.result) : reject(new Error(answer.message))));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The importance worker stopped (exit code ${code}).`)));
    signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
  try {
    const send = (request: ImportanceWorkerRequest) => worker.postMessage(request);
    for (let start = 0; start < runs.length; start += SLICE) {
      send({ type: 'runs', runs: runs.slice(start, start + SLICE) });
      await nextTurn();
      signal?.throwIfAborted();
    }
    send({ type: 'compute', metric });
    return await answered;
  } finally {
    answered.catch(() => undefined);
    await worker.terminate();
  }
}
