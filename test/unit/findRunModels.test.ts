// Register Model's model finder: on a run the real mlflow wrote (MLmodel folders logged with
// log_artifacts, a logged model from log_model), every candidate's source must be the source mlflow
// records when it registers the same model; the search bounds and fallbacks on in-memory fakes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { LoggedModel, Run } from '../../src/shared/entities.ts';
import { MlflowError } from '../../src/shared/errors.ts';
import type { ArtifactEntry, ArtifactRepository } from '../../src/store/artifacts/artifactRepository.ts';
import { artifactRepositoryFor } from '../../src/store/artifacts/artifactRepositoryFor.ts';
import { openSqliteStore, type SqliteStores } from '../../src/store/sqlite/openSqliteStore.ts';
import type { SearchLoggedModelsQuery, TrackingStore } from '../../src/store/trackingStore.ts';
import { chooseCandidate, findMlmodelFolders, findRunLoggedModels, findRunModels } from '../../src/vscode/models/findRunModels.ts';
import { runPythonJson } from '../support/python.ts';

// Writes the store with mlflow, then registers the models with mlflow.register_model and reports
// the source and run id each version got.
const MAKE_STORE = `
import json, os, sys, tempfile, warnings
warnings.filterwarnings("ignore")
import mlflow
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

folder = sys.argv[1]
os.chdir(folder)
mlflow.set_tracking_uri("sqlite:///" + os.path.join(folder, "mlflow.db"))
client = mlflow.MlflowClient()
X, y = load_iris(return_X_y=True)
estimator = LogisticRegression(max_iter=200).fit(X, y)
saved = os.path.join(tempfile.mkdtemp(), "saved")
mlflow.sklearn.save_model(estimator, saved)
plain = tempfile.mkdtemp()
with open(os.path.join(plain, "notes.txt"), "w") as f:
    f.write("not a model")
mlflow.set_experiment("finder")
with mlflow.start_run() as run:
    mlflow.log_artifacts(saved, artifact_path="model")
    mlflow.log_artifacts(saved, artifact_path="nested/deep/clf")
    mlflow.log_artifacts(saved, artifact_path="a/b/c/d/too-deep")
    mlflow.log_artifacts(plain, artifact_path="plots")
    logged = mlflow.sklearn.log_model(estimator, name="iris-logged")
    dropped = mlflow.sklearn.log_model(estimator, name="dropped")
client.delete_logged_model(dropped.model_id)
with mlflow.start_run() as other:
    other_model = mlflow.sklearn.log_model(estimator, name="elsewhere")
registered = {}
for uri in [f"runs:/{run.info.run_id}/model", f"runs:/{run.info.run_id}/nested/deep/clf", f"runs:/{run.info.run_id}/a/b/c/d/too-deep", logged.model_uri]:
    version = mlflow.register_model(uri, "finder-model")
    registered[uri] = {"source": version.source, "runId": version.run_id}
print(json.dumps({"runId": run.info.run_id, "loggedModelId": logged.model_id, "registered": registered}))
`;

interface Made {
  runId: string;
  loggedModelId: string;
  registered: Record<string, { source: string; runId: string }>;
}

describe('findRunModels on a run mlflow wrote', () => {
  let dir: string;
  let stores: SqliteStores;
  let made: Made;
  let run: Run;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runlens-find-models-'));
    const script = path.join(dir, 'make_store.py');
    fs.writeFileSync(script, MAKE_STORE);
    made = await runPythonJson<Made>(script, [dir], { PYTHONWARNINGS: 'ignore' }, dir);
    stores = openSqliteStore(path.join(dir, 'mlflow.db'));
    run = await stores.tracking.getRun(made.runId);
  });

  after(() => {
    stores?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('finds the MLmodel folders within the depth bound and the run\'s live logged models', async () => {
    const candidates = await findRunModels(run, stores.tracking, artifactRepositoryFor(run.info.artifactUri));
    assert.deepEqual(candidates.map((c) => [c.kind, c.label]), [
      ['artifact', 'model'],
      ['artifact', 'nested/deep/clf'],
      ['loggedModel', 'iris-logged'],
    ]);
  });

  test('each candidate records the source and run id mlflow.register_model records', async () => {
    const candidates = await findRunModels(run, stores.tracking, artifactRepositoryFor(run.info.artifactUri));
    for (const candidate of candidates) {
      const expected = made.registered[candidate.modelUri];
      assert.ok(expected, `mlflow did not register ${candidate.modelUri}`);
      assert.equal(candidate.source, expected.source, candidate.modelUri);
      assert.equal(candidate.runId, expected.runId, candidate.modelUri);
    }
    assert.equal(candidates.find((c) => c.kind === 'loggedModel')?.modelId, made.loggedModelId);
  });

  test('a deeper bound reaches the deeper folder, with the source mlflow records for it', async () => {
    const candidates = await findRunModels(run, stores.tracking, artifactRepositoryFor(run.info.artifactUri), { maxDepth: 5 });
    const deep = candidates.find((c) => c.artifactPath === 'a/b/c/d/too-deep');
    assert.ok(deep);
    assert.equal(deep.source, made.registered[deep.modelUri]?.source);
  });

  test('chooseCandidate accepts the model URI, the source, the path or the model id', async () => {
    const candidates = await findRunModels(run, stores.tracking, artifactRepositoryFor(run.info.artifactUri));
    const model = candidates[0];
    assert.equal(chooseCandidate(candidates, `runs:/${made.runId}/model`), model);
    assert.equal(chooseCandidate(candidates, `runs:/${made.runId}/model/`), model);
    assert.equal(chooseCandidate(candidates, model.source), model);
    assert.equal(chooseCandidate(candidates, 'model'), model);
    assert.equal(chooseCandidate(candidates, made.loggedModelId)?.label, 'iris-logged');
    assert.equal(chooseCandidate(candidates, `models:/${made.loggedModelId}`)?.label, 'iris-logged');
    assert.equal(chooseCandidate(candidates, 'plots'), undefined);
  });
});

/** A repository over an in-memory list of file paths, in pages of `pageSize`, counting listings. */
function fakeRepository(files: string[], pageSize = 2): ArtifactRepository & { listed: string[] } {
  const listed: string[] = [];
  return {
    rootUri: 'memory:/',
    listed,
    async list(folder = '', pageToken?: string) {
      listed.push(folder);
      const prefix = folder ? `${folder}/` : '';
      const names = new Map<string, boolean>();
      for (const file of files.filter((f) => f.startsWith(prefix))) {
        const [first, ...rest] = file.slice(prefix.length).split('/');
        names.set(first, (names.get(first) ?? false) || rest.length > 0);
      }
      const entries: ArtifactEntry[] = [...names].sort().map(([name, isDir]) => ({ path: prefix + name, isDir }));
      const offset = Number(pageToken ?? 0);
      const next = offset + pageSize < entries.length ? String(offset + pageSize) : undefined;
      return { items: entries.slice(offset, offset + pageSize), nextPageToken: next };
    },
    async download() {
      throw new Error('not used');
    },
    async read() {
      throw new Error('not used');
    },
  };
}

describe('findMlmodelFolders bounds', () => {
  const files = ['a.txt', 'b.txt', 'm1/MLmodel', 'm1/data/model.pkl', 'x/y/MLmodel', 'x/y/sub/MLmodel', 'l1/l2/l3/l4/MLmodel', 'l1/l2/l3/l4/l5/MLmodel', 'MLmodelnot/file'];

  test('follows every page, does not search inside a model folder, and stops at the depth bound', async () => {
    const repo = fakeRepository(files);
    assert.deepEqual(await findMlmodelFolders(repo), ['l1/l2/l3/l4', 'm1', 'x/y']);
    assert.ok(!repo.listed.includes('m1/data'), 'a model folder is not searched further');
    assert.deepEqual(await findMlmodelFolders(fakeRepository(files), { maxDepth: 1 }), ['m1']);
  });

  test('an artifact root that is itself a model folder is found as the root', async () => {
    assert.deepEqual(await findMlmodelFolders(fakeRepository(['MLmodel', 'model.pkl', 'inner/MLmodel'])), ['']);
  });

  test('stops listing once the entry budget is spent', async () => {
    const repo = fakeRepository(files);
    await findMlmodelFolders(repo, { maxEntries: 3 });
    assert.ok(repo.listed.length <= 2, `listed ${repo.listed.join(', ')}`);
  });
});

describe('findRunLoggedModels', () => {
  const run = { info: { runId: 'abc123', experimentId: '7' } } as Run;
  const model = (modelId: string, sourceRunId: string | undefined, lifecycleStage: 'active' | 'deleted' = 'active') =>
    ({ modelId, name: modelId, sourceRunId, lifecycleStage }) as LoggedModel;

  test('falls back to listing the experiment when the store refuses the source_run_id filter', async () => {
    const queries: SearchLoggedModelsQuery[] = [];
    const tracking = {
      async searchLoggedModels(query: SearchLoggedModelsQuery) {
        queries.push(query);
        if (query.filter) throw MlflowError.invalidParameter('Invalid attribute key source_run_id');
        return { items: [model('m-1', 'abc123'), model('m-2', 'other'), model('m-3', 'abc123', 'deleted')] };
      },
    } as unknown as TrackingStore;
    assert.deepEqual((await findRunLoggedModels(run, tracking)).map((m) => m.modelId), ['m-1']);
    assert.deepEqual(queries.map((q) => [q.experimentIds, q.filter]), [[['7'], "source_run_id = 'abc123'"], [['7'], undefined]]);
  });

  test('other errors reach the caller', async () => {
    const tracking = { searchLoggedModels: async () => { throw MlflowError.notFound('gone'); } } as unknown as TrackingStore;
    await assert.rejects(findRunLoggedModels(run, tracking), /gone/u);
  });
});
