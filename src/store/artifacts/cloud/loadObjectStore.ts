// Vendor SDKs are big, so each is loaded the first time a root of its kind is met: from its own
// bundle (dist/cloud-sdk/<provider>.js) in the extension and CLI, from source under tests. One client
// per bucket and environment is kept, so repeated listings and downloads reuse its connections.
import { createHash } from 'node:crypto';
import type { CloudLocation, CloudProvider } from './cloudLocation.ts';
import type { CloudEnvironment, ObjectStore, ObjectStoreFactory } from './objectStore.ts';

// Replaced with `true` by esbuild (esbuild.mjs); undefined when the sources run directly.
declare const RUNLENS_BUNDLED: boolean | undefined;

type VendorModule = { createObjectStore: ObjectStoreFactory };

async function importFactory(provider: CloudProvider): Promise<ObjectStoreFactory> {
  if (typeof RUNLENS_BUNDLED !== 'undefined' && RUNLENS_BUNDLED) {
    /* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS bundle loading its sibling bundle */
    // esbuild keeps './cloud-sdk/*' external (and drops the else branch): dist/cloud-sdk/ sits
    // beside dist/extension.js and dist/cli.js.
    switch (provider) {
      case 's3': return (require('./cloud-sdk/s3.js') as VendorModule).createObjectStore;
      case 'gcs': return (require('./cloud-sdk/gcs.js') as VendorModule).createObjectStore;
      case 'azure': return (require('./cloud-sdk/azure.js') as VendorModule).createObjectStore;
    }
    /* eslint-enable @typescript-eslint/no-require-imports */
  } else {
    switch (provider) {
      case 's3': return (await import('./s3ObjectStore.ts')).createObjectStore;
      case 'gcs': return (await import('./gcsObjectStore.ts')).createObjectStore;
      case 'azure': return (await import('./azureObjectStore.ts')).createObjectStore;
    }
  }
}

// The variables each vendor's client is built from; a change to any of them builds a new client.
const RELEVANT = /^(AWS_|MLFLOW_S3_|MLFLOW_GCS_|GOOGLE_|GCLOUD_|CLOUDSDK_|STORAGE_EMULATOR_HOST$|AZURE_|MLFLOW_AZURE_|HTTPS?_PROXY$|NO_PROXY$)/iu;
const MAX_CLIENTS = 16;
const clients = new Map<string, Promise<ObjectStore>>();

function cacheKey(location: CloudLocation, env: CloudEnvironment): string {
  const relevant = Object.keys(env).filter((name) => RELEVANT.test(name)).sort().map((name) => `${name}=${env[name] ?? ''}`);
  // Hashed so that no secret sits in a map key someone might print.
  const fingerprint = createHash('sha256').update(relevant.join('\n')).digest('hex');
  return `${location.provider}|${location.host ?? ''}|${location.bucket}|${fingerprint}`;
}

/** The ObjectStore for a location's bucket under this environment, built once and reused. */
export function objectStoreFor(location: CloudLocation, env: CloudEnvironment): Promise<ObjectStore> {
  const key = cacheKey(location, env);
  let store = clients.get(key);
  if (!store) {
    store = importFactory(location.provider).then((factory) => factory(location, env));
    store.catch(() => clients.delete(key));
    if (clients.size >= MAX_CLIENTS) clients.delete(clients.keys().next().value as string);
    clients.set(key, store);
  }
  return store;
}
