// Azure Blob Storage through @azure/storage-blob: one folder level by a '/'-delimited hierarchy
// listing, streamed reads and writes, deletion that ignores blobs already gone. Credentials come
// from the variables MLflow's Azure repositories read (azureServiceClient.ts).
import type { Readable } from 'node:stream';
import type { BlobServiceClient, ContainerClient } from '@azure/storage-blob';
import { CloudFailure, networkFailure, shownEndpoint } from './cloudErrors.ts';
import type { CloudLocation } from './cloudLocation.ts';
import { blobServiceClientFor } from './azureServiceClient.ts';
import { callDeadline, type CallDeadline } from './callDeadline.ts';
import type { CloudEnvironment, ObjectListing, ObjectStore, ObjectStoreFactory } from './objectStore.ts';

const PAGE_SIZE = 1000;
// A request (a listing page, the headers of a download, a delete) answers within this or fails.
const ANSWER_TIMEOUT_MS = 20_000;
// An upload fails when no block completes for this long, however long the whole upload takes.
const UPLOAD_STALL_MS = 60_000;
// Files up to this size go up in one Put Blob request (retryable from the buffer); larger ones
// or unknown sizes stream in blocks of this size, a few at a time.
const BLOCK_BYTES = 4 * 1024 * 1024;
const UPLOAD_CONCURRENCY = 4;
const DELETE_CONCURRENCY = 8;

// Azure refuses a signature whose request time is more than 15 minutes off; its detail says so.
const SKEW_DETAIL = /date header too (old|new)|request time|clock|skew|not yet valid/iu;
const SKEW_TOLERANCE_MS = 15 * 60_000;

interface AzureRestError {
  name?: string;
  code?: string;
  statusCode?: number;
  details?: { errorCode?: string; authenticationErrorDetail?: string; date?: string };
  errors?: unknown[];
}

/** Sorts an SDK or identity error into what the user can act on; the detail is a code, never the error's text. */
export function classifyAzureError(error: unknown, endpoint: string, timedOutAfterMs?: number): unknown {
  if (error instanceof CloudFailure) return error;
  if (timedOutAfterMs !== undefined) return new CloudFailure('timeout', `no answer from ${endpoint} within ${timedOutAfterMs / 1000} s`);
  const failure = error as AzureRestError;
  const name = failure?.name ?? '';
  const code = failure?.details?.errorCode ?? failure?.code ?? '';
  const status = failure?.statusCode;
  if (name === 'AbortError') return error;
  if (name === 'CredentialUnavailableError' || name === 'AggregateAuthenticationError') {
    return new CloudFailure('no-credentials', 'DefaultAzureCredential found no credential');
  }
  if (name === 'AuthenticationError' || name === 'AuthenticationRequiredError') return new CloudFailure('denied', `Microsoft Entra ID refused the credential: ${name}`);
  if (code === 'BlobNotFound') return new CloudFailure('missing', code);
  if (code === 'ContainerNotFound') return new CloudFailure('no-bucket', `ContainerNotFound at ${endpoint}`);
  if (status === 403 || status === 401) {
    if (isClockSkew(failure)) return new CloudFailure('clock-skew', `${code || 'AuthenticationFailed'}: request time outside the allowed window`);
    return new CloudFailure('denied', code || `HTTP ${status}`);
  }
  const network = networkFailure(error, endpoint);
  if (network) return network;
  return new CloudFailure('other', `${code || name || 'error'}${status ? ` HTTP ${status}` : ''}`);
}

function isClockSkew(failure: AzureRestError): boolean {
  if (SKEW_DETAIL.test(failure.details?.authenticationErrorDetail ?? '')) return true;
  // The service's Date header shows the skew even when the detail is missing.
  const serverTime = Date.parse(failure.details?.date ?? '');
  return Number.isFinite(serverTime) && Math.abs(Date.now() - serverTime) > SKEW_TOLERANCE_MS;
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function bufferOf(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

export const createObjectStore: ObjectStoreFactory = (location: CloudLocation, env: CloudEnvironment): ObjectStore => {
  // Built on first use: DefaultAzureCredential loads @azure/identity, which key and
  // connection-string users never need.
  let service: Promise<BlobServiceClient> | undefined;
  let endpoint = shownEndpoint(`https://${location.host ?? ''}`, 'Azure Blob Storage');
  const container = async (): Promise<ContainerClient> => {
    if (!service) {
      service = blobServiceClientFor(location, env).then((client) => {
        // Scheme, host and port only: a SAS URL's query never reaches a message.
        endpoint = shownEndpoint(client.url, endpoint);
        return client;
      });
      service.catch(() => (service = undefined));
    }
    return (await service).getContainerClient(location.bucket);
  };
  /** One bounded call: `work` gets a signal that fires on the caller's cancel or on the deadline. */
  const call = async <T>(signal: AbortSignal | undefined, work: (deadline: CallDeadline) => Promise<T>, ms = ANSWER_TIMEOUT_MS): Promise<T> => {
    const deadline = callDeadline(ms, signal);
    try {
      return await work(deadline);
    } catch (error) {
      throw classifyAzureError(error, endpoint, deadline.expired() ? ms : undefined);
    } finally {
      deadline.disarm();
    }
  };

  return {
    listPage: async (prefix, token, signal) => {
      const blobs = await container();
      return call(signal, async (deadline): Promise<ObjectListing> => {
        const pages = blobs.listBlobsByHierarchy('/', { prefix, abortSignal: deadline.signal }).byPage({ continuationToken: token, maxPageSize: PAGE_SIZE });
        const next = await pages.next();
        const page = next.done ? undefined : next.value;
        return {
          files: (page?.segment.blobItems ?? []).map((blob) => ({ key: blob.name, size: Number(blob.properties.contentLength ?? 0) })),
          folders: (page?.segment.blobPrefixes ?? []).map((folder) => folder.name),
          nextToken: page?.continuationToken || undefined,
        };
      });
    },
    listAll: async (prefix, signal) => {
      const blobs = await container();
      const keys: string[] = [];
      let token: string | undefined;
      do {
        token = await call(signal, async (deadline) => {
          const pages = blobs.listBlobsFlat({ prefix, abortSignal: deadline.signal }).byPage({ continuationToken: token, maxPageSize: PAGE_SIZE });
          const next = await pages.next();
          const page = next.done ? undefined : next.value;
          keys.push(...(page?.segment.blobItems ?? []).map((blob) => blob.name));
          return page?.continuationToken || undefined;
        });
      } while (token);
      return keys;
    },
    get: async (key, signal) => {
      const blob = (await container()).getBlobClient(key);
      // The deadline covers the answer; the body then runs under the repository's idle timeout
      // and still stops on the caller's signal.
      return call(signal, async (deadline) => {
        const response = await blob.download(0, undefined, { abortSignal: deadline.signal });
        deadline.disarm();
        const body = response.readableStreamBody as Readable | undefined;
        if (!body) throw new CloudFailure('other', 'download answered without a body');
        return { body, size: typeof response.contentLength === 'number' ? response.contentLength : undefined };
      });
    },
    put: async (key, body, size, signal) => {
      const blob = (await container()).getBlockBlobClient(key);
      if (size !== undefined && size <= BLOCK_BYTES) {
        const bytes = await bufferOf(body);
        await call(signal, (deadline) => blob.upload(bytes, bytes.length, { abortSignal: deadline.signal }), UPLOAD_STALL_MS);
        return;
      }
      await call(signal, (deadline) => blob.uploadStream(body, BLOCK_BYTES, UPLOAD_CONCURRENCY, {
        abortSignal: deadline.signal,
        onProgress: () => deadline.rearm(),
      }), UPLOAD_STALL_MS);
    },
    delete: async (keys) => {
      const blobs = await container();
      await eachLimited(keys, DELETE_CONCURRENCY, async (key) => {
        await call(undefined, (deadline) => blobs.getBlobClient(key).deleteIfExists({ abortSignal: deadline.signal }));
      });
    },
  };
};
