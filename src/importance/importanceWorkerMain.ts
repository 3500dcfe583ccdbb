// The importance worker's thread: runs arrive in slices, then one 'compute' fits the forest and
// answers once. Fitting takes up to a couple of seconds, which must not happen on the extension host.
import { parentPort } from 'node:worker_threads';
import type { ImportanceRun } from '../shared/paramEncoding.ts';
import { parameterImportance } from './parameterImportance.ts';
import type { ImportanceWorkerAnswer, ImportanceWorkerRequest } from './importanceWorkerMessages.ts';

const runs: ImportanceRun[] = [];

parentPort?.on('message', (request: ImportanceWorkerRequest) => {
  if (request.type === 'runs') {
    for (const run of request.runs) runs.push(run);
    return;
  }
  let answer: ImportanceWorkerAnswer;
  try {
    answer = { type: 'result', result: parameterImportance(runs, request.metric) };
  } catch (error) {
    answer = { type: 'error', message: (error as Error).message };
  }
  parentPort?.postMessage(answer);
});
