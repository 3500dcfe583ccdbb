// Two-way differential tests against the real mlflow 3.18.0:
//  python writes (the examples) → our SQLite store reads the same entities and search answers;
//  our store writes → python's client reads back what we wrote.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MlflowError } from '../../src/shared/errors.ts';
import { openSqliteStore, type SqliteStores } from '../../src/store/sqlite/openSqliteStore.ts';
import { repoRoot, runPython, runPythonJson } from '../support/python.ts';
import { dumpStores } from '../support/storeDump.ts';
import { writeWorkload, type WrittenWorkload } from './workload.ts';

const py = (name: string) => path.join(repoRoot, 'test', 'conformance', 'py', name);
type Dump = { experiments: { name: string; runs: { info: { run_id: string; status: string }; metric_history: Record<string, { value: unknown; step: number }[]>; data: { params: { key: string; value: string }[]; tags: { key: string; value: string }[] } }[] }[]; model_versions: { name: string; version: string; current_stage: string; aliases: string[] }[]; registered_models: { name: string; aliases: { alias: string; version: string }[] }[] };

interface SearchCase {
  filter?: string;
  order_by?: string[];
  view?: string;
  max_results?: number;
}

// Filters and orderings over what the examples log; each is answered by python and by us.
const SEARCH_CASES: SearchCase[] = [
  {},
  { filter: 'metrics.accuracy > 0.9' },
  { filter: 'metrics.accuracy >= 0.5', order_by: ['metrics.accuracy DESC'] },
  { filter: "params.C = '1.0'" },
  { filter: "params.max_iter != '50'", order_by: ['params.max_iter ASC'] },
  { filter: "tags.example = 'grid_sweep'", order_by: ['metrics.f1_macro DESC'] },
  { filter: "tags.example LIKE 'grid%'" },
  { filter: "tags.example ILIKE '%SWEEP'" },
  { filter: "attributes.status = 'FAILED'" },
  { filter: "status != 'FINISHED'" },
  { filter: "run_name LIKE 'C=%'", order_by: ['attributes.run_name ASC'] },
  { filter: "attributes.run_name = 'iris-basic'" },
  { filter: "`Run name` = 'grid-sweep'" },
  { order_by: ['metrics.accuracy ASC'] },
  { order_by: ['metrics.accuracy DESC', 'params.C ASC'] },
  { order_by: ['start_time ASC'] },
  { order_by: ['attributes.end_time DESC'] },
  { order_by: ['tags.example ASC'] },
  { filter: "tags.`mlflow.parentRunId` LIKE '%'" },
  { filter: 'metrics.accuracy > 0.8 AND params.max_iter = \'200\'', order_by: ['metrics.accuracy DESC'] },
  { filter: "params.C IN ('0.1', '1.0')" },
  { view: 'ALL', order_by: ['metrics.best_accuracy DESC'] },
  { filter: 'metrics.nan_metric > 0' },
  { filter: 'metrics.inf_metric > 1e300' },
  { filter: "created > 0", order_by: ['created DESC'], max_results: 5 },
  { filter: 'metrics.accuracy ~ 0.5' },
  { filter: "params.C > '1'" },
];

describe('python writes, RunLens reads', () => {
  let dir: string;
  let file: string;
  let stores: SqliteStores;
  let pythonDump: Dump;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-conf-py-'));
    file = path.join(dir, 'mlflow.db');
    const env = { MLFLOW_TRACKING_URI: `sqlite:///${file}` };
    await runPython(py('run_examples.py'), [], env, dir);
    pythonDump = await runPythonJson<Dump>(py('dump_store.py'), ['--no-artifacts'], env, dir);
    stores = openSqliteStore(file, { readonly: true });
  });
  after(() => {
    stores?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every experiment, run, metric history, logged model and registry entity reads the same', async () => {
    assert.ok(pythonDump.experiments.some((e) => e.runs.length >= 13), 'the examples logged the grid sweep');
    const ours = await dumpStores(stores.tracking, stores.registry);
    assert.deepEqual(ours, pythonDump);
  });

  test(`${SEARCH_CASES.length} search_runs cases return the same run ids in the same order (or the same error)`, async () => {
    const answers = await runPythonJson<({ run_ids: string[] } | { error_code: string })[]>(
      py('search_run_ids.py'), [JSON.stringify(SEARCH_CASES)], { MLFLOW_TRACKING_URI: `sqlite:///${file}` }, dir);
    const experimentIds = (await stores.tracking.searchExperiments({ viewType: 'ALL' })).items.map((e) => e.experimentId);
    let nonEmpty = 0;
    for (const [i, c] of SEARCH_CASES.entries()) {
      const expected = answers[i];
      const label = JSON.stringify(c);
      try {
        const page = await stores.tracking.searchRuns({
          experimentIds, filter: c.filter, orderBy: c.order_by, runViewType: (c.view ?? 'ACTIVE_ONLY') as 'ALL', maxResults: c.max_results ?? 1000,
        });
        assert.ok('run_ids' in expected, `${label}: python rejected it (${JSON.stringify(expected)}) but we answered`);
        assert.deepEqual(page.items.map((r) => r.info.runId), expected.run_ids, label);
        if (expected.run_ids.length > 0) nonEmpty++;
      } catch (error) {
        if (!(error instanceof MlflowError)) throw error;
        assert.ok('error_code' in expected, `${label}: we rejected it (${error.message}) but python answered`);
        assert.equal(error.code, expected.error_code, label);
      }
    }
    assert.ok(nonEmpty >= 20, `at least 20 cases match some runs (got ${nonEmpty})`);
  });
});

describe('RunLens writes, python reads', () => {
  let dir: string;
  let file: string;
  let written: WrittenWorkload;
  let ourDump: unknown;
  let pythonDump: Dump;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-conf-ts-'));
    file = path.join(dir, 'mlflow.db');
    const stores = openSqliteStore(file, { defaultArtifactRoot: path.join(dir, 'mlruns') });
    try {
      written = await writeWorkload(stores.tracking, stores.registry);
      ourDump = await dumpStores(stores.tracking, stores.registry);
    } finally {
      stores.close();
    }
    pythonDump = await runPythonJson<Dump>(py('dump_store.py'), ['--no-artifacts'], { MLFLOW_TRACKING_URI: `sqlite:///${file}` }, dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the real mlflow opens our database and reads exactly what we read', () => {
    assert.deepEqual(pythonDump, ourDump);
  });

  test('what python reads is what we wrote', () => {
    const experiment = pythonDump.experiments.find((e) => e.name === 'runlens-written');
    assert.ok(experiment);
    const runs = new Map(experiment.runs.map((r) => [r.info.run_id, r]));
    const children = written.childRunIds.map((id) => runs.get(id));
    assert.equal(children.filter((r) => r?.data.tags.some((t) => t.key === 'mlflow.parentRunId' && t.value === written.parentRunId)).length, 12);
    const grid = new Set(children.map((r) => r?.data.params.map((p) => `${p.key}=${p.value}`).join(',')));
    assert.equal(grid.size, 12, 'all 12 grid combinations');
    const epochs = runs.get(written.epochRunId);
    assert.equal(epochs?.info.status, 'FAILED');
    assert.deepEqual(epochs?.metric_history['train/loss'].map((p) => p.value), written.losses);
    assert.deepEqual(epochs?.metric_history.weird.map((p) => p.value), ['NaN', 1.7976931348623157e308]);
    assert.equal(epochs?.data.params.find((p) => p.key === 'long')?.value.length, 6000, 'long params are truncated to 6000');
    const versions = pythonDump.model_versions.filter((v) => v.name === 'runlens-model');
    assert.deepEqual(versions.map((v) => [v.version, v.current_stage]), [['1', 'Staging'], ['2', 'Production']]);
    // MLflow's version search leaves aliases empty; the registered model carries them.
    const model = pythonDump.registered_models.find((m) => m.name === 'runlens-model');
    assert.deepEqual(model?.aliases, [{ alias: 'champion', version: '2' }]);
  });
});
