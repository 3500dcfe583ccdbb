// MLflow's team setup on loopback, as its guides teach it: `mlflow server` (the pinned 3.18.0) on
// PostgreSQL with `--default-artifact-root` in a bucket, so clients write artifacts straight to
// the bucket and the server never proxies them. Each part is real and throwaway.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CloudProvider } from '../../src/store/artifacts/cloud/cloudLocation.ts';
import type { CloudTestServer } from './cloudServers/cloudTestServer.ts';
import { startCloudServer } from './cloudServers/startCloudServer.ts';
import { logTail, startMlflowServer } from './mlflowServer.ts';
import { startPostgresCluster, type PostgresCluster } from './postgresCluster.ts';

export const TEAM_BUCKET = 'runlens-team';
export const TEAM_PREFIX = 'mlflow-artifacts';

export interface TeamServer {
  /** The emulator: its `env` is what both RunLens (cloudEnv) and the mlflow client need. */
  cloud: CloudTestServer;
  /** The mlflow server's URL (MLFLOW_TRACKING_URI). */
  trackingUrl: string;
  /** `--default-artifact-root`: every new experiment's artifact location is below it. */
  artifactRoot: string;
  /** The mlflow server's, PostgreSQL's and the emulator's logs, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export async function startTeamServer(provider: CloudProvider): Promise<TeamServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `runlens-team-${provider}-`));
  const started: { cloud?: CloudTestServer; cluster?: PostgresCluster } = {};
  const cleanup = async () => {
    await Promise.all([started.cloud?.stop(), started.cluster?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // The cluster and the emulator start side by side: neither needs the other.
    const [cloud, cluster] = await Promise.all([
      startCloudServer(provider).then((server) => (started.cloud = server)),
      startPostgresCluster().then((server) => (started.cluster = server)),
    ]);
    await cloud.createBucket(TEAM_BUCKET);
    const artifactRoot = cloud.rootUri(TEAM_BUCKET, TEAM_PREFIX);
    // SQLAlchemy 2.1 defaults postgresql:// to psycopg 3; the venv has psycopg2, as MLflow's docs install.
    const backendStoreUri = cluster.url.replace(/^postgresql:/u, 'postgresql+psycopg2:');
    const mlflow = await startMlflowServer({ backendStoreUri, defaultArtifactRoot: artifactRoot, env: cloud.env, cwd: dir });
    return {
      cloud,
      trackingUrl: mlflow.url,
      artifactRoot,
      log: () => [
        `mlflow server:\n${logTail(mlflow.log())}`, `postgres:\n${logTail(cluster.log(), 2000)}`, `${provider} emulator:\n${logTail(cloud.log(), 2000)}`,
      ].join('\n'),
      async stop() {
        await mlflow.stop();
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
