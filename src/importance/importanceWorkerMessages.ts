// Messages between the extension host and the importance worker (importanceWorkerMain.ts).
import type { ImportanceResult } from '../shared/importanceResult.ts';
import type { ImportanceRun } from '../shared/paramEncoding.ts';

export type ImportanceWorkerRequest =
  | { type: 'runs'; runs: ImportanceRun[] }
  | { type: 'compute'; metric: string };

export type ImportanceWorkerAnswer =
  | { type: 'result'; result: ImportanceResult }
  | { type: 'error'; message: string };
