// Inside the store worker: answers store calls arriving on a port. Reads run as they come; writes
// run one after another in arrival order (a retried write must not be overtaken by a later one).
import type { MessagePort } from 'node:worker_threads';
import { signalFromSharedFlag, throwIfCancelled } from '../cancellation.ts';
import type { ModelRegistryStore } from '../modelRegistryStore.ts';
import type { TrackingStore } from '../trackingStore.ts';
import { retryWhileLocked } from './lockWait.ts';
import { toWireError, type StoreCall, type StoreReply } from './storeMessages.ts';

export interface ServedStores {
  tracking: TrackingStore;
  registry: ModelRegistryStore;
}

const isRead = (method: string) => /^(get|search)[A-Z]/u.test(method);

type StoreMethod = (...args: unknown[]) => Promise<unknown>;

/** Whole buffers behind typed-array fields of an answer (metric history columns): moved, not copied. */
function buffersOf(value: unknown): ArrayBuffer[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.values(value).flatMap((field) => (ArrayBuffer.isView(field) && field.buffer instanceof ArrayBuffer && field.byteOffset === 0 && field.byteLength === field.buffer.byteLength ? [field.buffer] : []));
}

/** Serves `port`; the returned function resolves once every write received so far has finished. */
export function serveStoreCalls(port: MessagePort, stores: ServedStores, lockWaitMs: number): () => Promise<void> {
  let writes: Promise<void> = Promise.resolve();

  async function answer(call: StoreCall): Promise<void> {
    let reply: StoreReply;
    try {
      const signal = call.cancelFlag ? signalFromSharedFlag(call.cancelFlag) : undefined;
      throwIfCancelled(signal);
      const target = stores[call.target] as unknown as Record<string, unknown>;
      const method = target[call.method];
      if (typeof method !== 'function' || call.method === 'close') throw new Error(`The store has no call '${call.method}'`);
      const args = [...call.args];
      if (call.optionsAt !== undefined) args[call.optionsAt] = { signal };
      const value = await retryWhileLocked(() => (method as StoreMethod).apply(target, args), lockWaitMs, signal);
      reply = { type: 'reply', id: call.id, ok: true, value };
    } catch (error) {
      reply = { type: 'reply', id: call.id, ok: false, error: toWireError(error) };
    }
    port.postMessage(reply, reply.ok ? buffersOf(reply.value) : []);
  }

  port.on('message', (message: StoreCall) => {
    if (message?.type !== 'call') return;
    if (isRead(message.method)) {
      void answer(message);
    } else {
      writes = writes.then(() => answer(message));
    }
  });
  return () => writes;
}
