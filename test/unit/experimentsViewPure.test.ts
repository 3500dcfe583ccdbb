// The Experiments view's pure parts: nesting child runs, labels, and the run-list query.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Run } from '../../src/shared/entities.ts';
import { nestRuns } from '../../src/vscode/experiments/runHierarchy.ts';
import { emptyRunsMessage, formatBytes, formatMetricValue, keyMetric, orderedTags, relativeTime, runDescription } from '../../src/vscode/experiments/runLabels.ts';
import { artifactLocationOf, artifactRootOf } from '../../src/vscode/artifacts/artifactNodes.ts';
import { loggedModelIdOf } from '../../src/describe/modelLabels.ts';
import type { LoggedModel } from '../../src/shared/entities.ts';
import { filterProblem, orderByProblem, rememberFilter, runPageQuery } from '../../src/vscode/experiments/runListOptions.ts';

function run(runId: string, parent?: string, metrics: [string, number][] = []): Run {
  return {
    info: { runId, runName: runId, experimentId: '1', userId: 'u', status: 'FINISHED', startTime: 0, artifactUri: '', lifecycleStage: 'active' },
    data: {
      metrics: metrics.map(([key, value]) => ({ key, value, timestamp: 0, step: 0 })),
      params: [],
      tags: parent ? [{ key: 'mlflow.parentRunId', value: parent }] : [],
    },
    inputs: { datasetInputs: [], modelInputs: [] },
    outputs: { modelOutputs: [] },
  };
}

const shape = (entries: ReturnType<typeof nestRuns>): unknown => entries.map((e) => (e.children.length ? { [e.run.info.runId]: shape(e.children) } : e.run.info.runId));

describe('nestRuns', () => {
  test('puts children under parents at any depth and keeps the store order', () => {
    const runs = [run('c2', 'p'), run('a'), run('p'), run('g', 'c2'), run('c1', 'p')];
    assert.deepEqual(shape(nestRuns(runs)), ['a', { p: [{ c2: ['g'] }, 'c1'] }]);
  });

  test('a child whose parent is on another page stays at the top', () => {
    assert.deepEqual(shape(nestRuns([run('c', 'elsewhere'), run('b')])), ['c', 'b']);
  });

  test('a parent-tag cycle neither hides runs nor loops', () => {
    const nested = nestRuns([run('a', 'b'), run('b', 'a'), run('self', 'self')]);
    const all: string[] = [];
    const walk = (entries: typeof nested) => entries.forEach((e) => (all.push(e.run.info.runId), walk(e.children)));
    walk(nested);
    assert.deepEqual(all.sort(), ['a', 'b', 'self']);
  });
});

describe('run labels', () => {
  const now = Date.UTC(2026, 10, 26, 12);
  test('relative times pick the largest unit', () => {
    assert.equal(relativeTime(now - 10_000, now), 'just now');
    assert.equal(relativeTime(now - 5 * 60_000, now), '5 min ago');
    assert.equal(relativeTime(now - 3 * 3600_000, now), '3 h ago');
    assert.equal(relativeTime(now - 2 * 86_400_000, now), '2 d ago');
    assert.equal(relativeTime(now - 400 * 86_400_000, now), '1 y ago');
  });

  test('metric values stay short and readable', () => {
    assert.equal(formatMetricValue(0.912345), '0.9123');
    assert.equal(formatMetricValue(42), '42');
    assert.equal(formatMetricValue(1.23456e-7), '1.235e-7');
    assert.equal(formatMetricValue(Number.NaN), 'NaN');
    assert.equal(formatMetricValue(Number.NEGATIVE_INFINITY), '-∞');
    assert.equal(formatMetricValue(1.7976931348623157e308), '∞', 'MLflow stores +inf as DBL_MAX');
  });

  test('the key metric is the configured one, else the first by name', () => {
    const r = run('r', undefined, [['loss', 0.5], ['accuracy', 0.9]]);
    assert.equal(keyMetric(r)?.key, 'accuracy');
    assert.equal(keyMetric(r, 'loss')?.value, 0.5);
    const withInf = run('i', undefined, [['inf_metric', Number.MAX_VALUE], ['nan', Number.NaN], ['val_loss', 0.2]]);
    assert.equal(keyMetric(withInf)?.key, 'val_loss', 'a finite metric is a better default than ±inf or NaN');
    assert.equal(runDescription({ ...r, info: { ...r.info, startTime: now - 120_000 } }, now, 'loss'), 'loss 0.5 · 2 min ago');
  });

  test('a run without the chosen key metric shows its first finite metric by name, as promised', () => {
    const r = run('r', undefined, [['loss', 0.5], ['accuracy', 0.9]]);
    assert.equal(keyMetric(r, 'f1')?.key, 'accuracy');
    assert.equal(runDescription(r, 0, 'f1'), 'accuracy 0.9');
    assert.equal(keyMetric(run('none'), 'f1'), undefined);
  });

  test('tags: the user\'s first, then MLflow\'s system tags (user, source, git commit), all of them', () => {
    const tags = [
      { key: 'mlflow.user', value: 'ana' }, { key: 'team', value: 'vision' },
      { key: 'mlflow.source.git.commit', value: 'abc123' }, { key: 'model', value: 'forest' },
    ];
    assert.deepEqual(orderedTags(tags).map((t) => t.key), ['model', 'team', 'mlflow.source.git.commit', 'mlflow.user']);
    assert.deepEqual(orderedTags([{ key: 'mlflow.user', value: 'ana' }]).map((t) => t.key), ['mlflow.user'], 'system-only runs still show their tags');
  });

  test('an experiment with no run to show says why', () => {
    assert.equal(emptyRunsMessage("params.model = 'svm'"), "No runs match the filter params.model = 'svm'");
    assert.equal(emptyRunsMessage(undefined), 'No runs');
  });

  test('byte sizes', () => {
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(23 * 1024 * 1024), '23 MB');
  });
});

describe('run list options', () => {
  test('the page query carries filter, order, view type and page size', () => {
    assert.deepEqual(runPageQuery('7', { filter: "params.a = '1'", orderBy: 'metrics.loss ASC', showDeleted: true, pageSize: 50 }, 'tok'), {
      experimentIds: ['7'], filter: "params.a = '1'", orderBy: ['metrics.loss ASC'], runViewType: 'ALL', maxResults: 50, pageToken: 'tok',
    });
    const plain = runPageQuery('7', { showDeleted: false, pageSize: 200 });
    assert.equal(plain.runViewType, 'ACTIVE_ONLY');
    assert.equal(plain.filter, undefined);
    assert.equal(plain.orderBy, undefined);
  });

  test('filters and orders are validated with MLflow search syntax', () => {
    assert.equal(filterProblem("metrics.accuracy > 0.9 and params.model = 'forest'"), undefined);
    assert.equal(filterProblem(''), undefined);
    assert.match(filterProblem('metrics.accuracy >') ?? '', /./u);
    assert.match(filterProblem("bogus.key = 'x'") ?? '', /bogus/u);
    assert.equal(orderByProblem('metrics.`val loss` DESC'), undefined);
    assert.match(orderByProblem('nonsense.key') ?? '', /./u);
  });

  test('filter history is newest first, unique and bounded', () => {
    assert.deepEqual(rememberFilter(['b', 'a'], 'a'), ['a', 'b']);
    assert.deepEqual(rememberFilter(['b'], '  '), ['b']);
    assert.equal(rememberFilter(Array.from({ length: 20 }, (_, i) => `f${i}`), 'new').length, 10);
  });
});

describe('logged model rows', () => {
  const model: LoggedModel = {
    modelId: 'm-abc', experimentId: '1', name: 'clf', artifactUri: '/store/1/models/m-abc/artifacts', creationTimestampMs: 0, lastUpdatedTimestampMs: 0,
    status: 'LOGGED_MODEL_READY', lifecycleStage: 'active', tags: [], params: [], metrics: [],
  };

  test('a logged model\'s file is read from the model, a run\'s file from the run', () => {
    const r = { ...run('r1'), info: { ...run('r1').info, artifactUri: '/store/1/r1/artifacts' } };
    assert.deepEqual(artifactLocationOf({ kind: 'artifact', model, run: r, path: 'MLmodel', isDir: false }), { owner: 'models', id: 'm-abc', path: 'MLmodel' });
    assert.equal(artifactRootOf({ kind: 'artifact', model, path: 'MLmodel', isDir: false }), '/store/1/models/m-abc/artifacts');
    assert.deepEqual(artifactLocationOf({ kind: 'artifact', run: r, path: 'plots/a.png', isDir: false }), { owner: 'runs', id: 'r1', path: 'plots/a.png' });
    assert.equal(artifactRootOf({ kind: 'artifact', run: r, path: 'plots/a.png', isDir: false }), '/store/1/r1/artifacts');
  });

  test('a model version made from a logged model knows it; other sources do not', () => {
    assert.equal(loggedModelIdOf({ source: 'models:/m-abc' }), 'm-abc');
    assert.equal(loggedModelIdOf({ source: 'file:///x', modelId: 'm-def' }), 'm-def');
    assert.equal(loggedModelIdOf({ source: '/store/1/r1/artifacts/model' }), undefined);
    assert.equal(loggedModelIdOf({ source: 'models:/iris/1' }), undefined);
    assert.equal(loggedModelIdOf({ source: 'models:/m-abc/MLmodel' }), undefined);
  });
});
