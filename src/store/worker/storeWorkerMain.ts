// The store worker's entry: opens one mlflow.db and answers store calls from its parent thread,
// so SQLite work and lock waits never run on the caller's thread.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { openSqliteStore, type OpenSqliteStoreOptions, type SqliteStores } from '../sqlite/openSqliteStore.ts';
import { serveStoreCalls } from './storeCallServer.ts';
import { toWireError, type StoreOpened } from './storeMessages.ts';

export interface StoreWorkerData {
  file: string;
  options: OpenSqliteStoreOptions;
  lockWaitMs: number;
}

/** Once open, a lock is waited for this long inside SQLite; longer waits are retried on timers. */
const WORKER_BUSY_TIMEOUT_MS = 20;

const port = parentPort as MessagePort;
const { file, options, lockWaitMs } = workerData as StoreWorkerData;
let stores: SqliteStores | undefined;
let writesSettled: () => Promise<void> = async () => undefined;
try {
  stores = openSqliteStore(file, { ...options, busyTimeoutMs: WORKER_BUSY_TIMEOUT_MS });
  const opened: StoreOpened = { type: 'opened', readOnlyReason: stores.readOnlyReason, trackingReadOnly: stores.tracking.readOnly, registryReadOnly: stores.registry.readOnly };
  writesSettled = serveStoreCalls(port, stores, lockWaitMs);
  port.postMessage(opened);
} catch (error) {
  port.postMessage({ type: 'failed', error: toWireError(error) } satisfies StoreOpened);
}

port.on('message', (message: { type?: string }) => {
  // Writes already received finish first: a 200 the caller was promised is a committed row.
  if (message?.type === 'close') {
    void writesSettled().finally(() => {
      stores?.close();
      stores = undefined;
      port.close();
    });
  }
});
