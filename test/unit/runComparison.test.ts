// Compare Runs' rows: differences, best values, baseline deltas, parallel-coordinate axes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ComparedRun } from '../../src/shared/compareProtocol.ts';
import { bestIndexes, compareRuns, deltaVerdict, lowerIsBetter, parallelAxes, runTooltipLines, spansDecades, varyingParams } from '../../src/shared/runComparison.ts';

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
    assert.deepEqual(rows.find((r) => r.key === 'loss')?.best, [1]);
    assert.deepEqual(rows.find((r) => r.key === 'accuracy')?.best, [1]);
    const flipped = compareRuns([a, b, c], { onlyDifferences: false, flippedMetrics: ['loss'] });
    assert.deepEqual(flipped.find((r) => r.key === 'loss')?.best, [0]);
    assert.equal(lowerIsBetter('val_error'), true);
    assert.equal(lowerIsBetter('f1'), false);
  });

  test('every run tied at the best value is marked best, and none when all values are equal', () => {
    const tied = [run('p', {}, { accuracy: 1 }), run('q', {}, { accuracy: 0.5 }), run('r', {}, { accuracy: 1 }), run('s', {}, {}), run('t', {}, { accuracy: 1 })];
    assert.deepEqual(compareRuns(tied, { onlyDifferences: false }).find((r) => r.key === 'accuracy')?.best, [0, 2, 4]);
    assert.deepEqual(bestIndexes([0.2, 0.1, 0.1, Number.NaN], true), [1, 2]);
    assert.deepEqual(bestIndexes([1, 1, undefined], false), []);
    assert.deepEqual(bestIndexes([3, undefined], false), []);
  });

  test('a delta is better or worse by the metric\'s direction, and follows a flip', () => {
    const base = run('base', {}, { val_loss: 0.5, accuracy: 0.8 });
    const lower = run('lower', {}, { val_loss: 0.4, accuracy: 0.7 });
    const rows = compareRuns([base, lower], { onlyDifferences: false, baselineRunId: 'base' });
    assert.deepEqual(rows.find((r) => r.key === 'val_loss')?.deltaVerdicts, ['same', 'better']);
    assert.deepEqual(rows.find((r) => r.key === 'accuracy')?.deltaVerdicts, ['same', 'worse']);
    const flipped = compareRuns([base, lower], { onlyDifferences: false, baselineRunId: 'base', flippedMetrics: ['val_loss'] });
    assert.deepEqual(flipped.find((r) => r.key === 'val_loss')?.deltaVerdicts, ['same', 'worse']);
    assert.equal(deltaVerdict(undefined, true), undefined);
    assert.equal(deltaVerdict(Number.NaN, true), undefined);
    assert.equal(deltaVerdict(2, false), 'better');
  });

  test('deltas against a baseline, absolute and in percent', () => {
    const loss = compareRuns([a, b, c], { onlyDifferences: true, baselineRunId: 'a' }).find((r) => r.key === 'loss');
    assert.deepEqual(loss?.deltas, [0, -0.25, -0.09999999999999998]);
    assert.deepEqual(loss?.deltaVerdicts, ['same', 'better', 'better']);
    assert.deepEqual(loss?.deltaPercents?.map((p) => p?.toFixed(1)), ['0.0', '-50.0', '-20.0']);
    const accuracy = compareRuns([a, c], { onlyDifferences: true, baselineRunId: 'a' }).find((r) => r.key === 'accuracy');
    assert.deepEqual(accuracy?.deltas, [0, undefined]);
  });

  test('NaN never wins', () => {
    const rows = compareRuns([run('n', {}, { loss: Number.NaN }), run('m', {}, { loss: 3 })], { onlyDifferences: false });
    assert.deepEqual(rows.find((r) => r.key === 'loss')?.best, [1]);
  });
});

describe('parallel coordinates', () => {
  test('axes are the varying params (numeric or categorical) and then the metric', () => {
    assert.deepEqual(varyingParams([a, b, c]), ['lr', 'model']);
    const axes = parallelAxes([a, b, c], 'loss');
    assert.deepEqual(axes.map((x) => x.key), ['lr', 'model', 'loss']);
    assert.deepEqual(axes[0].values, [0.1, 0.01, 0.001]);
    assert.deepEqual(axes[1], { key: 'model', source: 'param', values: [0, 0, 1], categories: ['forest', 'logreg'] });
    assert.deepEqual(axes[2], { key: 'loss', source: 'metric', values: [0.5, 0.25, 0.4] });
  });

  test('a positive numeric param spanning two decades or more gets a log axis', () => {
    // lr 0.1 .. 0.001 spans 100x: log. Seeds, negatives, zeros or a narrow span stay linear.
    assert.equal(parallelAxes([a, b, c], 'loss')[0].log, true);
    assert.equal(spansDecades([1e-4, 1e-3, 1e-2, 1e-1]), true);
    assert.equal(spansDecades([1e-3, Number.NaN, 1e-1]), true);
    assert.equal(spansDecades([1, 50, 99]), false);
    assert.equal(spansDecades([0, 1, 1000]), false);
    assert.equal(spansDecades([-1, 1000]), false);
    assert.equal(spansDecades([100]), false);
    const seeds = parallelAxes([run('x', { seed: '1' }, {}), run('y', { seed: '42' }, {})], undefined);
    assert.equal(seeds[0].log, undefined);
  });

  test('a run\'s tooltip lists its params as logged and the metric, even where keys collide', () => {
    const one = run('one', { lr: '1e-4', opt: 'adam' }, { lr: 0.5, loss: 0.123456789 });
    const two = run('two', { lr: '1e-1', opt: 'sgd' }, {});
    const axes = parallelAxes([one, two], 'lr');
    assert.deepEqual(runTooltipLines([one, two], axes, 0), ['lr: 1e-4', 'opt: adam', 'lr: 0.5']);
    assert.deepEqual(runTooltipLines([one, two], axes, 1), ['lr: 1e-1', 'opt: sgd', 'lr: —']);
    assert.deepEqual(runTooltipLines([one, two], axes, 5), []);
  });
});
