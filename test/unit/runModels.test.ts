// The Experiments view's logged models: on a store the real mlflow wrote (log_model, autolog-style
// several runs, a deleted model, a registered version), one search per experiment finds every
// run's models; flavors and registered versions read as mlflow wrote them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Run } from '../../src/shared/entities.ts';
import { artifactRepositoryFor } from '../../src/store/artifacts/artifactRepositoryFor.ts';
import { openSqliteStore, type SqliteStores } from '../../src/store/sqlite/openSqliteStore.ts';
import type { TrackingStore } from '../../src/store/trackingStore.ts';
import { loggedModelDescription, loggedModelsByRun, mlmodelFlavors, registeredVersions, runHasModel } from '../../src/vscode/experiments/runModels.ts';
import { runPythonJson } from '../support/python.ts';

const MAKE_STORE = `
import json, os, sys, warnings
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
experiment_id = mlflow.set_experiment("models-in-tree").experiment_id
with_models = []
for index in range(3):
    with mlflow.start_run() as run:
        logged = mlflow.sklearn.log_model(estimator, name=f"clf-{index}")
        with_models.append({"runId": run.info.run_id, "modelId": logged.model_id})
with mlflow.start_run() as plain:
    mlflow.log_metric("loss", 0.5)
with mlflow.start_run() as dropped_run:
    dropped = mlflow.sklearn.log_model(estimator, name="dropped")
client.delete_logged_model(dropped.model_id)
mlflow.register_model(f"models:/{with_models[0]['modelId']}", "tree-model")
print(json.dumps({"experimentId": experiment_id, "withModels": with_models, "plainRunId": plain.info.run_id, "droppedRunId": dropped_run.info.run_id}))
`;

interface Made {
  experimentId: string;
  withModels: { runId: string; modelId: string }[];
  plainRunId: string;
  droppedRunId: string;
}

describe('logged models in the Experiments view, on a store mlflow wrote', () => {
  let dir: string;
  let stores: SqliteStores;
  let made: Made;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runlens-run-models-'));
    const script = path.join(dir, 'make_store.py');
    fs.writeFileSync(script, MAKE_STORE);
    made = await runPythonJson<Made>(script, [dir], { PYTHONWARNINGS: 'ignore' }, dir);
    stores = openSqliteStore(path.join(dir, 'mlflow.db'));
  });

  after(() => {
    stores?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('one search per experiment finds each run\'s live models, not one query per run', async () => {
    let searches = 0;
    const counting = new Proxy(stores.tracking, {
      get(target, key, receiver) {
        if (key === 'searchLoggedModels') searches += 1;
        return Reflect.get(target, key, receiver) as unknown;
      },
    }) as TrackingStore;
    const byRun = await loggedModelsByRun(counting, made.experimentId);
    assert.equal(searches, 1);
    for (const { runId, modelId } of made.withModels) assert.deepEqual(byRun.get(runId)?.map((m) => m.modelId), [modelId]);
    assert.equal(byRun.has(made.plainRunId), false);
    assert.equal(byRun.has(made.droppedRunId), false, 'a deleted logged model is not shown');
  });

  test('pages through an experiment with more models than one page', async () => {
    const pageOfOne: TrackingStore = Object.create(stores.tracking, {
      searchLoggedModels: { value: (query: Parameters<TrackingStore['searchLoggedModels']>[0]) => stores.tracking.searchLoggedModels({ ...query, maxResults: 1 }) },
    }) as TrackingStore;
    const byRun = await loggedModelsByRun(pageOfOne, made.experimentId);
    assert.equal(byRun.size, made.withModels.length);
  });

  test('a run with models is told apart from one without (what the Register Model button follows)', async () => {
    const byRun = await loggedModelsByRun(stores.tracking, made.experimentId);
    const withModel: Run = await stores.tracking.getRun(made.withModels[0].runId);
    const plain: Run = await stores.tracking.getRun(made.plainRunId);
    assert.equal(runHasModel(withModel, byRun.get(withModel.info.runId)), true);
    assert.equal(runHasModel(plain, byRun.get(plain.info.runId)), false);
    const mlflow2Run: Run = { ...plain, data: { ...plain.data, tags: [...plain.data.tags, { key: 'mlflow.log-model.history', value: '[]' }] } };
    assert.equal(runHasModel(mlflow2Run, undefined), true, "MLflow 2's history tag marks a run with an MLmodel folder");
  });

  test('the registered version and the MLmodel flavors read as mlflow wrote them', async () => {
    const model = await stores.tracking.getLoggedModel(made.withModels[0].modelId);
    assert.deepEqual(registeredVersions(model), [{ name: 'tree-model', version: '1' }]);
    const mlmodel = (await artifactRepositoryFor(model.artifactUri).read('MLmodel')).toString('utf8');
    const flavors = mlmodelFlavors(mlmodel);
    assert.deepEqual([...flavors].sort(), ['python_function', 'sklearn']);
    assert.equal(loggedModelDescription(model, flavors), 'sklearn · tree-model v1');
    const unregistered = await stores.tracking.getLoggedModel(made.withModels[1].modelId);
    assert.equal(loggedModelDescription(unregistered, undefined), '');
  });
});

describe('logged model labels', () => {
  test('flavors are the keys right under the top-level flavors only', () => {
    const text = 'artifact_path: x\nflavors:\n  python_function:\n    env:\n      conda: conda.yaml\n    loader_module: mlflow.sklearn\n  sklearn:\n    code: null\nmlflow_version: 3.18.0\nsignature:\n  inputs: x\n';
    assert.deepEqual(mlmodelFlavors(text), ['python_function', 'sklearn']);
    assert.deepEqual(mlmodelFlavors('artifact_path: x\n'), []);
  });

  test('a malformed modelVersions tag shows no versions rather than failing', () => {
    const base = { modelId: 'm-1', experimentId: '1', name: 'm', artifactUri: '', creationTimestampMs: 0, lastUpdatedTimestampMs: 0, status: 'LOGGED_MODEL_READY' as const, lifecycleStage: 'active' as const, params: [], metrics: [] };
    assert.deepEqual(registeredVersions({ ...base, tags: [{ key: 'mlflow.modelVersions', value: 'not json' }] }), []);
    assert.deepEqual(registeredVersions({ ...base, tags: [{ key: 'mlflow.modelVersions', value: '[{"name": "a", "version": 2}, {"bogus": 1}]' }] }), [{ name: 'a', version: '2' }]);
  });
});
