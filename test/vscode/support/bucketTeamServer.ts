// The team setup for the real-VS-Code tests, run beside VS Code under plain Node (the extension
// host cannot load test/support): SeaweedFS's S3 gateway, the real `mlflow server` with
// `--default-artifact-root s3://…`, and one run the real mlflow client logged into the bucket.
// Prints one `READY {json}` line, then keeps both up until its stdin closes.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSeaweedS3 } from '../../support/cloudServers/seaweedS3.ts';
import { startMlflowServer } from '../../support/mlflowServer.ts';
import { repoRoot, runPython } from '../../support/python.ts';

export interface BucketTeamServer {
  trackingUri: string;
  /** What the mlflow client needs to reach the bucket (endpoint, region, keys). */
  s3Env: Record<string, string>;
  experimentName: string;
  runId: string;
  artifactUri: string;
}

const work = mkdtempSync(path.join(os.tmpdir(), 'runlens-bucket-team-'));
const seaweed = await startSeaweedS3();
let stopMlflow: (() => Promise<void>) | undefined;
const stopAll = async () => {
  await stopMlflow?.();
  await seaweed.stop();
  rmSync(work, { recursive: true, force: true });
};
try {
  await seaweed.createBucket('team');
  const mlflow = await startMlflowServer({
    backendStoreUri: `sqlite:///${path.join(work, 'mlflow.db')}`, artifactsDestination: path.join(work, 'mlartifacts'),
    defaultArtifactRoot: seaweed.rootUri('team', 'mlflow-artifacts'), cwd: work,
  });
  stopMlflow = mlflow.stop;
  const experimentName = 'team-bucket';
  const { stdout } = await runPython(path.join(repoRoot, 'test', 'vscode', 'py', 'log_bucket_run.py'), [mlflow.url, experimentName], { ...seaweed.env, PYTHONWARNINGS: 'ignore' }, work);
  const logged = JSON.parse(stdout.trim().split('\n').pop() as string) as { runId: string; artifactUri: string };
  const ready: BucketTeamServer = { trackingUri: mlflow.url, s3Env: seaweed.env, experimentName, ...logged };
  process.stdout.write(`READY ${JSON.stringify(ready)}\n`);
} catch (error) {
  process.stdout.write(`FAILED ${JSON.stringify(String((error as Error).stack ?? error))}\n`);
  await stopAll();
  process.exit(1);
}
process.stdin.resume();
process.stdin.once('end', () => void stopAll().then(() => process.exit(0)));
process.once('SIGTERM', () => void stopAll().then(() => process.exit(0)));
