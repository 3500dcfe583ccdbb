// The store worker's entry: opens one mlflow.db and answers store calls from its parent thread
// (and from any port it is handed), so SQLite work and lock waits never run on the caller's thread.
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
const servers: (() => Promise<void>)[] = [];
try {
  stores = openSqliteStore(file, { ...options, busyTimeoutMs: WORKER_BUSY_TIMEOUT_MS });
  const opened: StoreOpened = { type: 'opened', readOnlyReason: stores.readOnlyReason, trackingReadOnly: stores.tracking.readOnly, registryReadOnly: stores.registry.readOnly };
  servers.push(serveStoreCalls(port, stores, lockWaitMs));
  port.postMessage(opened);
} catch (error) {
  port.postMessage({ type: 'failed', error: toWireError(error) } satisfies StoreOpened);
}

port.on('message', (message: { type?: string; port?: MessagePort }) => {
  if (message?.type === 'serve' && message.port && stores) servers.push(serveStoreCalls(message.port, stores, lockWaitMs));
  // Writes already received finish first: a 200 the caller was promised is a committed row.
  if (message?.type === 'close') {
    void Promise.all(servers.map((settled) => settled())).finally(() => {
      stores?.close();
      stores = undefined;
      port.close();
    });
  }
});
