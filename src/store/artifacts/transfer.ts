// Moving artifact bytes: a metered stream into a fresh temp file (removed again on any
// failure) or, for small reads, into memory. Both stop at maxBytes and honour an AbortSignal.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MlflowError } from '../../shared/errors.ts';
import type { DownloadOptions } from './artifactRepository.ts';
import { showPath } from './artifactPath.ts';

export interface TransferOptions extends DownloadOptions {
  /** Size the source announced (stat, Content-Length), for progress and an early refusal. */
  total?: number;
  tempRoot?: string;
}

type ByteSource = Readable | AsyncIterable<Uint8Array>;

export function tooLarge(shown: string, maxBytes: number): MlflowError {
  return new MlflowError('RESOURCE_EXHAUSTED', `Artifact '${showPath(shown)}' is larger than the ${maxBytes}-byte limit for this transfer.`);
}

export function cancelled(shown: string): MlflowError {
  return new MlflowError('CANCELLED', `Transfer of artifact '${showPath(shown)}' was cancelled.`);
}

/** Refuses before any I/O when the signal is already aborted or the announced size is too big. */
export function checkBeforeTransfer(shown: string, options: TransferOptions, maxBytes: number): void {
  if (options.signal?.aborted) throw cancelled(shown);
  if (options.total !== undefined && options.total > maxBytes) throw tooLarge(shown, maxBytes);
}

/** Any failure while moving bytes, as an MlflowError naming the artifact. */
export function transferError(error: unknown, shown: string, signal: AbortSignal | undefined): MlflowError {
  if (error instanceof MlflowError) return error;
  const name = (error as { name?: string })?.name;
  if (signal?.aborted) return cancelled(shown);
  if (name === 'TimeoutError') return new MlflowError('DEADLINE_EXCEEDED', `Transfer of artifact '${showPath(shown)}' timed out.`);
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new MlflowError('RESOURCE_EXHAUSTED', `No disk space left to download artifact '${showPath(shown)}'.`);
  const message = (error as Error)?.message ?? String(error);
  if (code) return new MlflowError('INTERNAL_ERROR', `Transfer of artifact '${showPath(shown)}' failed (${code}): ${message}`);
  return new MlflowError('TEMPORARILY_UNAVAILABLE', `Transfer of artifact '${showPath(shown)}' was interrupted: ${message}`);
}

/** Passes chunks through, counting them; fails the pipeline once more than maxBytes went by. */
function meter(shown: string, maxBytes: number, options: TransferOptions) {
  return async function* metered(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    let seen = 0;
    options.onProgress?.(0, options.total);
    for await (const chunk of source) {
      seen += chunk.length;
      if (seen > maxBytes) throw tooLarge(shown, maxBytes);
      options.onProgress?.(seen, options.total);
      yield chunk;
    }
  };
}

/**
 * Streams `source` into `<tempRoot>/runlens-artifact-XXXX/<fileName>` and returns that path.
 * The limit is enforced on the bytes that arrive (a refusal on the announced size is the
 * caller's choice). On any failure the temp folder is removed before rejecting.
 */
export async function streamToTempFile(source: ByteSource, fileName: string, shown: string, options: TransferOptions): Promise<string> {
  const maxBytes = options.maxBytes ?? Infinity;
  if (options.signal?.aborted) throw cancelled(shown);
  const folder = await mkdtemp(path.join(options.tempRoot ?? os.tmpdir(), 'runlens-artifact-'));
  const target = path.join(folder, fileName);
  try {
    await pipeline(source, meter(shown, maxBytes, options), createWriteStream(target, { flags: 'wx' }), { signal: options.signal });
    return target;
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw transferError(error, shown, options.signal);
  }
}

/** Reads `source` into memory, refusing past maxBytes. */
export async function collectBytes(source: ByteSource, shown: string, options: TransferOptions, maxBytes: number): Promise<Buffer> {
  checkBeforeTransfer(shown, options, maxBytes);
  const chunks: Uint8Array[] = [];
  try {
    for await (const chunk of meter(shown, maxBytes, options)(source)) {
      if (options.signal?.aborted) throw cancelled(shown);
      chunks.push(chunk);
    }
  } catch (error) {
    throw transferError(error, shown, options.signal);
  }
  return Buffer.concat(chunks);
}
