// Starts the table worker for one file and relays messages both ways. Pure Node (no vscode):
// the table editor and the benchmark use it alike.
import { Worker } from 'node:worker_threads';
import { workerScript } from '../store/worker/workerScript.ts';
import type { TableFormat, TableHostMessage, TablePageMessage } from '../shared/tableProtocol.ts';
import type { TableWorkerData } from './tableWorkerMain.ts';

export interface TableWorker {
  /** A message from the page (already checked by the protocol's guard). */
  send(message: TablePageMessage): void;
  /** Ends the thread and frees the table. */
  close(): Promise<void>;
}

export function startTableWorker(file: string, format: TableFormat, onMessage: (message: TableHostMessage) => void): TableWorker {
  const workerData: TableWorkerData = { file, format };
  const worker = new Worker(workerScript('tableWorker', () => new URL('./tableWorkerMain.ts', import.meta.url)), { workerData, name: 'RunLens table' });
  worker.on('message', onMessage);
  worker.on('error', (error) => onMessage({ type: 'error', message: `The table reader stopped: ${error.message}` }));
  return {
    send: (message) => worker.postMessage(message),
    close: async () => {
      await worker.terminate();
    },
  };
}
