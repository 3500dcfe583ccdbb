// One artifact file fetched over HTTP through RestClient (so auth, TLS and retries apply),
// streamed to a temp file or read into memory, with the announced size checked up front.
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { MlflowError } from '../../shared/errors.ts';
import type { RestClient } from '../rest/restClient.ts';
import { DEFAULT_READ_MAX_BYTES, type DownloadOptions } from './artifactRepository.ts';
import { baseName, showPath } from './artifactPath.ts';
import { collectBytes, streamToTempFile, tooLarge } from './transfer.ts';

interface FetchedBody {
  source: Readable;
  total?: number;
}

/** GETs `url`; a bare 404 means the file is missing. Refuses an announced size over maxBytes. */
async function fetchBody(client: RestClient, url: string, relative: string, options: DownloadOptions, maxBytes: number): Promise<FetchedBody> {
  let response: Response;
  try {
    response = await client.fetchWithRetry('GET', url, undefined, true, options.signal);
  } catch (error) {
    if (error instanceof MlflowError && error.code === 'ENDPOINT_NOT_FOUND') throw MlflowError.notFound(`No such artifact: '${showPath(relative)}'`);
    throw error;
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  const total = Number.isFinite(declared) && declared >= 0 ? declared : undefined;
  if (total !== undefined && total > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(relative, maxBytes);
  }
  const body = response.body as NodeReadableStream<Uint8Array> | null;
  return { source: body ? Readable.fromWeb(body) : Readable.from([]), total };
}

export async function downloadUrlToTempFile(client: RestClient, url: string, relative: string, options: DownloadOptions, tempRoot?: string): Promise<string> {
  const maxBytes = options.maxBytes ?? Infinity;
  const { source, total } = await fetchBody(client, url, relative, options, maxBytes);
  try {
    return await streamToTempFile(source, baseName(relative), relative, { ...options, total, tempRoot });
  } finally {
    source.destroy();
  }
}

export async function readUrl(client: RestClient, url: string, relative: string, options: DownloadOptions): Promise<Buffer> {
  const maxBytes = options.maxBytes ?? DEFAULT_READ_MAX_BYTES;
  const { source, total } = await fetchBody(client, url, relative, options, maxBytes);
  try {
    return await collectBytes(source, relative, { ...options, total }, maxBytes);
  } finally {
    source.destroy();
  }
}

/** `a/b c` → `a/b%20c`: each segment encoded, the separators kept. */
export function encodePathSegments(relative: string): string {
  return relative.split('/').map(encodeURIComponent).join('/');
}
