// Opens whichever store a tracking URI names: an mlflow.db, an mlruns/ folder, or a tracking server.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { MlflowError } from '../shared/errors.ts';
import type { ArtifactRepository } from './artifacts/artifactRepository.ts';
import type { CloudEnvironment } from './artifacts/cloud/objectStore.ts';
import type { ModelRegistryStore } from './modelRegistryStore.ts';
import type { TrackingStore } from './trackingStore.ts';

export type StoreKind = 'sqlite' | 'mlruns' | 'remote';

export interface OpenedStore {
  kind: StoreKind;
  /** What the user sees: the file, folder or server URL. */
  location: string;
  tracking: TrackingStore;
  registry: ModelRegistryStore;
  readOnlyReason?: string;
  /** The repository behind a run's or logged model's artifact URI, with this store's credentials. */
  artifacts(rootUri: string): ArtifactRepository;
  close(): void;
}

export interface OpenStoreOptions {
  credentials?: { token?: string; username?: string; password?: string };
  insecureTls?: boolean;
  /** What s3://, gs:// and wasbs:// artifact roots authenticate with (process.env overlaid with RunLens's own); process.env when unset. */
  cloudEnv?: CloudEnvironment;
}

/** The store behind `sqlite:///…`, `http(s)://…`, `file:…` or a plain path (a .db file or an mlruns folder). */
export async function openStore(uri: string, baseDir: string, options: OpenStoreOptions = {}): Promise<OpenedStore> {
  const { cloudEnv } = options;
  if (/^https?:\/\//iu.test(uri)) {
    const { RestClient } = await import('./rest/restClient.ts');
    const { RestTrackingStore } = await import('./rest/restTrackingStore.ts');
    const { RestRegistryStore } = await import('./rest/restRegistryStore.ts');
    const { artifactRepositoryFor } = await import('./artifacts/artifactRepositoryFor.ts');
    const client = new RestClient({ baseUrl: uri, credentials: options.credentials, insecureTls: options.insecureTls });
    return {
      kind: 'remote', location: client.baseUrl, tracking: new RestTrackingStore(client), registry: new RestRegistryStore(client),
      artifacts: (rootUri) => artifactRepositoryFor(rootUri, { restClient: client, cloudEnv }), close: () => undefined,
    };
  }
  const { sqlitePathFromUri } = await import('./sqlite/openSqliteStore.ts');
  const { artifactRepositoryFor } = await import('./artifacts/artifactRepositoryFor.ts');
  const local = path.resolve(baseDir, uri.startsWith('file:') ? new URL(uri).pathname : sqlitePathFromUri(uri));
  if (uri.startsWith('sqlite:') || (existsSync(local) && statSync(local).isFile()) || local.endsWith('.db')) {
    // SQLite runs in a worker thread: no query or lock wait ever holds the caller's thread.
    // A database created here is the user's, as mlflow's would be: mlflow's rollback journal, no WAL files.
    const { storeOnMainThread } = await import('./worker/storeThread.ts');
    const { tracking, registry, readOnlyReason, close } = storeOnMainThread()
      ? (await import('./sqlite/openSqliteStore.ts')).openSqliteStore(local, { newDatabaseJournal: 'delete' })
      : await (await import('./worker/workerStores.ts')).openWorkerStores(local, { newDatabaseJournal: 'delete' });
    // Runs logged through a server on this store keep `mlflow-artifacts:/` roots; like
    // `mlflow server`'s default, those files live in mlartifacts/ beside the database.
    const artifactsDestination = path.join(path.dirname(local), 'mlartifacts');
    return { kind: 'sqlite', location: local, tracking, registry, readOnlyReason, close: () => void close(), artifacts: (rootUri) => artifactRepositoryFor(rootUri, { artifactsDestination, cloudEnv }) };
  }
  if (existsSync(local) && statSync(local).isDirectory()) {
    const { FileTrackingStore } = await import('./file/fileTrackingStore.ts');
    const { FileRegistryStore } = await import('./file/fileRegistryStore.ts');
    return {
      kind: 'mlruns', location: local, tracking: new FileTrackingStore(local), registry: new FileRegistryStore(local),
      readOnlyReason: 'mlruns folders are read-only in RunLens', close: () => undefined,
      artifacts: (rootUri) => artifactRepositoryFor(rootUri, { artifactsDestination: path.join(path.dirname(local), 'mlartifacts'), cloudEnv }),
    };
  }
  throw MlflowError.notFound(`No MLflow store at ${uri}`);
}

/** The store a workspace folder holds, by MLflow's defaults: mlflow.db first (3.7+), then mlruns/. */
export function detectStoreUri(folder: string): string | undefined {
  if (existsSync(path.join(folder, 'mlflow.db'))) return `sqlite:///${path.join(folder, 'mlflow.db')}`;
  if (existsSync(path.join(folder, 'mlruns'))) return path.join(folder, 'mlruns');
  return undefined;
}
