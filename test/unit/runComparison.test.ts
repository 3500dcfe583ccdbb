// Compare Runs' rows: differences, best values, baseline deltas, parallel-coordinate axes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ComparedRun } from '../../src/shared/compareProtocol.ts';
import { compareRuns, lowerIsBetter, parallelAxes, varyingParams } from '../../src/shared/runComparison.ts';

function run(runId: string, params: Record<string, string>, metrics: Record<string, number>, tags: Record<string, string> = {}): ComparedRun {
  return { runId, name: runId, experimentName: 'exp', status: 'FINISHED', startTime: 0, endTime: 2000, user: 'me', params, metrics, tags };
}

const a = run('a', { lr: '0.1', model: 'forest', seed: '1' }, { loss: 0.5, accuracy: 0.8 });
const b = run('b', { lr: '0.01', model: 'forest', seed: '1' }, { loss: 0.25, accuracy: 0.9 }, { note: 'x' });
const c = run('c', { lr: '0.001', model: 'logreg', seed: '1' }, { loss: 0.4 });

describe('compareRuns', () => {
  test('"only differences" keeps the rows whose values differ, missing values included', () => {
    const rows = compareRuns([a, b], { onlyDifferences: true });
    assert.deepEqual(rows.map((r) => `${r.section}.${r.key}`), ['params.lr', 'metrics.accuracy', 'metrics.loss', 'tags.note']);
    const all = compareRuns([a, b], { onlyDifferences: false });
    assert.ok(all.some((r) => r.key === 'seed' && !r.differs));
    assert.deepEqual(all.find((r) => r.key === 'note')?.values, [undefined, 'x']);
  });

  test('the best value is the lowest for loss-like names, else the highest, and flips on request', () => {
    const rows = compareRuns([a, b, c], { onlyDifferences: false });
    assert.equal(rows.find((r) => r.key === 'loss')?.best, 1);
    assert.equal(rows.find((r) => r.key === 'accuracy')?.best, 1);
    const flipped = compareRuns([a, b, c], { onlyDifferences: false, flippedMetrics: ['loss'] });
    assert.equal(flipped.find((r) => r.key === 'loss')?.best, 0);
    assert.equal(lowerIsBetter('val_error'), true);
    assert.equal(lowerIsBetter('f1'), false);
  });

  test('deltas against a baseline, absolute and in percent', () => {
    const loss = compareRuns([a, b, c], { onlyDifferences: true, baselineRunId: 'a' }).find((r) => r.key === 'loss');
    assert.deepEqual(loss?.deltas, [0, -0.25, -0.09999999999999998]);
    assert.deepEqual(loss?.deltaPercents?.map((p) => p?.toFixed(1)), ['0.0', '-50.0', '-20.0']);
    const accuracy = compareRuns([a, c], { onlyDifferences: true, baselineRunId: 'a' }).find((r) => r.key === 'accuracy');
    assert.deepEqual(accuracy?.deltas, [0, undefined]);
  });

  test('NaN never wins', () => {
    const rows = compareRuns([run('n', {}, { loss: Number.NaN }), run('m', {}, { loss: 3 })], { onlyDifferences: false });
    assert.equal(rows.find((r) => r.key === 'loss')?.best, 1);
  });
});

describe('parallel coordinates', () => {
  test('axes are the varying params (numeric or categorical) and then the metric', () => {
    assert.deepEqual(varyingParams([a, b, c]), ['lr', 'model']);
    const axes = parallelAxes([a, b, c], 'loss');
    assert.deepEqual(axes.map((x) => x.key), ['lr', 'model', 'loss']);
    assert.deepEqual(axes[0].values, [0.1, 0.01, 0.001]);
    assert.deepEqual(axes[1], { key: 'model', values: [0, 0, 1], categories: ['forest', 'logreg'] });
    assert.deepEqual(axes[2].values, [0.5, 0.25, 0.4]);
  });
});
