// Starts `startTrackingServer` over an mlflow.db in a worker thread (used by the extension, whose
// own thread must stay free) and hands back the same RunningServer shape.
import { Worker } from 'node:worker_threads';
import { fromWireError, type WireError } from '../store/worker/storeMessages.ts';
import { workerScript } from '../store/worker/workerScript.ts';
import { ChangeEvents, type ChangeEvent } from './changeEvents.ts';
import { openSqliteStore } from '../store/sqlite/openSqliteStore.ts';
import { startTrackingServer, type RunningServer, type TrackingServerOptions } from './trackingServer.ts';

/** Everything but the stores, which the thread opens itself: plain values only. */
export type ServerThreadOptions = Omit<TrackingServerOptions, 'tracking' | 'registry' | 'storeType' | 'cloudEnv'>;

export interface ServerWorkerData {
  database: string;
  defaultArtifactRoot?: string;
  server: ServerThreadOptions;
}

export type ServerThreadMessage =
  | { type: 'listening'; url: string; port: number; address: string }
  | { type: 'failed'; error: WireError }
  | { type: 'event'; event: ChangeEvent }
  | { type: 'closed' };

/** The server on its own thread; rejects as startTrackingServer would (EADDRINUSE keeps its code). */
export async function startServerWorker(data: ServerWorkerData): Promise<RunningServer> {
  const worker = new Worker(workerScript('serverWorker', () => new URL('./serverWorkerMain.ts', import.meta.url)), { workerData: data, name: 'RunLens tracking server' });
  const events = new ChangeEvents();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const started = await new Promise<ServerThreadMessage>((resolve, reject) => {
    worker.on('message', (message: ServerThreadMessage) => {
      if (message.type === 'event') events.publish(message.event);
      else resolve(message);
    });
    worker.once('error', reject);
    void exited.then(() => reject(new Error('The tracking server thread exited before it listened')));
  });
  if (started.type !== 'listening') {
    await worker.terminate();
    throw started.type === 'failed' ? fromWireError(started.error) : new Error('The tracking server thread did not start');
  }
  let closing: Promise<void> | undefined;
  return {
    url: started.url,
    port: started.port,
    address: started.address,
    events,
    close: () => (closing ??= (worker.postMessage({ type: 'close' }), exited)),
  };
}

/** The old arrangement, kept for one release behind RUNLENS_STORE_ON_MAIN_THREAD=1: HTTP and SQLite on this thread. */
export async function startServerHere(data: ServerWorkerData): Promise<RunningServer> {
  const stores = openSqliteStore(data.database, { defaultArtifactRoot: data.defaultArtifactRoot });
  try {
    const server = await startTrackingServer({ ...data.server, tracking: stores.tracking, registry: stores.registry, storeType: 'SqlStore' });
    return { ...server, events: server.events, close: () => server.close().finally(() => stores.close()) };
  } catch (error) {
    stores.close();
    throw error;
  }
}
