// SeaweedFS's S3 gateway on loopback: a real S3 API that checks signatures, so a wrong key is
// refused as it would be by AWS. One throwaway data folder per server.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../mlflowServer.ts';
import { httpStatus, startBackgroundProcess } from './backgroundProcess.ts';
import { cachedTool, type CloudTestServer } from './cloudTestServer.ts';

export const SEAWEEDFS_VERSION = 'v0.0.0-20261109003541-7506e5f91cd6';
export const S3_ACCESS_KEY = 'RUNLENSTESTKEY';
export const S3_SECRET_KEY = 'runlens-test-secret-0123456789';

export async function startSeaweedS3(): Promise<CloudTestServer> {
  const weed = cachedTool(`seaweedfs-${SEAWEEDFS_VERSION}`, 'weed');
  const base = mkdtempSync(path.join(os.tmpdir(), 'runlens-seaweed-'));
  const config = path.join(base, 's3.json');
  mkdirSync(path.join(base, 'data'));
  writeFileSync(config, JSON.stringify({
    identities: [{ name: 'runlens', credentials: [{ accessKey: S3_ACCESS_KEY, secretKey: S3_SECRET_KEY }], actions: ['Admin', 'Read', 'Write', 'List', 'Tagging'] }],
  }));
  const [master, volume, filer, s3] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const [masterGrpc, volumeGrpc, filerGrpc, s3Grpc] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const endpoint = `http://127.0.0.1:${s3}`;
  const env = { AWS_ACCESS_KEY_ID: S3_ACCESS_KEY, AWS_SECRET_ACCESS_KEY: S3_SECRET_KEY, AWS_DEFAULT_REGION: 'us-east-1', MLFLOW_S3_ENDPOINT_URL: endpoint };
  const process = await startBackgroundProcess({
    name: 'SeaweedFS',
    command: weed,
    cwd: base,
    stopSignal: 'SIGKILL',
    args: [
      'server', `-dir=${path.join(base, 'data')}`, '-ip=127.0.0.1', '-ip.bind=127.0.0.1',
      `-master.port=${master}`, `-master.port.grpc=${masterGrpc}`, '-master.volumeSizeLimitMB=64',
      `-volume.port=${volume}`, `-volume.port.grpc=${volumeGrpc}`, '-volume.max=50',
      '-filer', `-filer.port=${filer}`, `-filer.port.grpc=${filerGrpc}`,
      '-s3', `-s3.port=${s3}`, `-s3.port.grpc=${s3Grpc}`, `-s3.config=${config}`,
    ],
    // Any HTTP answer from the gateway (403 to an unsigned request) means it is serving.
    ready: async () => (await httpStatus(`${endpoint}/`)) > 0,
  });
  const { S3Client, CreateBucketCommand } = await import('@aws-sdk/client-s3');
  const client = new S3Client({
    endpoint, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: S3_ACCESS_KEY, secretAccessKey: S3_SECRET_KEY },
  });
  return {
    provider: 's3',
    env,
    async createBucket(name) {
      // The gateway answers before its filer and volume are ready; on a busy machine the first
      // creates can fail with 500s (seen as XML parse errors), so they are retried for a while.
      const deadline = Date.now() + 30_000;
      for (;;) {
        try {
          await client.send(new CreateBucketCommand({ Bucket: name }));
          return;
        } catch (error) {
          if (['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes((error as Error).name)) return;
          const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
          if (status < 500 || Date.now() > deadline) throw error;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    },
    rootUri: (bucket, prefix) => `s3://${bucket}/${prefix}`.replace(/\/+$/u, ''),
    log: process.log,
    async stop() {
      client.destroy();
      await process.stop();
      rmSync(base, { recursive: true, force: true });
    },
  };
}
