// S3 and S3-compatible stores through @aws-sdk/client-s3, configured from the variables
// MLflow's S3 repository reads: the standard credential chain (AWS_ACCESS_KEY_ID…, AWS_PROFILE,
// ~/.aws/credentials and config with SSO and role profiles), AWS_DEFAULT_REGION,
// MLFLOW_S3_ENDPOINT_URL (path-style), MLFLOW_S3_IGNORE_TLS and MLFLOW_S3_UPLOAD_EXTRA_ARGS.
import { Agent } from 'node:https';
import type { Readable } from 'node:stream';
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { Upload } from '@aws-sdk/lib-storage';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { CloudFailure, networkFailure, shownEndpoint } from './cloudErrors.ts';
import type { CloudLocation } from './cloudLocation.ts';
import type { CloudEnvironment, ObjectListing, ObjectStore, ObjectStoreFactory } from './objectStore.ts';

const PAGE_SIZE = 1000;
const truthy = (value: string | undefined) => /^(1|true|yes|on)$/iu.test(value?.trim() ?? '');

/** MLFLOW_S3_UPLOAD_EXTRA_ARGS: a JSON object of PutObject parameters (SSE, ACL, …). */
function uploadExtraArgs(env: CloudEnvironment): Record<string, unknown> {
  const raw = env.MLFLOW_S3_UPLOAD_EXTRA_ARGS;
  if (!raw?.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new CloudFailure('other', 'MLFLOW_S3_UPLOAD_EXTRA_ARGS is not valid JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new CloudFailure('other', 'MLFLOW_S3_UPLOAD_EXTRA_ARGS must be a JSON object');
  return parsed as Record<string, unknown>;
}

function clientConfig(env: CloudEnvironment): S3ClientConfig {
  const endpoint = env.MLFLOW_S3_ENDPOINT_URL?.trim() || undefined;
  const insecure = truthy(env.MLFLOW_S3_IGNORE_TLS);
  const credentials = env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
    ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN || undefined }
    : fromNodeProviderChain({ profile: env.AWS_PROFILE || undefined });
  return {
    region: env.AWS_DEFAULT_REGION || env.AWS_REGION || 'us-east-1',
    endpoint,
    // S3-compatible servers (MinIO, SeaweedFS, Ceph) are addressed by path, as boto3 does for them.
    forcePathStyle: endpoint !== undefined,
    followRegionRedirects: true,
    credentials,
    maxAttempts: 3,
    // Checksums only where S3 requires them: many S3-compatible servers refuse the newer defaults.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: new NodeHttpHandler({
      connectionTimeout: 10_000,
      requestTimeout: 60_000,
      httpsAgent: new Agent({ keepAlive: true, maxSockets: 32, rejectUnauthorized: !insecure }),
    }),
  };
}

/** Sorts an SDK error into what the user can act on; the detail is the error's name, never its text. */
function classify(error: unknown, endpoint: string): unknown {
  if (error instanceof CloudFailure) return error;
  const named = error as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  const name = named.name ?? named.Code ?? '';
  const status = named.$metadata?.httpStatusCode;
  if (name === 'AbortError') return error;
  if (name === 'NoSuchKey' || (name === 'NotFound' && status === 404)) return new CloudFailure('missing', name);
  if (name === 'NoSuchBucket') return new CloudFailure('no-bucket', `NoSuchBucket at ${endpoint}`);
  if (name === 'CredentialsProviderError' || /could not load credentials/iu.test((error as Error)?.message ?? '')) return new CloudFailure('no-credentials', name);
  if (name === 'RequestTimeTooSkewed' || name === 'RequestExpired') return new CloudFailure('clock-skew', name);
  if (['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'Forbidden', 'AllAccessDisabled', 'InvalidToken', 'ExpiredToken'].includes(name) || status === 403) {
    return new CloudFailure('denied', name || 'HTTP 403');
  }
  const network = networkFailure(error, endpoint);
  if (network) return network;
  if (name === 'TimeoutError' || name === 'RequestTimeout') return new CloudFailure('timeout', `no answer from ${endpoint}`);
  return new CloudFailure('other', `${name || 'error'}${status ? ` HTTP ${status}` : ''}`);
}

export const createObjectStore: ObjectStoreFactory = (location: CloudLocation, env: CloudEnvironment): ObjectStore => {
  const config = clientConfig(env);
  const client = new S3Client(config);
  const endpoint = shownEndpoint(config.endpoint as string | undefined, 'Amazon S3');
  const Bucket = location.bucket;
  const call = async <T>(action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      throw classify(error, endpoint);
    }
  };
  return {
    listPage: (prefix, token, signal) => call(async (): Promise<ObjectListing> => {
      const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token, MaxKeys: PAGE_SIZE }), { abortSignal: signal });
      return {
        files: (page.Contents ?? []).map((object) => ({ key: object.Key ?? '', size: Number(object.Size ?? 0) })),
        folders: (page.CommonPrefixes ?? []).map((common) => common.Prefix ?? ''),
        nextToken: page.IsTruncated ? page.NextContinuationToken : undefined,
      };
    }),
    listAll: (prefix, signal) => call(async () => {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken: token, MaxKeys: PAGE_SIZE }), { abortSignal: signal });
        keys.push(...(page.Contents ?? []).map((object) => object.Key ?? '').filter(Boolean));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys;
    }),
    get: (key, signal) => call(async () => {
      const object = await client.send(new GetObjectCommand({ Bucket, Key: key }), { abortSignal: signal });
      const size = object.ContentLength;
      return { body: object.Body as Readable, size: typeof size === 'number' ? size : undefined };
    }),
    put: (key, body, _size, signal) => call(async () => {
      const upload = new Upload({ client, params: { ...uploadExtraArgs(env), Bucket, Key: key, Body: body }, queueSize: 4, leavePartsOnError: false });
      const abort = () => void upload.abort().catch(() => undefined);
      signal?.addEventListener('abort', abort, { once: true });
      try {
        await upload.done();
      } finally {
        signal?.removeEventListener('abort', abort);
      }
    }),
    delete: (keys) => call(async () => {
      for (let start = 0; start < keys.length; start += PAGE_SIZE) {
        const batch = keys.slice(start, start + PAGE_SIZE).map((Key) => ({ Key }));
        await client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: batch, Quiet: true } }));
      }
    }),
  };
};
