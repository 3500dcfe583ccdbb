// Compare Model Versions and Copy Load Snippet, their pure parts: where a version's files are
// (checked on a store the real mlflow wrote and registered into), which files are diffed and how
// they are titled, the summaries with their audit trail, the document URIs, and the snippet.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ModelVersion, Tag } from '../../src/shared/entities.ts';
import { artifactRepositoryFor } from '../../src/store/artifacts/artifactRepositoryFor.ts';
import { encodeAuditEvent, type AuditEvent } from '../../src/store/audit/auditEvent.ts';
import { openSqliteStore, type SqliteStores } from '../../src/store/sqlite/openSqliteStore.ts';
import { itemCommandArgs } from '../../src/vscode/commandArgs.ts';
import { loadSnippet, mlmodelFlavors, nativeLoaderModule } from '../../src/vscode/models/loadSnippet.ts';
import { findModelFolder, modelFolderLocation, pathWithinRoot } from '../../src/vscode/models/modelFolder.ts';
import { isModelVersionNode, type ModelVersionNode } from '../../src/vscode/models/modelNodes.ts';
import { COMPARED_FILES, diffTitle, filesToCompare, orderedPair, otherVersionChoices, sourceRunsToCompare } from '../../src/vscode/models/versionComparison.ts';
import { parseVersionDocumentPath, versionDocumentPath } from '../../src/vscode/models/versionDocuments.ts';
import { describeAuditEvent, versionSummaryText } from '../../src/vscode/models/versionSummary.ts';
import { runPythonJson } from '../support/python.ts';

function version(v: string, extra: Partial<ModelVersion> = {}): ModelVersion {
  return { name: 'iris', version: v, currentStage: 'None', status: 'READY', tags: [], aliases: [], ...extra };
}

const node = (v: ModelVersion, aliases: string[] = []): ModelVersionNode => ({ kind: 'modelVersion', version: v, aliases });
const tag = (n: number, event: AuditEvent): Tag => ({ key: `runlens.audit.${String(event.time).padStart(13, '0')}.${n}`, value: encodeAuditEvent(event) });

describe('where a version\'s model files are', () => {
  const root = '/work/store/mlruns/1/abc/artifacts';

  test('a source inside its run\'s artifacts is that run folder, whatever file: spelling either side uses', () => {
    assert.equal(pathWithinRoot(root, `${root}/model`), 'model');
    assert.equal(pathWithinRoot(`file://${root}/`, `${root}/nested/clf/`), 'nested/clf');
    assert.equal(pathWithinRoot(root, `file:///work/store/mlruns/1/abc/artifacts/model`), 'model');
    assert.equal(pathWithinRoot(root, root), '');
    assert.equal(pathWithinRoot(root, `${root}-other/model`), undefined, 'a sibling folder sharing the prefix is not inside');
    assert.equal(pathWithinRoot('mlflow-artifacts:/1/abc/artifacts', 'mlflow-artifacts:/1/abc/artifacts/model'), 'model');
    assert.deepEqual(modelFolderLocation(version('1', { runId: 'abc', source: `${root}/model` }), { runArtifactUri: root }), { owner: 'runs', id: 'abc', path: 'model' });
  });

  test('a logged model\'s versions are the model\'s folder; runs:/ sources name the run folder', () => {
    assert.deepEqual(modelFolderLocation(version('2', { runId: 'abc', source: 'models:/m-123' }), { runArtifactUri: root }), { owner: 'models', id: 'm-123', path: '' });
    assert.deepEqual(modelFolderLocation(version('3', { modelId: 'm-9', source: 's3://b/x' }), {}), { owner: 'models', id: 'm-9', path: '' });
    assert.deepEqual(modelFolderLocation(version('4', { runId: 'abc', source: 'runs:/abc/model' }), {}), { owner: 'runs', id: 'abc', path: 'model' });
  });

  test('a source outside the run\'s artifacts, or without a run, has no folder to read', () => {
    assert.equal(modelFolderLocation(version('5', { runId: 'abc', source: '/elsewhere/model' }), { runArtifactUri: root }), undefined);
    assert.equal(modelFolderLocation(version('6', { source: `${root}/model` }), { runArtifactUri: root }), undefined);
    assert.equal(modelFolderLocation(version('7', { runId: 'abc', source: 'runs:/../x' }), {}), undefined);
  });
});

describe('what is compared', () => {
  test('versions of one model read older ↔ newer; the titles name both and the file', () => {
    const [a, b] = [node(version('2')), node(version('10'))];
    assert.deepEqual(orderedPair(b, a), [a, b], 'by number, not as text');
    assert.equal(diffTitle({ name: 'iris-model', version: '1' }, { name: 'iris-model', version: '2' }, 'requirements.txt'), 'iris-model v1 ↔ v2: requirements.txt');
    assert.equal(diffTitle({ name: 'a', version: '1' }, { name: 'b', version: '3' }, 'MLmodel'), 'a v1 ↔ b v3: MLmodel');
  });

  test('a file either side has is diffed, in a fixed order; other files are not', () => {
    const left = new Set(['MLmodel', 'requirements.txt', 'conda.yaml', 'python_env.yaml', 'model.pkl']);
    const right = new Set(['MLmodel', 'requirements.txt', 'input_example.json', 'serving_input_example.json']);
    assert.deepEqual(filesToCompare(right, left), [
      { file: 'MLmodel', left: true, right: true },
      { file: 'requirements.txt', left: true, right: true },
      { file: 'conda.yaml', left: false, right: true },
      { file: 'python_env.yaml', left: false, right: true },
      { file: 'input_example.json', left: true, right: false },
    ]);
    assert.deepEqual(filesToCompare(undefined, new Set(['MLmodel'])), [{ file: 'MLmodel', left: false, right: true }]);
    assert.deepEqual(COMPARED_FILES, ['MLmodel', 'requirements.txt', 'conda.yaml', 'python_env.yaml', 'input_example.json']);
  });

  test('Compare Runs gets two different source runs, and says why not otherwise', () => {
    assert.deepEqual(sourceRunsToCompare(version('1', { runId: 'r1' }), version('2', { runId: 'r2' })), { runIds: ['r1', 'r2'] });
    const same = sourceRunsToCompare(version('1', { runId: 'r1' }), version('2', { runId: 'r1' }));
    assert.deepEqual(same.runIds, ['r1']);
    assert.match(same.note ?? '', /Both versions come from run r1/u);
    const none = sourceRunsToCompare(version('1'), version('2', { runId: 'r2' }));
    assert.deepEqual(none.runIds, ['r2']);
    assert.match(none.note ?? '', /iris version 1 has no source run/u);
  });

  test('the other versions are offered newest first with stage and aliases, never the version itself', () => {
    const versions = [version('1', { currentStage: 'Production' }), version('3'), version('2', { currentStage: 'Staging' })];
    const choices = otherVersionChoices(versions, '2', (v) => (v === '1' ? ['champion'] : []));
    assert.deepEqual(choices, [
      { label: 'Version 3', description: '', version: '3' },
      { label: 'Version 1', description: 'Production · @champion', version: '1' },
    ]);
  });

  test('two selected version rows stay two targets (rows are told apart by model and number)', () => {
    const [one, two] = [node(version('1')), node(version('2'))];
    assert.deepEqual(itemCommandArgs([two, [one, two]], isModelVersionNode).targets, [one, two]);
    assert.deepEqual(itemCommandArgs([], isModelVersionNode, [one, node(version('1')), two]).targets, [one, two]);
  });
});

describe('the version summaries', () => {
  const created = Date.UTC(2026, 0, 15, 9, 0, 0);
  const events: AuditEvent[] = [
    { time: created + 60_000, user: 'alice', action: 'stage', version: '1', from: 'None', to: 'Production', reason: 'beats v0 on recall' },
    { time: created + 120_000, user: 'bob', action: 'alias-set', item: 'champion', to: '1' },
    { time: created + 180_000, user: 'bob', action: 'alias-set', item: 'champion', from: '1', to: '2', reason: 'retrained' },
    { time: created + 200_000, user: 'carol', action: 'version-tag-set', version: '2', item: 'validated', to: 'yes' },
  ];
  const model = { tags: events.map((e, i) => tag(i, e)) };

  test('fields line up, then the version\'s timeline with alias moves to and from it, with users and reasons', () => {
    const v1 = version('1', { currentStage: 'Production', runId: 'r1', source: '/m/model', creationTimestamp: created, userId: 'alice', description: 'first\nmodel' });
    assert.equal(versionSummaryText(model, v1, [], { runName: 'forest-run' }), [
      'iris version 1',
      '',
      'stage:       Production',
      'aliases:     none',
      'status:      READY',
      'source:      /m/model',
      'source run:  forest-run (r1)',
      'registered:  2026-01-15 09:00:00 UTC by alice',
      'description: first model',
      '',
      'timeline:',
      '  2026-01-15 09:00:00 UTC  created from run r1 by alice',
      '  2026-01-15 09:01:00 UTC  stage None → Production by alice — "beats v0 on recall"',
      '  2026-01-15 09:02:00 UTC  @champion set by bob',
      '  2026-01-15 09:03:00 UTC  @champion moved to version 2 by bob — "retrained"',
      '',
    ].join('\n'));
    const v2 = versionSummaryText(model, version('2', { creationTimestamp: created }), ['champion']);
    assert.match(v2, /aliases: {5}@champion\n/u);
    assert.match(v2, /09:03:00 UTC {2}@champion set \(moved from version 1\) by bob — "retrained"\n/u);
    assert.match(v2, /09:03:20 UTC {2}tag validated = "yes" by carol\n/u);
    assert.doesNotMatch(v2, /Production/u, 'version 1\'s own events stay out');
  });

  test('events without a user or reason read plainly', () => {
    assert.equal(describeAuditEvent({ time: created, user: '', action: 'version-deleted', version: '3' }), '2026-01-15 09:00:00 UTC  deleted');
  });

  test('document paths carry any model name and read back; other paths are refused', () => {
    for (const doc of [
      { kind: 'summary', name: 'team/iris model', version: '12' } as const,
      { kind: 'missing', name: 'iris%2F', version: '1', file: 'input_example.json' } as const,
    ]) assert.deepEqual(parseVersionDocumentPath(versionDocumentPath(doc)), doc);
    assert.equal(versionDocumentPath({ kind: 'missing', name: 'iris', version: '1', file: 'MLmodel' }), '/iris/1/missing/MLmodel');
    for (const bad of ['/iris/1', '/iris/1/other.txt', 'iris/1/summary.txt', '/iris/1/missing', '/%E0%A4%A/1/summary.txt']) assert.equal(parseVersionDocumentPath(bad), undefined, bad);
  });
});

describe('the load snippet', () => {
  const mlmodel = [
    'artifact_path: model',
    'flavors:',
    '  python_function:',
    '    env:',
    '      conda: conda.yaml',
    '    loader_module: mlflow.sklearn',
    '  sklearn:',
    '    pickled_model: model.pkl',
    '    sklearn_version: 1.5.2',
    'mlflow_version: 3.18.0',
    '',
  ].join('\n');

  test('reads the flavors of an MLmodel; anything else has none', () => {
    assert.deepEqual(mlmodelFlavors(mlmodel), ['python_function', 'sklearn']);
    assert.deepEqual(mlmodelFlavors('flavors: [a, b]\n'), []);
    assert.deepEqual(mlmodelFlavors('{ not yaml'), []);
    assert.deepEqual(mlmodelFlavors(''), []);
  });

  test('pyfunc always; the first native flavor\'s own loader as live code, further ones as comments', () => {
    assert.equal(loadSnippet('models:/iris-model@champion', mlmodelFlavors(mlmodel)), [
      'import mlflow',
      '',
      'model = mlflow.pyfunc.load_model("models:/iris-model@champion")',
      '# The sklearn flavor\'s own object:',
      'sklearn_model = mlflow.sklearn.load_model("models:/iris-model@champion")',
      '',
    ].join('\n'));
    const several = loadSnippet('models:/m/1', ['python_function', 'transformers', 'pytorch']);
    assert.match(several, /\ntransformers_model = mlflow\.transformers\.load_model\("models:\/m\/1"\)\n# pytorch_model = mlflow\.pytorch\.load_model\("models:\/m\/1"\)\n$/u);
    assert.equal(loadSnippet('models:/a "b"/1', ['python_function', 'crate']), 'import mlflow\n\nmodel = mlflow.pyfunc.load_model("models:/a \\"b\\"/1")\n');
  });

  test('flavor keys map to their mlflow module; pyfunc, R and unknown flavors have no native loader', () => {
    assert.equal(nativeLoaderModule('sklearn'), 'mlflow.sklearn');
    assert.equal(nativeLoaderModule('sentence_transformers'), 'mlflow.sentence_transformers');
    for (const none of ['python_function', 'crate', 'my_flavor', '__proto__']) assert.equal(nativeLoaderModule(none), undefined, none);
  });
});

// mlflow registers a run's MLmodel folder and a logged model; findModelFolder must land on folders
// that hold the MLmodel mlflow wrote.
const MAKE_STORE = `
import json, os, sys, tempfile, warnings
warnings.filterwarnings("ignore")
import mlflow
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

folder = sys.argv[1]
os.chdir(folder)
mlflow.set_tracking_uri("sqlite:///" + os.path.join(folder, "mlflow.db"))
X, y = load_iris(return_X_y=True)
estimator = LogisticRegression(max_iter=200).fit(X, y)
saved = os.path.join(tempfile.mkdtemp(), "saved")
mlflow.sklearn.save_model(estimator, saved)
mlflow.set_experiment("compare")
with mlflow.start_run() as run:
    mlflow.log_artifacts(saved, artifact_path="model")
    logged = mlflow.sklearn.log_model(estimator, name="iris-logged")
one = mlflow.register_model(f"runs:/{run.info.run_id}/model", "compare-model")
two = mlflow.register_model(logged.model_uri, "compare-model")
print(json.dumps({"runId": run.info.run_id, "loggedModelId": logged.model_id}))
`;

describe('findModelFolder on versions mlflow registered', () => {
  let dir: string;
  let stores: SqliteStores;
  let made: { runId: string; loggedModelId: string };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runlens-compare-'));
    const script = path.join(dir, 'make_store.py');
    fs.writeFileSync(script, MAKE_STORE);
    made = await runPythonJson(script, [dir], { PYTHONWARNINGS: 'ignore' }, dir);
    stores = openSqliteStore(path.join(dir, 'mlflow.db'));
  });

  after(() => {
    stores?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the run-folder version is the run\'s model/ folder, the logged-model version the model; both hold an sklearn MLmodel', async () => {
    const one = await findModelFolder(stores, await stores.registry.getModelVersion('compare-model', '1'));
    const two = await findModelFolder(stores, await stores.registry.getModelVersion('compare-model', '2'));
    assert.deepEqual(one, { owner: 'runs', id: made.runId, path: 'model' });
    assert.deepEqual(two, { owner: 'models', id: made.loggedModelId, path: '' });
    const roots = [(await stores.tracking.getRun(made.runId)).info.artifactUri, (await stores.tracking.getLoggedModel(made.loggedModelId)).artifactUri];
    for (const [index, location] of [one, two].entries()) {
      const file = await artifactRepositoryFor(roots[index]).download(location.path ? `${location.path}/MLmodel` : 'MLmodel');
      assert.deepEqual(mlmodelFlavors(fs.readFileSync(file, 'utf8')), ['python_function', 'sklearn']);
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});
