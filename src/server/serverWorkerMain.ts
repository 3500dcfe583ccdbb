// The embedded tracking server's thread: its HTTP loop runs here, off the extension host, and its
// store in a worker of its own, so neither a request body nor a database lock stalls the editor.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { openWorkerStores } from '../store/worker/workerStores.ts';
import { toWireError } from '../store/worker/storeMessages.ts';
import type { ServerThreadMessage, ServerWorkerData } from './serverWorker.ts';
import { startTrackingServer } from './trackingServer.ts';

const port = parentPort as MessagePort;
const { database, defaultArtifactRoot, server: options } = workerData as ServerWorkerData;
const post = (message: ServerThreadMessage) => port.postMessage(message);

// No top-level await: the bundle is CommonJS.
async function serve(): Promise<void> {
  try {
    const stores = await openWorkerStores(database, { defaultArtifactRoot });
    try {
      const server = await startTrackingServer({ ...options, tracking: stores.tracking, registry: stores.registry, storeType: 'SqlStore' });
      server.events.subscribe((event) => post({ type: 'event', event }));
      port.on('message', (message: { type?: string }) => {
        if (message?.type !== 'close') return;
        void server.close().then(() => stores.close()).finally(() => {
          post({ type: 'closed' });
          port.close();
        });
      });
      post({ type: 'listening', url: server.url, port: server.port, address: server.address });
    } catch (error) {
      await stores.close();
      throw error;
    }
  } catch (error) {
    post({ type: 'failed', error: toWireError(error) });
    port.close();
  }
}

void serve();
