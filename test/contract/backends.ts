// The five backends the store contract runs against, each behind the same TrackingStore and
// ModelRegistryStore interfaces; rules say how the values that legitimately differ differ.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startTrackingServer } from '../../src/server/trackingServer.ts';
import { FileRegistryStore } from '../../src/store/file/fileRegistryStore.ts';
import { FileTrackingStore } from '../../src/store/file/fileTrackingStore.ts';
import type { ModelRegistryStore } from '../../src/store/modelRegistryStore.ts';
import { RestClient } from '../../src/store/rest/restClient.ts';
import { RestRegistryStore } from '../../src/store/rest/restRegistryStore.ts';
import { RestTrackingStore } from '../../src/store/rest/restTrackingStore.ts';
import { openSqliteStore } from '../../src/store/sqlite/openSqliteStore.ts';
import type { TrackingStore } from '../../src/store/trackingStore.ts';
import { startMlflowServer, type MlflowServer } from '../support/mlflowServer.ts';
import { startPostgresCluster } from '../support/postgresCluster.ts';
import { repoRoot, runPython, runPythonJson } from '../support/python.ts';
import { AUDIT_MODEL, AUDIT_SOURCE_RUN, auditTrailTags, withAuditModel } from './auditWorkload.ts';
import { WORKLOAD, workloadJson } from './workload.ts';

export interface BackendRules {
  /** SQL stores keep ±inf as ±1.7976931348623157e308; MLflow's FileStore keeps the infinities. */
  clampsInfinity: boolean;
  /** SQL stores sample bulk-interval history by row; the mlruns store by distinct step (as MLflow's). */
  bulkSampling: 'rows' | 'steps';
  /** MLflow's SQL store answers history of an unknown run with nothing; its FileStore with RESOURCE_DOES_NOT_EXIST. */
  missingRunHistory: 'empty' | 'error';
  /** New experiments get `<artifactRoot>/<experiment id>` as their artifact location. */
  artifactRoot: string;
}

export interface Backend {
  name: string;
  readOnly: boolean;
  tracking: TrackingStore;
  registry: ModelRegistryStore;
  rules: BackendRules;
  /** Server log or similar context for failure messages; empty for in-process stores. */
  diagnostics(): string;
  close(): Promise<void>;
}

export type BackendFactory = () => Promise<Backend>;

const tempDir = (label: string) => mkdtempSync(path.join(os.tmpdir(), `runlens-contract-${label}-`));
const SQL_RULES = { clampsInfinity: true, bulkSampling: 'rows', missingRunHistory: 'empty' } as const;

function restStores(baseUrl: string): { tracking: RestTrackingStore; registry: RestRegistryStore } {
  // No retries: a contract failure must show the first answer, not a retried one.
  const client = new RestClient({ baseUrl, timeoutMs: 60_000, maxRetries: 0 });
  return { tracking: new RestTrackingStore(client), registry: new RestRegistryStore(client) };
}

export const sqliteBackend: BackendFactory = async () => {
  const dir = tempDir('sqlite');
  const artifactRoot = path.join(dir, 'artifacts');
  const stores = openSqliteStore(path.join(dir, 'mlflow.db'), { defaultArtifactRoot: artifactRoot });
  return {
    name: 'sqlite', readOnly: false, tracking: stores.tracking, registry: stores.registry,
    rules: { ...SQL_RULES, artifactRoot }, diagnostics: () => '',
    close: async () => {
      stores.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

/** The real mlflow writes the workload (and the audit model with its trail) into mlruns/ with its FileStore; RunLens only reads it. */
export const mlrunsBackend: BackendFactory = async () => {
  const dir = tempDir('mlruns');
  const root = path.join(dir, 'mlruns');
  const spec = path.join(dir, 'workload.json');
  writeFileSync(spec, workloadJson(withAuditModel(WORKLOAD)));
  const env = { MLFLOW_TRACKING_URI: pathToFileURL(root).href };
  const written = await runPythonJson<{ runs: Record<string, string> }>(path.join(repoRoot, 'test', 'contract', 'py', 'write_workload.py'), [spec], env);
  // The trail names the source run, whose id mlflow has just chosen.
  const trail = path.join(dir, 'trail.json');
  writeFileSync(trail, JSON.stringify(auditTrailTags(written.runs[AUDIT_SOURCE_RUN])));
  await runPython(path.join(repoRoot, 'test', 'contract', 'py', 'set_model_tags.py'), [AUDIT_MODEL, trail], env);
  const tracking = new FileTrackingStore(root);
  const registry = new FileRegistryStore(root);
  return {
    name: 'mlruns', readOnly: true, tracking, registry,
    rules: { clampsInfinity: false, bulkSampling: 'steps', missingRunHistory: 'error', artifactRoot: pathToFileURL(root).href }, diagnostics: () => '',
    close: async () => {
      tracking.close();
      registry.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

/** Our own server, in-process, over a sqlite store whose experiments use the artifact proxy. */
export const runlensServerBackend: BackendFactory = async () => {
  const dir = tempDir('runlens-server');
  const stores = openSqliteStore(path.join(dir, 'mlflow.db'), { defaultArtifactRoot: 'mlflow-artifacts:/' });
  const server = await startTrackingServer({
    tracking: stores.tracking, registry: stores.registry, port: 0, artifactsDestination: path.join(dir, 'mlartifacts'), version: 'test',
  });
  return {
    name: 'runlens-server', readOnly: false, ...restStores(server.url),
    rules: { ...SQL_RULES, artifactRoot: 'mlflow-artifacts:' }, diagnostics: () => '',
    close: async () => {
      await server.close();
      stores.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

function mlflowServerBackend(name: string, server: MlflowServer, cleanup: () => Promise<void>): Backend {
  return {
    name, readOnly: false, ...restStores(server.url),
    rules: { ...SQL_RULES, artifactRoot: 'mlflow-artifacts:' }, diagnostics: () => server.log(),
    close: async () => {
      await server.stop();
      await cleanup();
    },
  };
}

/** MLflow's own server (the pinned 3.18.0) over a fresh sqlite database. */
export const mlflowSqliteBackend: BackendFactory = async () => {
  const dir = tempDir('mlflow-sqlite');
  const server = await startMlflowServer({
    backendStoreUri: `sqlite:///${path.join(dir, 'mlflow.db')}`, artifactsDestination: path.join(dir, 'mlartifacts'), cwd: dir,
  }).catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  return mlflowServerBackend('mlflow-sqlite', server, async () => rmSync(dir, { recursive: true, force: true }));
};

/** MLflow's own server over a throwaway PostgreSQL cluster. */
export const mlflowPostgresBackend: BackendFactory = async () => {
  const dir = tempDir('mlflow-postgres');
  const cluster = await startPostgresCluster().catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  const cleanup = async () => {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  // SQLAlchemy 2.1 defaults postgresql:// to psycopg 3; the venv has psycopg2 (as MLflow's docs install).
  const backendStoreUri = cluster.url.replace(/^postgresql:/u, 'postgresql+psycopg2:');
  const server = await startMlflowServer({ backendStoreUri, artifactsDestination: path.join(dir, 'mlartifacts'), cwd: dir })
    .catch(async (error: unknown) => {
      await cleanup();
      throw error;
    });
  return mlflowServerBackend('mlflow-postgres', server, cleanup);
};
