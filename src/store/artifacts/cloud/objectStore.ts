// What the cloud artifact repositories need from a bucket or container: one folder level of
// keys, a streamed read, a streamed write and deletion. One small adapter per vendor SDK
// (s3ObjectStore, gcsObjectStore, azureObjectStore) implements it; everything else — path
// checks, folder semantics, temp files, limits, errors — is shared.
import type { Readable } from 'node:stream';
import type { CloudLocation } from './cloudLocation.ts';

export interface ObjectListing {
  /** Objects directly under the prefix: full keys and sizes. */
  files: { key: string; size: number }[];
  /** Common prefixes directly under the prefix: full keys ending in '/'. */
  folders: string[];
  /** The vendor's continuation token when more remain. */
  nextToken?: string;
}

export interface ObjectBody {
  body: AsyncIterable<Uint8Array>;
  /** Bytes the store announced, when it did. */
  size?: number;
}

export interface ObjectStore {
  /** Keys directly under `prefix` ('' or ending in '/'), split at '/'. */
  listPage(prefix: string, token: string | undefined, signal?: AbortSignal): Promise<ObjectListing>;
  /** Every key under `prefix` (recursive), for deleting a folder. */
  listAll(prefix: string, signal?: AbortSignal): Promise<string[]>;
  /** Streams an object; rejects with a `missing` CloudFailure when there is none. */
  get(key: string, signal?: AbortSignal): Promise<ObjectBody>;
  /** Writes an object from a stream; `size` when known (a file), undefined for a streamed upload. */
  put(key: string, body: Readable, size: number | undefined, signal?: AbortSignal): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

/**
 * The environment MLflow's Python repositories read (AWS_*, MLFLOW_S3_*, GOOGLE_*, AZURE_*…):
 * process.env overlaid with what the user entered in RunLens (settings, SecretStorage).
 */
export type CloudEnvironment = Readonly<Record<string, string | undefined>>;

/** Builds an ObjectStore for one bucket/container; each vendor module exports one. */
export type ObjectStoreFactory = (location: CloudLocation, env: CloudEnvironment) => ObjectStore;
