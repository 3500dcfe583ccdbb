// MLflow's team setup end to end, per provider: `mlflow server` 3.18.0 on PostgreSQL with
// `--default-artifact-root` in a bucket of a real emulator; the real mlflow client logs a
// sklearn model, a PNG, a log_dict JSON, a folder and a registered version straight to the bucket.
// RunLens, connected only to the server URL (and the bucket's variables), must list, read and
// download every object byte-identical to what the vendor SDK reads, resolve runs:/ and
// models:/ into the bucket, and find the model for Register Model.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Run } from '../../src/shared/entities.ts';
import type { ArtifactRepository } from '../../src/store/artifacts/artifactRepository.ts';
import type { CloudProvider } from '../../src/store/artifacts/cloud/cloudLocation.ts';
import { resolveModelUri } from '../../src/store/artifacts/modelUris.ts';
import { openStore, type OpenedStore } from '../../src/store/openStore.ts';
import { isWritable } from '../../src/store/artifacts/artifactRepository.ts';
import { RemoteRunFiles } from '../../src/vscode/launch/remoteRunFiles.ts';
import { chooseCandidate, findRunModels } from '../../src/vscode/models/findRunModels.ts';
import { logTail } from '../support/mlflowServer.ts';
import { repoRoot, runPythonJson } from '../support/python.ts';
import { startTeamServer, type TeamServer } from '../support/teamServer.ts';

// Each provider registered in test/support/cloudServers/startCloudServer.ts belongs here.
const PROVIDERS: CloudProvider[] = ['s3', 'gcs', 'azure'];

type Objects = Record<string, { sha256: string; size: number }>;

interface Logged {
  runId: string;
  experimentId: string;
  runRoot: string;
  modelId: string;
  modelRoot: string;
  registeredName: string;
  version: string;
  versionSource: string;
  downloadUri: string;
  runObjects: Objects;
  modelObjects: Objects;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Every file under the repository's root, walked folder by folder over all pages. */
async function filesOf(repository: ArtifactRepository): Promise<Record<string, number | undefined>> {
  const files: Record<string, number | undefined> = {};
  const folders = [''];
  while (folders.length > 0) {
    const folder = folders.shift() as string;
    let token: string | undefined;
    do {
      const page = await repository.list(folder, token);
      for (const entry of page.items) {
        if (entry.isDir) folders.push(entry.path);
        else files[entry.path] = entry.fileSize;
      }
      token = page.nextPageToken;
    } while (token);
  }
  return files;
}

/** Lists, downloads and reads everything the vendor SDK saw, and nothing else. */
async function assertSameObjects(repository: ArtifactRepository, expected: Objects): Promise<void> {
  assert.ok(Object.keys(expected).length > 0, 'the vendor SDK saw objects');
  const sizes = Object.fromEntries(Object.entries(expected).map(([key, { size }]) => [key, size]));
  assert.deepEqual(await filesOf(repository), sizes);
  for (const [key, { sha256: hash, size }] of Object.entries(expected)) {
    const progress: number[] = [];
    const file = await repository.download(key, { onProgress: (bytes) => progress.push(bytes) });
    try {
      assert.equal(sha256(readFileSync(file)), hash, key);
      assert.equal(progress.at(-1) ?? 0, size, key);
    } finally {
      rmSync(path.dirname(file), { recursive: true, force: true });
    }
    assert.equal(sha256(await repository.read(key, { maxBytes: 64 * 1024 * 1024 })), hash, key);
  }
}

for (const provider of PROVIDERS) {
  describe(`the team setup on ${provider}: mlflow server on PostgreSQL, artifacts straight to the bucket`, () => {
    let team: TeamServer;
    let dir: string;
    let logged: Logged;
    let store: OpenedStore;
    let run: Run;

    before(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), `runlens-team-setup-${provider}-`));
      team = await startTeamServer(provider);
      try {
        logged = await runPythonJson<Logged>(
          path.join(repoRoot, 'test', 'conformance', 'py', 'team_log.py'), [], { MLFLOW_TRACKING_URI: team.trackingUrl, MPLBACKEND: 'Agg', ...team.cloud.env }, dir,
        );
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${team.log()}`);
      }
      // What a laptop has: the server's URL, and the bucket's variables (as the mlflow client needs them too).
      store = await openStore(team.trackingUrl, dir, { cloudEnv: { ...process.env, ...team.cloud.env } });
      run = await store.tracking.getRun(logged.runId);
    });
    after(async () => {
      store?.close();
      await team?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    /** Adds the servers' logs to a failure. */
    const it = (name: string, body: () => Promise<void>) => test(name, async () => {
      try {
        await body();
      } catch (error) {
        if (error instanceof Error && team) error.message += `\n--- team server logs ---\n${logTail(team.log(), 4000)}`;
        throw error;
      }
    });

    it('the run and the logged model live in the bucket, under the server\'s default artifact root', async () => {
      assert.equal(run.info.artifactUri, logged.runRoot);
      assert.ok(logged.runRoot.startsWith(`${team.artifactRoot}/${logged.experimentId}/`), logged.runRoot);
      const model = await store.tracking.getLoggedModel(logged.modelId);
      assert.equal(model.artifactUri, logged.modelRoot);
      assert.ok(logged.modelRoot.startsWith(`${team.artifactRoot}/${logged.experimentId}/models/${logged.modelId}`), logged.modelRoot);
    });

    it('the run\'s artifacts (PNG, log_dict JSON, folder) list, download and read byte-identical to the vendor SDK', async () => {
      assert.ok(['plots/loss.png', 'metadata.json', 'data/notes.txt', 'data/nested/table.csv'].every((key) => key in logged.runObjects), Object.keys(logged.runObjects).join(', '));
      const repository = store.artifacts(run.info.artifactUri);
      await assertSameObjects(repository, logged.runObjects);
      assert.deepEqual(JSON.parse((await repository.read('metadata.json')).toString()), { team: 'setup', classes: 3 });
      assert.deepEqual([...(await repository.read('plots/loss.png')).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    });

    it('the logged model\'s files list, download and read byte-identical to the vendor SDK', async () => {
      assert.ok('MLmodel' in logged.modelObjects);
      await assertSameObjects(store.artifacts(logged.modelRoot), logged.modelObjects);
    });

    it('runs:/<id>/model and models:/<name>/1 resolve into the bucket and open', async () => {
      const stores = { tracking: store.tracking, registry: store.registry, artifacts: { cloudEnv: { ...process.env, ...team.cloud.env } } };
      const viaRun = await resolveModelUri(`runs:/${logged.runId}/model`, stores);
      assert.equal(viaRun, logged.modelRoot);
      const viaRegistry = await resolveModelUri(`models:/${logged.registeredName}/${logged.version}`, stores);
      assert.equal(viaRegistry, logged.downloadUri);
      assert.equal(logged.versionSource, `models:/${logged.modelId}`);
      for (const uri of [viaRun, viaRegistry]) {
        assert.equal(sha256(await store.artifacts(uri).read('MLmodel')), logged.modelObjects.MLmodel.sha256, uri);
      }
      const file = await resolveModelUri(`models:/${logged.registeredName}/${logged.version}/MLmodel`, stores);
      assert.equal(file, `${logged.modelRoot}/MLmodel`);
    });

    it('Register Model finds the sklearn model (and nothing else) in the run', async () => {
      const candidates = await findRunModels(run, store.tracking, store.artifacts(run.info.artifactUri));
      assert.deepEqual(candidates.map((c) => [c.kind, c.label, c.modelUri]), [['loggedModel', 'model', `models:/${logged.modelId}`]]);
      assert.equal(chooseCandidate(candidates, logged.modelId)?.source, logged.versionSource);
    });

    it('a launch\'s code diff and console log (as Run with Tracking writes them) land in the bucket, and the real client downloads them', async () => {
      const launched = await store.tracking.createRun({ experimentId: logged.experimentId, runName: 'launched', startTime: Date.now(), tags: [] });
      assert.ok(launched.info.artifactUri.startsWith(`${team.artifactRoot}/${logged.experimentId}/`), launched.info.artifactUri);
      const repository = store.artifacts(launched.info.artifactUri);
      assert.ok(isWritable(repository));
      const errors: string[] = [];
      const files = await RemoteRunFiles.open({ repository, logPath: 'logs/stdout.log', onError: (message) => errors.push(message) });
      const diff = 'diff --git a/train.py b/train.py\n-lr = 0.1\n+lr = 0.01\n';
      assert.equal(await files.uploadText('code/uncommitted.diff', diff), true);
      files.write('epoch 1 loss 0.9\n');
      files.write('epoch 2 loss 0.5\n');
      await files.finish();
      assert.deepEqual(errors, []);
      const downloaded = await runPythonJson<Record<string, string>>(
        path.join(repoRoot, 'test', 'conformance', 'py', 'team_download.py'), [launched.info.runId, 'logs/stdout.log', 'code/uncommitted.diff'],
        { MLFLOW_TRACKING_URI: team.trackingUrl, ...team.cloud.env }, dir,
      );
      assert.deepEqual(downloaded, { 'logs/stdout.log': 'epoch 1 loss 0.9\nepoch 2 loss 0.5\n', 'code/uncommitted.diff': diff });
    });
  });
}
