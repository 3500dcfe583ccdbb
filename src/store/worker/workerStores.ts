// The SQLite store in a worker thread, behind the same TrackingStore / ModelRegistryStore
// interfaces: each call is a message, each answer a structured clone. A call's `{ signal }` is
// linked to a shared flag, so cancelling stops the worker's loop, not just the wait for it.
import { Worker, type MessagePort } from 'node:worker_threads';
import { MlflowError } from '../../shared/errors.ts';
import type { ModelRegistryStore } from '../modelRegistryStore.ts';
import type { OpenSqliteStoreOptions } from '../sqlite/openSqliteStore.ts';
import type { StoreCallOptions, TrackingStore } from '../trackingStore.ts';
import { DEFAULT_LOCK_WAIT_MS } from './lockWait.ts';
import { fromWireError, type StoreCall, type StoreOpened, type StoreReply, type StoreTarget } from './storeMessages.ts';
import type { StoreWorkerData } from './storeWorkerMain.ts';
import { workerScript } from './workerScript.ts';

export interface WorkerStoreOptions extends OpenSqliteStoreOptions {
  /** How long a call keeps retrying a database another process has locked; default 5 s. */
  lockWaitMs?: number;
}

export interface WorkerStores {
  tracking: TrackingStore;
  registry: ModelRegistryStore;
  readOnlyReason?: string;
  /** Finishes the writes already sent, closes the database and ends the worker. */
  close(): Promise<void>;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** A `{ signal }` argument: taken out of the message (a signal cannot be cloned) and rebuilt in the worker. */
function isCallOptions(value: unknown): value is StoreCallOptions {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === 'signal' && (value as StoreCallOptions).signal instanceof AbortSignal;
}

/** Store proxies over anything that carries StoreCall / StoreReply messages. */
export class StoreCaller {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopped: Error | undefined;
  private readonly port: MessagePort | Worker;
  /** Called when the first call starts and the last ends, so an idle worker does not hold the process open. */
  private readonly busyChanged: (busy: boolean) => void;

  constructor(port: MessagePort | Worker, busyChanged: (busy: boolean) => void = () => undefined) {
    this.port = port;
    this.busyChanged = busyChanged;
    port.on('message', (message: StoreReply) => {
      if (message?.type !== 'reply') return;
      const pending = this.pending.get(message.id);
      if (!pending) return; // cancelled: the caller has its answer already
      this.settle(message.id);
      if (message.ok) pending.resolve(message.value);
      else pending.reject(fromWireError(message.error));
    });
  }

  /** Every pending and later call fails with `error` (the worker stopped). */
  stop(error: Error): void {
    this.stopped ??= error;
    for (const [id, pending] of this.pending) {
      this.settle(id);
      pending.reject(error);
    }
  }

  call(target: StoreTarget, method: string, args: unknown[]): Promise<unknown> {
    if (this.stopped) return Promise.reject(this.stopped);
    const last = args.length - 1;
    const signal = isCallOptions(args[last]) ? args[last].signal : undefined;
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    const id = this.nextId++;
    const message: StoreCall = { type: 'call', id, target, method, args };
    if (signal) {
      message.args = args.slice(0, last);
      message.optionsAt = last;
      message.cancelFlag = new Int32Array(new SharedArrayBuffer(4));
    }
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.busyChanged(true);
      this.pending.set(id, { resolve, reject });
      if (signal && message.cancelFlag) {
        const flag = message.cancelFlag;
        signal.addEventListener('abort', () => {
          Atomics.store(flag, 0, 1);
          if (this.pending.delete(id)) {
            if (this.pending.size === 0) this.busyChanged(false);
            reject(signal.reason as Error);
          }
        }, { once: true });
      }
      this.port.postMessage(message);
    });
  }

  private settle(id: number): void {
    if (this.pending.delete(id) && this.pending.size === 0) this.busyChanged(false);
  }

  /** A TrackingStore or ModelRegistryStore whose every method is a call to the worker. */
  proxy<T extends object>(target: StoreTarget, readOnly: boolean): T {
    const methods = new Map<string, (...args: unknown[]) => Promise<unknown>>();
    return new Proxy({} as T, {
      get: (_, property) => {
        if (property === 'readOnly') return readOnly;
        if (property === 'close') return () => undefined;
        // Not a thenable, not a symbol-keyed protocol: only store methods are calls.
        if (typeof property !== 'string' || property === 'then') return undefined;
        let method = methods.get(property);
        if (!method) methods.set(property, (method = (...args: unknown[]) => this.call(target, property, args)));
        return method;
      },
    });
  }
}

/** Opens (or creates) `file` in a new store worker; rejects with the worker's error when it cannot. */
export async function openWorkerStores(file: string, options: WorkerStoreOptions = {}): Promise<WorkerStores> {
  const { lockWaitMs = DEFAULT_LOCK_WAIT_MS, ...openOptions } = options;
  const workerData: StoreWorkerData = { file, options: openOptions, lockWaitMs };
  const worker = new Worker(workerScript('storeWorker', () => new URL('./storeWorkerMain.ts', import.meta.url)), { workerData, name: 'RunLens store' });
  const opened = await new Promise<StoreOpened>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The store worker exited (${code}) before opening ${file}`)));
  });
  worker.removeAllListeners('error').removeAllListeners('exit');
  if (opened.type === 'failed') {
    await worker.terminate();
    throw fromWireError(opened.error);
  }
  let closing: Promise<void> | undefined;
  // Held open only while calls are pending or it is closing: an idle store never keeps a process alive.
  const caller = new StoreCaller(worker, (busy) => (busy || closing ? worker.ref() : worker.unref()));
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('error', (error) => caller.stop(new MlflowError('INTERNAL_ERROR', `The store worker failed: ${error.message}`)));
  void exited.then(() => caller.stop(new MlflowError('INVALID_STATE', 'The store was closed')));
  return {
    tracking: caller.proxy<TrackingStore>('tracking', opened.trackingReadOnly),
    registry: caller.proxy<ModelRegistryStore>('registry', opened.registryReadOnly),
    readOnlyReason: opened.readOnlyReason,
    close: () => {
      closing ??= (() => {
        worker.ref();
        worker.postMessage({ type: 'close' });
        return exited;
      })();
      return closing;
    },
  };
}
