// Azurite, Microsoft's Azure Storage emulator, blob service only, on loopback: it checks
// shared-key signatures, so a wrong account key is refused as Azure refuses it. The connection
// string points the well-known development account at it, for RunLens and the mlflow client alike.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../mlflowServer.ts';
import { repoRoot } from '../python.ts';
import { httpStatus, startBackgroundProcess } from './backgroundProcess.ts';
import type { CloudTestServer } from './cloudTestServer.ts';

/** Azurite's built-in development account and its published key (the same in every Azurite). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** A connection string for the development account at `blobEndpoint`, optionally with another key. */
export function azuriteConnectionString(blobEndpoint: string, key = AZURITE_KEY): string {
  return `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${key};BlobEndpoint=${blobEndpoint};`;
}

export async function startAzurite(): Promise<CloudTestServer & { blobEndpoint: string }> {
  const main = path.join(repoRoot, 'node_modules', 'azurite', 'dist', 'src', 'blob', 'main.js');
  const base = mkdtempSync(path.join(os.tmpdir(), 'runlens-azurite-'));
  const port = await freePort();
  const blobEndpoint = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
  const emulator = await startBackgroundProcess({
    name: 'Azurite',
    command: process.execPath,
    cwd: base,
    stopSignal: 'SIGKILL',
    args: [
      main, '--blobHost', '127.0.0.1', '--blobPort', String(port), '--location', base,
      // The Python and Node SDKs may speak a newer API version than this Azurite knows.
      '--skipApiVersionCheck', '--loose', '--silent', '--disableTelemetry',
    ],
    // Any HTTP answer (400 to a bare GET) means the blob service is listening.
    ready: async () => (await httpStatus(`http://127.0.0.1:${port}/`)) > 0,
  });
  const env = { AZURE_STORAGE_CONNECTION_STRING: azuriteConnectionString(blobEndpoint) };
  const { BlobServiceClient } = await import('@azure/storage-blob');
  const service = BlobServiceClient.fromConnectionString(env.AZURE_STORAGE_CONNECTION_STRING);
  return {
    provider: 'azure',
    env,
    blobEndpoint,
    async createBucket(name) {
      await service.getContainerClient(name).createIfNotExists();
    },
    rootUri: (container, prefix) => `wasbs://${container}@${AZURITE_ACCOUNT}.blob.core.windows.net/${prefix}`.replace(/\/+$/u, ''),
    log: emulator.log,
    async stop() {
      await emulator.stop();
      rmSync(base, { recursive: true, force: true });
    },
  };
}
