// Runs every example script with the real mlflow against a fresh store, reads the store back
// with the real mlflow client (dump_store.py) and checks what each example promises.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { repoRoot, runPython, runPythonJson } from '../support/python.ts';

const pyDir = path.join(repoRoot, 'test', 'conformance', 'py');
const runExamplesScript = path.join(pyDir, 'run_examples.py');
const dumpStoreScript = path.join(pyDir, 'dump_store.py');
const exampleScripts = fs.readdirSync(path.join(repoRoot, 'examples')).filter((name) => name.endsWith('.py')).sort();

// Non-finite floats arrive spelled out, as dump_store.py writes them.
type DumpNumber = number | 'NaN' | 'Infinity' | '-Infinity';
interface KeyValue { key: string; value: string }
interface DumpMetric { key: string; value: DumpNumber; timestamp: number; step: number }
interface DumpRun {
  info: { run_id: string; run_name: string; experiment_id: string; status: string; start_time: number; end_time: number | null; artifact_uri: string; lifecycle_stage: string };
  data: { metrics: DumpMetric[]; params: KeyValue[]; tags: KeyValue[] };
  inputs: { dataset_inputs: { name: string; digest: string; source_type: string; tags: KeyValue[] }[]; model_inputs: { model_id: string }[] };
  outputs: { model_outputs: { model_id: string; step: number }[] };
  metric_history: Record<string, Omit<DumpMetric, 'key'>[]>;
  artifacts: { path: string; is_dir: boolean; file_size: number | null }[];
}
interface DumpExperiment { experiment_id: string; name: string; lifecycle_stage: string; tags: KeyValue[]; runs: DumpRun[] }
interface DumpLoggedModel { model_id: string; name: string; source_run_id: string | null; status: string; artifacts: { path: string }[] }
interface DumpModelVersion { name: string; version: string; current_stage: string; description: string | null; source: string; run_id: string; status: string; tags: KeyValue[]; aliases: string[]; model_id: string | null }
interface DumpRegisteredModel { name: string; description: string | null; tags: KeyValue[]; aliases: { alias: string; version: string }[]; latest_versions: DumpModelVersion[] }
interface StoreDump { experiments: DumpExperiment[]; logged_models: DumpLoggedModel[]; registered_models: DumpRegisteredModel[]; model_versions: DumpModelVersion[] }
interface ExampleResult { script: string; returncode: number; seconds: number }

// Each example sets an experiment of its own when MLFLOW_EXPERIMENT_NAME/ID are empty.
const ownExperiment = { MLFLOW_EXPERIMENT_NAME: '', MLFLOW_EXPERIMENT_ID: '' };

async function runAllExamples(cwd: string, trackingUri: string): Promise<{ results: ExampleResult[]; dump: StoreDump }> {
  const env = { ...ownExperiment, MLFLOW_TRACKING_URI: trackingUri };
  const results = await runPythonJson<ExampleResult[]>(runExamplesScript, [], env, cwd);
  const dump = await runPythonJson<StoreDump>(dumpStoreScript, [], env, cwd);
  return { results, dump };
}

function experimentNamed(dump: StoreDump, name: string): DumpExperiment {
  const found = dump.experiments.find((e) => e.name === name);
  assert.ok(found, `experiment ${name} missing; have ${dump.experiments.map((e) => e.name).join(', ')}`);
  return found;
}

function onlyRun(dump: StoreDump, experimentName: string): DumpRun {
  const { runs } = experimentNamed(dump, experimentName);
  assert.equal(runs.length, 1, `${experimentName} should hold exactly one run`);
  return runs[0];
}

function valueOf(entries: KeyValue[], key: string): string | undefined {
  return entries.find((e) => e.key === key)?.value;
}

function latestMetric(run: DumpRun, key: string): DumpMetric {
  const metric = run.data.metrics.find((m) => m.key === key);
  assert.ok(metric, `metric ${key} missing from run ${run.info.run_name}`);
  return metric;
}

/** A local artifact URI or plain path as a filesystem path. */
function localPath(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

/** What every store must show, whatever its backend. */
function assertCommonPromises(dump: StoreDump, results: ExampleResult[]): void {
  assert.deepEqual(results.map((r) => r.script).sort(), exampleScripts);
  for (const name of ['iris-basic', 'grid-sweep', 'sklearn-autolog', 'artifacts-demo', 'registry-promotion', 'failing-run']) {
    experimentNamed(dump, name);
  }
  assert.equal(experimentNamed(dump, 'grid-sweep').runs.length, 13);
  assert.equal(onlyRun(dump, 'failing-run').info.status, 'FAILED');
  assert.equal(latestMetric(onlyRun(dump, 'iris-basic'), 'nan_metric').value, 'NaN');
  assert.equal(dump.registered_models.length, 1);
  assert.equal(dump.model_versions.length, 2);
}

describe('examples against sqlite:///<tmp>/mlflow.db', () => {
  let tmp = '';
  let dump: StoreDump;
  let results: ExampleResult[];

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'runlens-examples-sqlite-'));
    ({ results, dump } = await runAllExamples(tmp, `sqlite:///${path.join(tmp, 'mlflow.db')}`));
  }, { timeout: 10 * 60_000 });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('every example ran; only failing_run.py exited non-zero', () => {
    assertCommonPromises(dump, results);
    for (const result of results) {
      assert.equal(result.returncode !== 0, result.script === 'failing_run.py', `${result.script} exit ${result.returncode}`);
    }
    assert.ok(fs.existsSync(path.join(tmp, 'mlflow.db')));
  });

  test('iris_basic: one history point per epoch, note, tags, NaN and clamped infinities, a logged model', () => {
    const run = onlyRun(dump, 'iris-basic');
    const epochs = Number(valueOf(run.data.params, 'epochs'));
    assert.ok(epochs > 1, 'the run logs its epoch count as a param');
    for (const key of ['train_loss', 'val_loss', 'train_accuracy', 'val_accuracy']) {
      const history = run.metric_history[key];
      assert.equal(history.length, epochs, `${key} history`);
      assert.deepEqual(history.map((p) => p.step), [...Array(epochs).keys()]);
      assert.equal(latestMetric(run, key).step, epochs - 1, `latest ${key} is the last epoch`);
    }
    assert.deepEqual(run.metric_history.nan_metric.map((p) => p.value), ['NaN']);
    // MLflow's SQL store keeps NaN (is_nan column) but clamps ±inf to ±max double on write.
    assert.equal(latestMetric(run, 'inf_metric').value, Number.MAX_VALUE);
    assert.equal(latestMetric(run, 'neg_inf_metric').value, -Number.MAX_VALUE);
    assert.ok(valueOf(run.data.tags, 'mlflow.note.content'));
    assert.equal(valueOf(run.data.tags, 'dataset'), 'iris');
    assert.equal(run.info.status, 'FINISHED');

    assert.equal(run.outputs.model_outputs.length, 1);
    const model = dump.logged_models.find((m) => m.model_id === run.outputs.model_outputs[0].model_id);
    assert.ok(model, 'the run output is a logged model');
    assert.equal(model.name, 'model');
    assert.equal(model.source_run_id, run.info.run_id);
    assert.equal(model.status, 'READY');
    assert.ok(model.artifacts.some((a) => a.path === 'MLmodel'), 'model files live with the logged model');
    assert.ok(model.artifacts.some((a) => a.path === 'input_example.json'));
  });

  test('grid_sweep: 12 children under one parent covering the whole grid', () => {
    const { runs } = experimentNamed(dump, 'grid-sweep');
    const parents = runs.filter((r) => valueOf(r.data.tags, 'mlflow.parentRunId') === undefined);
    assert.equal(parents.length, 1);
    const parent = parents[0];
    const children = runs.filter((r) => valueOf(r.data.tags, 'mlflow.parentRunId') === parent.info.run_id);
    assert.equal(children.length, 12);

    // The parent records the grid it swept; the children must cover it exactly once each.
    const cValues = JSON.parse(valueOf(parent.data.params, 'grid_C') ?? '[]') as number[];
    const iterValues = JSON.parse(valueOf(parent.data.params, 'grid_max_iter') ?? '[]') as number[];
    assert.equal(cValues.length * iterValues.length, 12);
    const expected = cValues.flatMap((c) => iterValues.map((i) => `${c}|${i}`)).sort();
    const seen = children.map((r) => `${Number(valueOf(r.data.params, 'C'))}|${Number(valueOf(r.data.params, 'max_iter'))}`).sort();
    assert.deepEqual(seen, expected);

    for (const child of children) {
      assert.equal(child.info.status, 'FINISHED');
      assert.deepEqual(child.data.metrics.map((m) => m.key).sort(), ['accuracy', 'f1_macro']);
    }
    const best = latestMetric(parent, 'best_accuracy').value;
    assert.equal(best, Math.max(...children.map((r) => latestMetric(r, 'accuracy').value as number)));
  });

  test('autolog: sklearn params, training metrics, the training dataset and the model', async () => {
    const run = onlyRun(dump, 'sklearn-autolog');
    // Autolog logs every constructor parameter of the estimator; ask sklearn for that list.
    const probe = path.join(tmp, 'estimator_params.py');
    fs.writeFileSync(probe, 'import json\nfrom sklearn.ensemble import RandomForestClassifier\nprint(json.dumps(sorted(RandomForestClassifier().get_params())))\n');
    const estimatorParams = await runPythonJson<string[]>(probe);
    const logged = run.data.params.map((p) => p.key);
    for (const name of estimatorParams) assert.ok(logged.includes(name), `param ${name} autologged`);
    assert.equal(valueOf(run.data.params, 'n_estimators'), '30');

    const accuracy = latestMetric(run, 'training_accuracy_score').value;
    assert.ok(typeof accuracy === 'number' && accuracy > 0 && accuracy <= 1);
    assert.ok(run.inputs.dataset_inputs.some((d) => valueOf(d.tags, 'mlflow.data.context') === 'train'), 'training dataset input');
    assert.equal(run.outputs.model_outputs.length, 1);
  });

  test('artifacts: figure, JSON, text and an uploaded folder', () => {
    const run = onlyRun(dump, 'artifacts-demo');
    const files = run.artifacts.filter((a) => !a.is_dir).map((a) => a.path);
    for (const file of ['plots/confusion_matrix.png', 'metrics/confusion_matrix.json', 'report.txt', 'reports/feature_names.txt', 'reports/tree/importances.csv']) {
      assert.ok(files.includes(file), `${file} in ${files.join(', ')}`);
    }
    const root = localPath(run.info.artifact_uri);
    const png = fs.readFileSync(path.join(root, 'plots', 'confusion_matrix.png'));
    assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    const matrix = JSON.parse(fs.readFileSync(path.join(root, 'metrics', 'confusion_matrix.json'), 'utf8')) as { confusion_matrix: number[][] };
    assert.equal(matrix.confusion_matrix.length, 3);
  });

  test('registry_promotion: two versions, stages, archive, alias, tags and descriptions', () => {
    const [model] = dump.registered_models;
    assert.equal(model.name, 'iris-classifier');
    assert.ok(model.description);
    assert.deepEqual(model.tags.map((t) => t.key), ['task', 'team']);
    assert.deepEqual(model.aliases, [{ alias: 'champion', version: '2' }]);
    assert.deepEqual(model.latest_versions.map((v) => [v.version, v.current_stage]), [['1', 'Archived'], ['2', 'Production']]);

    const [v1, v2] = dump.model_versions;
    assert.deepEqual([v1.version, v1.current_stage, v2.version, v2.current_stage], ['1', 'Archived', '2', 'Production']);
    const runIds = experimentNamed(dump, 'registry-promotion').runs.map((r) => r.info.run_id);
    for (const version of [v1, v2]) {
      assert.equal(version.status, 'READY');
      assert.ok(version.description);
      assert.equal(valueOf(version.tags, 'validation'), 'passed');
      assert.ok(runIds.includes(version.run_id));
      // Both registration routes (runs:/… and models:/…) end at the logged model's URI.
      const loggedModel = dump.logged_models.find((m) => m.source_run_id === version.run_id);
      assert.ok(loggedModel);
      assert.equal(version.source, `models:/${loggedModel.model_id}`);
    }
    assert.equal(valueOf(v2.tags, 'candidate'), 'true');
  });

  test('failing_run: FAILED with what was logged before the crash', () => {
    const run = onlyRun(dump, 'failing-run');
    assert.equal(run.info.status, 'FAILED');
    assert.ok(run.info.end_time !== null && run.info.end_time >= run.info.start_time);
    assert.equal(valueOf(run.data.params, 'learning_rate'), '10.0');
    assert.deepEqual(run.metric_history.loss.map((p) => p.step), [0, 1, 2]);
  });

  test('dump_store.py output is canonical: running it twice gives the same line', async () => {
    const env = { ...ownExperiment, MLFLOW_TRACKING_URI: `sqlite:///${path.join(tmp, 'mlflow.db')}` };
    const again = await runPythonJson<StoreDump>(dumpStoreScript, [], env, tmp);
    assert.deepEqual(again, dump);
  });
});

describe('examples against file://<tmp>/mlruns (MLFLOW_ALLOW_FILE_STORE=true)', () => {
  let tmp = '';

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('every example runs and the dump reads everything back', { timeout: 10 * 60_000 }, async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'runlens-examples-file-'));
    const mlruns = path.join(tmp, 'mlruns');
    const { results, dump } = await runAllExamples(tmp, pathToFileURL(mlruns).href);
    assertCommonPromises(dump, results);
    assert.ok(fs.statSync(mlruns).isDirectory());
    // Unlike the SQL store, the file store keeps infinities as they were logged.
    assert.equal(latestMetric(onlyRun(dump, 'iris-basic'), 'inf_metric').value, 'Infinity');
    assert.equal(latestMetric(onlyRun(dump, 'iris-basic'), 'neg_inf_metric').value, '-Infinity');
  });

  test('run_examples.py rejects unknown names and stops at the first unexpected failure', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runlens-examples-broken-'));
    try {
      await assert.rejects(runPython(runExamplesScript, ['no_such_example'], ownExperiment, dir), /unknown example/);
      // An unsupported tracking URI makes the first example fail; the second must never start.
      const broken = { ...ownExperiment, MLFLOW_TRACKING_URI: 'unsupported-scheme://nowhere' };
      await assert.rejects(runPython(runExamplesScript, ['grid_sweep', 'iris_basic'], broken, dir), (error: Error) => {
        assert.match(error.message, /run_examples: grid_sweep\.py failed with exit code [1-9]/);
        assert.doesNotMatch(error.message, /iris_basic\.py/);
        return true;
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
