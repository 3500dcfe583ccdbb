// Google Cloud Storage through @google-cloud/storage, configured from what MLflow's GCS
// repository (google-cloud-storage for Python) reads: GOOGLE_APPLICATION_CREDENTIALS (a key
// file), application-default credentials otherwise (gcloud's ADC file, the metadata server),
// GOOGLE_CLOUD_PROJECT, and STORAGE_EMULATOR_HOST for an emulator (no credentials then).
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { Storage, type File, type StorageOptions } from '@google-cloud/storage';
import { CloudFailure, shownEndpoint } from './cloudErrors.ts';
import type { CloudLocation } from './cloudLocation.ts';
import { classifyGcsError } from './gcsErrors.ts';
import { stallWatch, withDeadline } from './deadline.ts';
import type { CloudEnvironment, ObjectBody, ObjectListing, ObjectStore, ObjectStoreFactory } from './objectStore.ts';

const PAGE_SIZE = 1000;
// The client retries idempotent calls with exponential backoff for up to 10 minutes by default,
// and its HTTP layer enforces no timeout under Node: both are bounded here so a dead endpoint
// fails in seconds. A call gets REQUEST_TIMEOUT_MS for its answer (headers for a download);
// an upload fails when no byte moved for that long.
const REQUEST_TIMEOUT_MS = 15_000;
const RETRIES = { autoRetry: true, maxRetries: 2, retryDelayMultiplier: 2, maxRetryDelay: 2, totalTimeout: 15 };
// Small files go up in one multipart request, as the Python client does below its chunk size;
// bigger or unknown-size bodies use a resumable session.
const SINGLE_REQUEST_MAX_BYTES = 8 * 1024 * 1024;
const DELETE_CONCURRENCY = 16;
const LAYERED_LISTENERS = 20;

function storageOptions(env: CloudEnvironment): StorageOptions {
  const emulator = env.STORAGE_EMULATOR_HOST?.trim();
  const keyFile = env.GOOGLE_APPLICATION_CREDENTIALS?.trim();
  return {
    projectId: env.GOOGLE_CLOUD_PROJECT?.trim() || env.GCLOUD_PROJECT?.trim() || undefined,
    // google-auth-library reads the process's GOOGLE_APPLICATION_CREDENTIALS (then gcloud's ADC
    // file, then the metadata server) itself; only a key file entered in RunLens is passed on
    // (the library warns that the option is deprecated).
    keyFilename: emulator || !keyFile || keyFile === process.env.GOOGLE_APPLICATION_CREDENTIALS?.trim() ? undefined : keyFile,
    // An emulator endpoint is called without credentials, as Google's libraries do.
    apiEndpoint: emulator ? (/^https?:\/\//iu.test(emulator) ? emulator : `http://${emulator}`) : undefined,
    retryOptions: RETRIES,
  };
}

/** Rejects with AbortError when `signal` fires, without waiting for a call that cannot be aborted. */
function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Starts a download and resolves once the response headers came: a missing object rejects here,
 * and so does a server that sends no headers within `timeoutMs`.
 */
function openRead(file: File, signal: AbortSignal | undefined, timeoutMs: number, timedOut: () => Error): Promise<ObjectBody> {
  // No gzip transcoding: sizes stay the stored sizes and the bytes stay as written.
  const stream = file.createReadStream({ decompress: false });
  return new Promise<ObjectBody>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => fail(timedOut()), timeoutMs);
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      stream.destroy();
      reject(error);
    };
    const onAbort = () => fail(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    stream.once('error', fail);
    stream.once('response', (response: { statusCode?: number; headers?: Record<string, string | undefined>; setMaxListeners?: (n: number) => void }) => {
      // The response body is piped through four layers (node-fetch, teeny-request, retry-request,
      // the client), which together put 11 error listeners on it: raised so that Node does not
      // print a leak warning for every download.
      response.setMaxListeners?.(LAYERED_LISTENERS);
      const status = response.statusCode ?? 0;
      if (settled || status < 200 || status >= 300) return; // the error event follows
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      // `fail` stays attached (a no-op now): an error before the caller starts reading must not
      // go unhandled; the caller's loop still gets it from the destroyed stream.
      const length = Number(response.headers?.['content-length']);
      const encoded = (response.headers?.['content-encoding'] ?? 'identity') !== 'identity';
      // Abort mid-body: the caller's loop ends with the stream destroyed.
      const abortBody = () => stream.destroy(signal?.reason as Error);
      signal?.addEventListener('abort', abortBody, { once: true });
      stream.once('close', () => signal?.removeEventListener('abort', abortBody));
      resolve({ body: stream, size: Number.isFinite(length) && !encoded ? length : undefined });
    });
    // The request starts when the stream is first read.
    stream.read(0);
  });
}

export const createObjectStore: ObjectStoreFactory = (location: CloudLocation, env: CloudEnvironment): ObjectStore => {
  const options = storageOptions(env);
  const storage = new Storage(options);
  const bucket = storage.bucket(location.bucket);
  const endpoint = shownEndpoint(options.apiEndpoint, 'Google Cloud Storage');
  const timedOut = (what: string) => () => new CloudFailure('timeout', `no answer from ${endpoint} to ${what}`);
  const call = async <T>(what: string, action: () => Promise<T>, signal?: AbortSignal): Promise<T> => {
    try {
      return await abortable(withDeadline(action(), REQUEST_TIMEOUT_MS, timedOut(what)), signal);
    } catch (error) {
      throw classifyGcsError(error, endpoint, 'bucket');
    }
  };
  const listQuery = (prefix: string, token: string | undefined, delimiter: string | undefined) => ({
    prefix, delimiter, pageToken: token, maxResults: PAGE_SIZE, autoPaginate: false,
    // Only what a listing shows: raw items instead of File objects, a smaller answer.
    fields: 'items(name,size),prefixes,nextPageToken',
  });
  type RawPage = { items?: { name?: string; size?: string | number }[]; prefixes?: string[]; nextPageToken?: string };
  const page = async (prefix: string, token: string | undefined, delimiter: string | undefined): Promise<RawPage> => {
    const [, , response] = await bucket.getFiles(listQuery(prefix, token, delimiter));
    return (response ?? {}) as RawPage;
  };
  return {
    listPage: (prefix, token, signal) => call('a listing', async (): Promise<ObjectListing> => {
      const answer = await page(prefix, token, '/');
      return {
        files: (answer.items ?? []).map((item) => ({ key: item.name ?? '', size: Number(item.size ?? 0) })),
        folders: answer.prefixes ?? [],
        nextToken: answer.nextPageToken || undefined,
      };
    }, signal),
    listAll: async (prefix, signal) => {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const answer = await call('a listing', () => page(prefix, token, undefined), signal);
        keys.push(...(answer.items ?? []).map((item) => item.name ?? '').filter(Boolean));
        token = answer.nextPageToken || undefined;
      } while (token);
      return keys;
    },
    get: async (key, signal) => {
      try {
        return await openRead(bucket.file(key), signal, REQUEST_TIMEOUT_MS, timedOut('a download'));
      } catch (error) {
        throw classifyGcsError(error, endpoint, 'object');
      }
    },
    put: async (key, body: Readable, size, signal) => {
      const target = bucket.file(key);
      const upload = target.createWriteStream({
        resumable: size === undefined || size > SINGLE_REQUEST_MAX_BYTES,
        // A type from the file name, as the Python client guesses it.
        contentType: 'auto',
      });
      const watch = stallWatch(REQUEST_TIMEOUT_MS, () => upload.destroy(timedOut('an upload')()));
      try {
        await pipeline(body, watch.stream, upload, { signal });
      } catch (error) {
        throw classifyGcsError(error, endpoint, 'bucket');
      } finally {
        watch.stop();
      }
    },
    delete: async (keys) => {
      let next = 0;
      const worker = async () => {
        while (next < keys.length) {
          const key = keys[next++];
          await call('a deletion', () => bucket.file(key).delete({ ignoreNotFound: true }));
        }
      };
      await Promise.all(Array.from({ length: Math.min(DELETE_CONCURRENCY, keys.length) }, worker));
    },
  };
};
