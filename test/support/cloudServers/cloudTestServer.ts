// What every cloud storage emulator gives a test: the environment both RunLens and the mlflow
// client read (credentials, endpoint), root URIs in one of its buckets, and a way to stop it.
import os from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';

export interface CloudTestServer {
  provider: 's3' | 'gcs' | 'azure';
  /** Variables for RunLens (cloudEnv) and for the mlflow client's process alike. */
  env: Record<string, string>;
  /** Creates a bucket (S3, GCS) or container (Azure); idempotent. */
  createBucket(name: string): Promise<void>;
  /** The artifact root URI of `prefix` in `bucket`, as MLflow writes it (s3://b/p, gs://b/p, wasbs://c@acct.blob.core.windows.net/p). */
  rootUri(bucket: string, prefix: string): string;
  log(): string;
  stop(): Promise<void>;
}

/** Where .ci/setup-cloud-servers.sh caches the Go-built emulators. */
export function toolCache(): string {
  return process.env.RUNLENS_TOOL_CACHE ?? path.join(os.homedir(), '.cache', 'runlens-tools');
}

/** A cached emulator binary; a missing one fails the test with the command that builds it. */
export function cachedTool(folder: string, binary: string): string {
  const file = path.join(toolCache(), folder, binary);
  if (!existsSync(file)) throw new Error(`${binary} is missing at ${file}: run 'bash .ci/setup-cloud-servers.sh' (.ci/run does).`);
  return file;
}
