// The mlruns reader on small hand-made trees: parsing edge cases, layout rules, and read-only refusals.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MlflowError } from '../../src/shared/errors.ts';
import { evenlySpacedIndices, sampleSteps } from '../../src/store/file/fileMetricHistory.ts';
import { FileRegistryStore } from '../../src/store/file/fileRegistryStore.ts';
import { FileTrackingStore } from '../../src/store/file/fileTrackingStore.ts';
import { parseMetaYaml, parseYamlDocument, resolvePlainScalar } from '../../src/store/file/metaYaml.ts';
import { latestMetric, parseMetricFile, parseMetricLine, parsePythonFloat } from '../../src/store/file/metricLines.ts';
import { rejectsWith as rejectsWithError } from '../support/assertions.ts';

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function writeTree(files: Record<string, string>): string {
  const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'runlens-mlruns-')), 'mlruns');
  tempDirs.push(path.dirname(root));
  fs.mkdirSync(root);
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, ...relative.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (relative.endsWith('/')) fs.mkdirSync(file, { recursive: true });
    else fs.writeFileSync(file, content);
  }
  return root;
}

function experimentMeta(id: string, name: string, extra = ''): string {
  return `artifact_location: file:///data/mlruns/${id}\ncreation_time: 100${id.length}\nexperiment_id: '${id}'\nlast_update_time: 2000\nlifecycle_stage: active\nname: ${name}\n${extra}`;
}

function runMeta(experimentId: string, runId: string, fields: Record<string, string | number> = {}): string {
  const base: Record<string, string | number> = {
    artifact_uri: `file:///data/mlruns/${experimentId}/${runId}/artifacts`, end_time: 'null', entry_point_name: "''",
    experiment_id: `'${experimentId}'`, lifecycle_stage: 'active', run_id: runId, run_name: 'r', source_name: "''",
    source_type: 4, source_version: "''", start_time: 1000, status: 3, tags: '[]', user_id: 'alice', ...fields,
  };
  return Object.entries(base).map(([k, v]) => `${k}: ${v}`).join('\n') + '\n';
}

/** A run folder with the three sub-folders MLflow requires before it accepts a run directory. */
function runFiles(experimentId: string, runId: string, fields: Record<string, string | number> = {}, extra: Record<string, string> = {}): Record<string, string> {
  const prefix = `${experimentId}/${runId}`;
  const files: Record<string, string> = {
    [`${prefix}/meta.yaml`]: runMeta(experimentId, runId, fields),
    [`${prefix}/metrics/`]: '', [`${prefix}/params/`]: '', [`${prefix}/artifacts/`]: '',
  };
  for (const [relative, content] of Object.entries(extra)) files[`${prefix}/${relative}`] = content;
  return files;
}

/** Every file's path, size and content hash: what a read-only store must leave unchanged. */
function snapshot(root: string): string {
  const entries: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        entries.push(`${full}/`);
        walk(full);
      } else {
        entries.push(`${full} ${createHash('sha256').update(fs.readFileSync(full)).digest('hex')} ${fs.statSync(full).mtimeMs}`);
      }
    }
  };
  walk(root);
  return entries.sort().join('\n');
}

async function rejectsWith(promise: Promise<unknown>, code: string, message = /./u): Promise<void> {
  await assert.rejects(promise, rejectsWithError(code, message));
}

describe('meta.yaml parsing follows PyYAML (YAML 1.1)', () => {
  test('plain scalars resolve the way SafeLoader resolves them', () => {
    assert.equal(resolvePlainScalar('1e3'), '1e3', 'a YAML 1.1 float needs a dot');
    assert.equal(resolvePlainScalar('1.5e+3'), 1500);
    assert.equal(resolvePlainScalar('yes'), true);
    assert.equal(resolvePlainScalar('Off'), false);
    assert.equal(resolvePlainScalar('017'), 15, 'a leading zero is octal');
    assert.equal(resolvePlainScalar('0x1F'), 31);
    assert.equal(resolvePlainScalar('1_000'), 1000);
    assert.equal(resolvePlainScalar('1:20'), 80, 'sexagesimal');
    assert.equal(resolvePlainScalar('~'), null);
    assert.equal(resolvePlainScalar('.inf'), Infinity);
    assert.equal(resolvePlainScalar('-.Inf'), -Infinity);
    assert.ok(Number.isNaN(resolvePlainScalar('.nan')));
    assert.equal(resolvePlainScalar('0o17'), '0o17', 'YAML 1.2 octal is text in 1.1');
    assert.equal(resolvePlainScalar('2001-12-14'), '2001-12-14');
    assert.equal(resolvePlainScalar('1795720842040'), 1795720842040);
  });

  test('quoted scalars stay text, mappings and block scalars survive', () => {
    const meta = parseMetaYaml("a: '0'\nb: \"yes\"\nc:\nd:\n  k: v\n  n: 3\ne: |\n  two\n  lines\nf: []\ng: 'it''s'\n");
    assert.deepEqual(meta, { a: '0', b: 'yes', c: null, d: { k: 'v', n: 3 }, e: 'two\nlines\n', f: [], g: "it's" });
  });

  test('the flat fast path answers exactly what the full YAML parser answers', () => {
    const samples = [
      "name: 1e3\nexperiment_id: '0'\nlifecycle_stage: active\ncreation_time: 1795720842040\n",
      "description: it's fine\nx: -1\ny: ~\nz: null\nw: 'it''s'\nv: a:b\nu: 1.0\nt: .inf\ns: yes\n",
      'tags: []\ninputs: {}\nstatus: 3\nend_time: null\nsource: \'{"a": 1}\'\n',
      'path: runs:/abc/model\nuri: file:///tmp/x y\nlabel: a, b [c]\n',
      // Shapes the fast path must hand over to the full parser:
      'a: b # comment\n', 'a: "x\\ty"\n', 'a: - b\n', 'a:\n  b: c\n', 'source: \'{"tags":\n  1}\'\n', '---\na: 1\n', "a: 'x' 'y'\n",
    ];
    for (const text of samples) {
      let full: unknown;
      try {
        full = parseYamlDocument(text);
      } catch (error) {
        full = error;
      }
      if (full instanceof Error) assert.throws(() => parseMetaYaml(text), text);
      else assert.deepEqual(parseMetaYaml(text), full, text);
    }
  });

  test('an empty document is missing, a broken one is an INTERNAL_ERROR', () => {
    assert.equal(parseMetaYaml(''), undefined);
    assert.throws(() => parseMetaYaml('a: [1, 2\n'), (e: unknown) => e instanceof MlflowError && e.code === 'INTERNAL_ERROR');
  });
});

describe('metric files', () => {
  test('lines with 2, 3 and 5 fields; Python float spellings', () => {
    assert.deepEqual(parseMetricLine('m', '1000 0.5', '0'), { key: 'm', value: 0.5, timestamp: 1000, step: 0 });
    assert.deepEqual(parseMetricLine('m', '1000 1e-05 7\n', '0'), { key: 'm', value: 1e-5, timestamp: 1000, step: 7 });
    assert.deepEqual(parseMetricLine('m', '1000 -inf 2 train abc123', '0'), { key: 'm', value: -Infinity, timestamp: 1000, step: 0 }, 'mlflow reads step 0 from a line with a dataset');
    assert.ok(Number.isNaN(parseMetricLine('m', '1 nan 0', '0').value));
    assert.equal(parsePythonFloat('inf'), Infinity);
    assert.equal(parsePythonFloat('-Infinity'), -Infinity);
    assert.equal(parsePythonFloat('1_0.5'), 10.5);
    assert.equal(parsePythonFloat('abc'), undefined);
    assert.equal(parsePythonFloat(''), undefined);
  });

  test('malformed lines are INTERNAL_ERROR naming the metric', () => {
    for (const line of ['1000', '1 2 3 4', '1000 x 1', '1.5 1 1', '']) {
      assert.throws(() => parseMetricLine('loss', line, '5'), (e: unknown) => e instanceof MlflowError && e.code === 'INTERNAL_ERROR' && e.message.includes("'loss'"));
    }
  });

  test('a final newline adds no point; a blank line inside is malformed', () => {
    assert.equal(parseMetricFile('m', '1 1 0\n2 2 1\n', '0').length, 2);
    assert.equal(parseMetricFile('m', '', '0').length, 0);
    assert.throws(() => parseMetricFile('m', '1 1 0\n\n2 2 1\n', '0'));
  });

  test('latest = max on (step, timestamp, value); NaN never wins nor loses a full tie', () => {
    const point = (step: number, timestamp: number, value: number) => ({ key: 'm', step, timestamp, value });
    assert.equal(latestMetric([point(2, 1, 5), point(1, 9, 9)])?.value, 5, 'step first');
    assert.equal(latestMetric([point(2, 1, 5), point(2, 3, 1)])?.value, 1, 'then timestamp');
    assert.equal(latestMetric([point(2, 3, 5), point(2, 3, 8), point(2, 3, 6)])?.value, 8, 'then value');
    assert.ok(Number.isNaN(latestMetric([point(0, 1, NaN), point(0, 1, 1.5)])?.value as number), 'NaN logged first stays');
    assert.equal(latestMetric([point(0, 1, 1.5), point(0, 1, NaN)])?.value, 1.5, 'NaN logged later does not replace');
    assert.ok(Number.isNaN(latestMetric([point(0, 1, 1.5), point(1, 0, NaN)])?.value as number), 'a later step wins even as NaN');
    assert.equal(latestMetric([point(3, 1, Infinity), point(3, 2, -Infinity)])?.value, -Infinity);
    assert.equal(latestMetric([]), undefined);
  });
});

describe('bulk-interval sampling helpers', () => {
  test('evenly spaced indices keep the first and last, rounding halves to even like Python', () => {
    assert.deepEqual(evenlySpacedIndices(5, 10), [0, 1, 2, 3, 4]);
    assert.deepEqual(evenlySpacedIndices(5, 1), [4]);
    assert.deepEqual(evenlySpacedIndices(0, 3), []);
    // step = 5/4 = 1.25 → 0, 1.25, 2.5, 3.75, 5 → round(2.5) = 2 in Python.
    assert.deepEqual(evenlySpacedIndices(6, 5), [0, 1, 2, 4, 5]);
  });

  test('sampled steps stride the range and always keep each run’s min and max in range', () => {
    assert.deepEqual(sampleSteps([[0, 1, 2, 3]], 10), [0, 1, 2, 3]);
    assert.deepEqual(sampleSteps([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]], 3), [0, 3, 6, 9]);
    assert.deepEqual(sampleSteps([[-3, -1, 0, 2]], 2500), [0, 2], 'no range given starts at step 0');
    assert.deepEqual(sampleSteps([[0, 5, 10], [2, 4]], 100, 3, 8), [4, 5]);
    assert.deepEqual(sampleSteps([], 5), []);
  });
});

describe('FileTrackingStore on a hand-made tree', () => {
  const runA = 'a'.repeat(32);
  const runB = 'b'.repeat(32);
  const runOld = 'c'.repeat(32);
  const runTrashed = 'd'.repeat(32);
  const runElsewhere = 'e'.repeat(32);
  const root = writeTree({
    '0/meta.yaml': experimentMeta('0', 'Default'),
    '0/tags/team/area': 'vision',
    '0/tags/mlflow.note.content': 'multi\nline',
    '7/meta.yaml': experimentMeta('7', '1e3'),
    '.trash/9/meta.yaml': experimentMeta('9', 'gone').replace('lifecycle_stage: active', 'lifecycle_stage: deleted'),
    'models/reg/meta.yaml': 'name: reg\ncreation_timestamp: 1\nlast_updated_timestamp: 2\n',
    '8/meta.yaml': experimentMeta('99', 'mismatched id'),
    ...runFiles('0', runA, { status: 4, start_time: 3000 }, {
      'metrics/loss': '10 1.0 0\n20 0.5 1\n30 nan 2\n',
      'metrics/train/acc': '10 0.1 0\n11 0.9\n',
      'metrics/empty': '',
      'params/lr': '0.01',
      'params/optim/name': 'adam',
      'tags/mlflow.runName': 'r',
      'inputs/i1/meta.yaml': "destination_id: ds1\ndestination_type: RUN\nsource_id: ds1\nsource_type: DATASET\ntags:\n  mlflow.data.context: training\n",
      'inputs/i2/meta.yaml': 'destination_id: m-1\ndestination_type: RUN\nsource_id: m-1\nsource_type: MODEL\ntags: {}\n',
      'inputs/i3/meta.yaml': 'destination_id: lost\ndestination_type: RUN\nsource_id: lost\nsource_type: DATASET\ntags: {}\n',
      'outputs/m-2/meta.yaml': 'destination_id: m-2\ndestination_type: MODEL_OUTPUT\nsource_id: m-2\nsource_type: RUN_OUTPUT\nstep: 4\ntags: {}\n',
      'artifacts/fake/meta.yaml': runMeta('0', 'fake'),
    }),
    '0/datasets/ds1/meta.yaml': "digest: abc\nname: train\nprofile: '{\"num_rows\": 2}'\nschema: null\nsource: '{}'\nsource_type: code\n",
    ...runFiles('0', runB, { status: 1, start_time: 2000, end_time: 2500 }),
    // Old runs have no run_name in meta.yaml and a two-field metric line.
    ...runFiles('7', runOld, { run_name: "''", status: 5, start_time: 1000, lifecycle_stage: 'deleted' }, {
      'tags/mlflow.runName': 'named-by-tag',
      'metrics/m': '5 2.5\n',
    }),
    ...Object.fromEntries(Object.entries(runFiles('9', runTrashed, { lifecycle_stage: 'deleted' })).map(([k, v]) => [`.trash/${k}`, v])),
    // A run folder whose meta.yaml names another experiment is ignored by listings.
    ...runFiles('7', runElsewhere, { experiment_id: "'0'" }),
    '0/not-a-run/': '',
    '0/models/m-1/meta.yaml': "artifact_location: file:///x\ncreation_timestamp: 5\nexperiment_id: '0'\nlast_updated_timestamp: 6\nlifecycle_stage: active\nmodel_id: m-1\nmodel_type: null\nname: lm\nsource_run_id: " + runA + '\nstatus: 2\nstatus_message: null\n',
    '0/models/m-1/metrics/acc': `1 0.5 1 ${runA}\n2 0.7 2 ${runA}\n3 0.1 1 ${runA} eval d1\n`,
    '0/models/m-1/params/p': '1',
    '0/models/m-1/tags/k': 'v',
    '0/models/m-3/meta.yaml': "creation_timestamp: 9\nexperiment_id: '0'\nlast_updated_timestamp: 9\nlifecycle_stage: deleted\nmodel_id: m-3\nname: gone\nstatus: 2\n",
  });
  const store = new FileTrackingStore(root);

  test('experiments: tags from nested files, trash is deleted, models/ and mismatched ids are not experiments', async () => {
    const zero = await store.getExperiment('0');
    assert.deepEqual(zero.tags, [{ key: 'mlflow.note.content', value: 'multi\nline' }, { key: 'team/area', value: 'vision' }]);
    assert.equal(zero.lifecycleStage, 'active');
    assert.equal((await store.getExperiment('7')).name, '1e3');
    assert.equal((await store.getExperiment('9')).lifecycleStage, 'deleted');
    const active = await store.searchExperiments({});
    assert.deepEqual(active.items.map((e) => e.experimentId).sort(), ['0', '7']);
    const all = await store.searchExperiments({ viewType: 'ALL' });
    assert.deepEqual(all.items.map((e) => e.experimentId).sort(), ['0', '7', '9']);
    const deleted = await store.searchExperiments({ viewType: 'DELETED_ONLY' });
    assert.deepEqual(deleted.items.map((e) => e.experimentId), ['9']);
    assert.equal((await store.getExperimentByName('gone'))?.experimentId, '9');
    assert.equal(await store.getExperimentByName('nope'), undefined);
    await rejectsWith(store.getExperiment('123'), 'RESOURCE_DOES_NOT_EXIST');
    await rejectsWith(store.getExperiment('8'), 'RESOURCE_DOES_NOT_EXIST');
    await rejectsWith(store.getExperiment('../x'), 'INVALID_PARAMETER_VALUE');
  });

  test('a run: int status, nested keys, latest metrics, inputs and outputs', async () => {
    const run = await store.getRun(runA);
    assert.equal(run.info.status, 'FAILED');
    assert.equal(run.info.userId, 'alice');
    assert.equal(run.info.artifactUri, `file:///data/mlruns/0/${runA}/artifacts`);
    assert.equal(run.info.endTime, undefined);
    assert.deepEqual(run.data.params, [{ key: 'lr', value: '0.01' }, { key: 'optim/name', value: 'adam' }]);
    const metrics = Object.fromEntries(run.data.metrics.map((m) => [m.key, m]));
    assert.deepEqual(Object.keys(metrics).sort(), ['loss', 'train/acc'], 'an empty metric file has no latest value');
    assert.ok(Number.isNaN(metrics.loss.value));
    assert.equal(metrics.loss.step, 2);
    assert.deepEqual(metrics['train/acc'], { key: 'train/acc', value: 0.9, timestamp: 11, step: 0 }, 'both at step 0: the later timestamp wins');
  });

  test('run inputs link datasets of the experiment and models; dangling dataset links are skipped', async () => {
    const run = await store.getRun(runA);
    assert.deepEqual(run.inputs.datasetInputs, [{
      tags: [{ key: 'mlflow.data.context', value: 'training' }],
      dataset: { name: 'train', digest: 'abc', sourceType: 'code', source: '{}', schema: undefined, profile: '{"num_rows": 2}' },
    }]);
    assert.deepEqual(run.inputs.modelInputs, [{ modelId: 'm-1' }]);
    assert.deepEqual(run.outputs.modelOutputs, [{ modelId: 'm-2', step: 4 }]);
  });

  test('run names fall back to the mlflow.runName tag; two-field metric lines are step 0', async () => {
    const run = await store.getRun(runOld);
    assert.equal(run.info.runName, 'named-by-tag');
    assert.equal(run.info.status, 'KILLED');
    assert.equal(run.info.lifecycleStage, 'deleted');
    assert.deepEqual(run.data.metrics, [{ key: 'm', value: 2.5, timestamp: 5, step: 0 }]);
  });

  test('runs in trashed experiments are found; meta.yaml under artifacts never is', async () => {
    assert.equal((await store.getRun(runTrashed)).info.experimentId, '9');
    await rejectsWith(store.getRun('f'.repeat(32)), 'RESOURCE_DOES_NOT_EXIST', /not found/u);
    await rejectsWith(store.getRun('fake'), 'RESOURCE_DOES_NOT_EXIST');
    await rejectsWith(store.getRun(runElsewhere), 'INVALID_STATE');
    await rejectsWith(store.getRun('../../etc'), 'INVALID_PARAMETER_VALUE');
  });

  test('searchRuns: lifecycle views, skipped folders, attribute order and paging', async () => {
    const active = await store.searchRuns({ experimentIds: ['0', '7', '404'] });
    assert.deepEqual(active.items.map((r) => r.info.runId), [runA, runB], 'start_time DESC; runElsewhere and not-a-run skipped');
    assert.equal(active.items[0].data.params.length, 2, 'returned runs are complete');
    const deleted = await store.searchRuns({ experimentIds: ['7'], runViewType: 'DELETED_ONLY' });
    assert.deepEqual(deleted.items.map((r) => r.info.runId), [runOld]);
    const first = await store.searchRuns({ experimentIds: ['0', '7'], runViewType: 'ALL', maxResults: 2, orderBy: ['start_time ASC'] });
    assert.deepEqual(first.items.map((r) => r.info.runId), [runOld, runB]);
    assert.ok(first.nextPageToken);
    const second = await store.searchRuns({ experimentIds: ['0', '7'], runViewType: 'ALL', maxResults: 2, orderBy: ['start_time ASC'], pageToken: first.nextPageToken });
    assert.deepEqual(second.items.map((r) => r.info.runId), [runA]);
    assert.equal(second.nextPageToken, undefined);
    const byParam = await store.searchRuns({ experimentIds: ['0'], filter: "params.lr = '0.01'" });
    assert.deepEqual(byParam.items.map((r) => r.info.runId), [runA]);
    const byMetric = await store.searchRuns({ experimentIds: ['0', '7'], runViewType: 'ALL', filter: 'metrics.m > 1' });
    assert.deepEqual(byMetric.items.map((r) => r.info.runId), [runOld]);
    await rejectsWith(store.searchRuns({ experimentIds: ['0'], maxResults: 50_001 }), 'INVALID_PARAMETER_VALUE');
  });

  test('metric history in file order, paged only when maxResults is given', async () => {
    const all = await store.getMetricHistory(runA, 'loss');
    assert.deepEqual(all.items.map((m) => m.step), [0, 1, 2]);
    assert.equal(all.nextPageToken, undefined);
    const page = await store.getMetricHistory(runA, 'loss', { maxResults: 2 });
    assert.deepEqual(page.items.map((m) => m.step), [0, 1]);
    const rest = await store.getMetricHistory(runA, 'loss', { maxResults: 2, pageToken: page.nextPageToken });
    assert.deepEqual(rest.items.map((m) => m.step), [2]);
    assert.equal(rest.nextPageToken, undefined);
    assert.deepEqual((await store.getMetricHistory(runA, 'train/acc')).items.map((m) => m.timestamp), [10, 11]);
    assert.deepEqual((await store.getMetricHistory(runA, 'never')).items, []);
    await rejectsWith(store.getMetricHistory(runA, '../meta.yaml'), 'INVALID_PARAMETER_VALUE');
  });

  test('bulk interval: validation and per-run points with run ids', async () => {
    const points = await store.getMetricHistoryBulkInterval({ runIds: [runA, runB], metricKey: 'loss', maxResults: 2 });
    assert.deepEqual(points.map((p) => [p.runId, p.step]), [[runA, 0], [runA, 1], [runA, 2]]);
    await rejectsWith(store.getMetricHistoryBulkInterval({ runIds: [runA], metricKey: 'loss', maxResults: 2501 }), 'INVALID_PARAMETER_VALUE');
    await rejectsWith(store.getMetricHistoryBulkInterval({ runIds: Array(101).fill(runA), metricKey: 'loss' }), 'INVALID_PARAMETER_VALUE');
    await rejectsWith(store.getMetricHistoryBulkInterval({ runIds: [runA], metricKey: 'loss', startStep: 1 }), 'INVALID_PARAMETER_VALUE');
    await rejectsWith(store.getMetricHistoryBulkInterval({ runIds: [runA], metricKey: 'loss', startStep: 3, endStep: 1 }), 'INVALID_PARAMETER_VALUE');
  });

  test('logged models: metrics grouped per dataset, deleted ones hidden', async () => {
    const model = await store.getLoggedModel('m-1');
    assert.equal(model.status, 'LOGGED_MODEL_READY');
    assert.equal(model.modelType, undefined);
    assert.deepEqual(model.params, [{ key: 'p', value: '1' }]);
    assert.deepEqual(model.metrics.map((m) => [m.value, m.step, m.datasetName ?? null]).sort(), [[0.1, 1, 'eval'], [0.7, 2, null]]);
    await rejectsWith(store.getLoggedModel('m-3'), 'RESOURCE_DOES_NOT_EXIST');
    await rejectsWith(store.getLoggedModel('..'), 'INVALID_PARAMETER_VALUE');
    assert.deepEqual((await store.searchLoggedModels({ experimentIds: ['0'] })).items.map((m) => m.modelId), ['m-1']);
    assert.deepEqual((await store.searchLoggedModels({ experimentIds: ['0'], filter: "name = 'other'" })).items, []);
  });

  test('every write rejects with PERMISSION_DENIED and leaves the tree untouched', async () => {
    const before = snapshot(root);
    const metric = { key: 'm', value: 1, timestamp: 1, step: 0 };
    const writes: [string, () => Promise<unknown>][] = [
      ['createExperiment', () => store.createExperiment('new')],
      ['renameExperiment', () => store.renameExperiment('0', 'x')],
      ['deleteExperiment', () => store.deleteExperiment('7')],
      ['restoreExperiment', () => store.restoreExperiment('9')],
      ['setExperimentTag', () => store.setExperimentTag('0', { key: 'k', value: 'v' })],
      ['deleteExperimentTag', () => store.deleteExperimentTag('0', 'team/area')],
      ['createRun', () => store.createRun({ experimentId: '0' })],
      ['updateRun', () => store.updateRun(runA, { status: 'FINISHED' })],
      ['deleteRun', () => store.deleteRun(runA)],
      ['restoreRun', () => store.restoreRun(runOld)],
      ['logMetric', () => store.logMetric(runA, metric)],
      ['logParam', () => store.logParam(runA, { key: 'k', value: 'v' })],
      ['setTag', () => store.setTag(runA, { key: 'k', value: 'v' })],
      ['deleteTag', () => store.deleteTag(runA, 'mlflow.runName')],
      ['logBatch', () => store.logBatch(runA, { metrics: [metric] })],
      ['logInputs', () => store.logInputs(runA, [])],
      ['logOutputs', () => store.logOutputs(runA, [])],
      ['createLoggedModel', () => store.createLoggedModel({ experimentId: '0' })],
      ['finalizeLoggedModel', () => store.finalizeLoggedModel('m-1', 'LOGGED_MODEL_READY')],
      ['deleteLoggedModel', () => store.deleteLoggedModel('m-1')],
      ['setLoggedModelTags', () => store.setLoggedModelTags('m-1', [])],
      ['deleteLoggedModelTag', () => store.deleteLoggedModelTag('m-1', 'k')],
      ['logLoggedModelParams', () => store.logLoggedModelParams('m-1', [])],
    ];
    for (const [operation, write] of writes) {
      await rejectsWith(write(), 'PERMISSION_DENIED', new RegExp(`^The mlruns store at .+ is read-only in RunLens: ${operation} is not supported; log to an mlflow\\.db store instead$`, 'u'));
    }
    assert.equal(store.readOnly, true);
    assert.equal(snapshot(root), before);
  });
});

describe('FileRegistryStore on a hand-made tree', () => {
  const version = (name: string, n: number, stage: string, updated: number) =>
    `creation_timestamp: ${n}\ncurrent_stage: ${stage}\ndescription: null\nlast_updated_timestamp: ${updated}\nname: ${name}\nrun_id: r${n}\nsource: runs:/r${n}/model\nstatus: READY\nstorage_location: ${n === 2 ? 'file:///store/2' : 'null'}\nversion: ${n}\n`;
  const root = writeTree({
    '0/meta.yaml': experimentMeta('0', 'Default'),
    'models/m/meta.yaml': 'name: m\ncreation_timestamp: 1\nlast_updated_timestamp: 9\ndescription: demo\n',
    'models/m/tags/owner': 'ml',
    'models/m/aliases/champ': '1',
    'models/m/aliases/next': '2',
    'models/m/version-1/meta.yaml': version('m', 1, 'Production', 5),
    'models/m/version-1/tags/a/b': 'c',
    'models/m/version-2/meta.yaml': version('m', 2, 'Staging', 6),
    'models/m/version-3/meta.yaml': version('m', 3, 'Production', 7),
    'models/m/version-4/meta.yaml': version('m', 4, 'Deleted_Internal', 8),
    'models/m/not-a-version/': '',
    'models/p/meta.yaml': 'name: p\ncreation_timestamp: 1\nlast_updated_timestamp: 1\n',
    'models/p/tags/mlflow.prompt.is_prompt': 'true',
    'models/z/meta.yaml': 'name: z\ncreation_timestamp: 2\nlast_updated_timestamp: 3\n',
  });
  const registry = new FileRegistryStore(`file://${root}`);

  test('a registered model: tags, aliases, latest version per stage without deleted ones', async () => {
    const model = await registry.getRegisteredModel('m');
    assert.equal(model.description, 'demo');
    assert.deepEqual(model.tags, [{ key: 'owner', value: 'ml' }]);
    assert.deepEqual(model.aliases, [{ alias: 'champ', version: '1' }, { alias: 'next', version: '2' }]);
    assert.deepEqual(model.latestVersions.map((v) => [v.currentStage, v.version]), [['Staging', '2'], ['Production', '3']]);
    assert.deepEqual((await registry.getLatestVersions('m', ['production'])).map((v) => v.version), ['3']);
    await rejectsWith(registry.getLatestVersions('m', ['bogus']), 'INVALID_PARAMETER_VALUE');
    await rejectsWith(registry.getRegisteredModel('nope'), 'RESOURCE_DOES_NOT_EXIST');
    await rejectsWith(registry.getRegisteredModel('a/b'), 'INVALID_PARAMETER_VALUE');
  });

  test('model versions: tags, aliases, deleted versions invisible, download URIs', async () => {
    const one = await registry.getModelVersion('m', '1');
    assert.deepEqual(one.tags, [{ key: 'a/b', value: 'c' }]);
    assert.deepEqual(one.aliases, ['champ']);
    assert.equal(one.storageLocation, undefined);
    await rejectsWith(registry.getModelVersion('m', '4'), 'RESOURCE_DOES_NOT_EXIST');
    await rejectsWith(registry.getModelVersion('m', 'x'), 'INVALID_PARAMETER_VALUE');
    assert.equal(await registry.getModelVersionDownloadUri('m', '1'), 'runs:/r1/model');
    assert.equal(await registry.getModelVersionDownloadUri('m', '2'), 'file:///store/2');
    assert.equal((await registry.getModelVersionByAlias('m', 'next')).version, '2');
    assert.equal((await registry.getModelVersionByAlias('m', 'latest')).version, '3');
    await rejectsWith(registry.getModelVersionByAlias('m', 'nope'), 'INVALID_PARAMETER_VALUE');
  });

  test('searches hide prompts and deleted versions', async () => {
    assert.deepEqual((await registry.searchRegisteredModels({})).items.map((m) => m.name), ['m', 'z']);
    const versions = await registry.searchModelVersions({ filter: "name = 'm'" });
    assert.deepEqual(versions.items.map((v) => v.version), ['3', '2', '1'], 'last_updated_timestamp DESC by default');
    const paged = await registry.searchModelVersions({ maxResults: 2 });
    assert.equal(paged.items.length, 2);
    assert.ok(paged.nextPageToken);
  });

  test('every registry write rejects with PERMISSION_DENIED and leaves the tree untouched', async () => {
    const before = snapshot(root);
    const writes: [string, () => Promise<unknown>][] = [
      ['createRegisteredModel', () => registry.createRegisteredModel('n')],
      ['renameRegisteredModel', () => registry.renameRegisteredModel('m', 'n')],
      ['updateRegisteredModel', () => registry.updateRegisteredModel('m', 'd')],
      ['deleteRegisteredModel', () => registry.deleteRegisteredModel('m')],
      ['setRegisteredModelTag', () => registry.setRegisteredModelTag('m', { key: 'k', value: 'v' })],
      ['deleteRegisteredModelTag', () => registry.deleteRegisteredModelTag('m', 'owner')],
      ['createModelVersion', () => registry.createModelVersion({ name: 'm', source: 's' })],
      ['updateModelVersion', () => registry.updateModelVersion('m', '1', 'd')],
      ['deleteModelVersion', () => registry.deleteModelVersion('m', '1')],
      ['transitionModelVersionStage', () => registry.transitionModelVersionStage('m', '1', 'Archived', false)],
      ['setModelVersionTag', () => registry.setModelVersionTag('m', '1', { key: 'k', value: 'v' })],
      ['deleteModelVersionTag', () => registry.deleteModelVersionTag('m', '1', 'a/b')],
      ['setRegisteredModelAlias', () => registry.setRegisteredModelAlias('m', 'x', '1')],
      ['deleteRegisteredModelAlias', () => registry.deleteRegisteredModelAlias('m', 'champ')],
    ];
    for (const [operation, write] of writes) {
      await rejectsWith(write(), 'PERMISSION_DENIED', new RegExp(`read-only in RunLens: ${operation} is not supported`, 'u'));
    }
    assert.equal(registry.readOnly, true);
    assert.equal(snapshot(root), before);
  });
});
