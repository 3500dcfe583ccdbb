// How Compare Runs and the runs table show metrics at a chosen step: values replaced, an earlier
// step's value marked "≤" with the step it comes from, "—" for a run that logged the key later.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ComparedRun } from '../../src/shared/compareProtocol.ts';
import type { Run } from '../../src/shared/entities.ts';
import { atStepCellText, atStepNote, metricKeysOf, stepRange, withValuesAtStep } from '../../src/shared/metricsAtStepCells.ts';

const run: ComparedRun = {
  runId: 'r1', name: 'r1', experimentName: 'e', status: 'FINISHED', user: 'u', params: {}, tags: {},
  metrics: { loss: 0.1, accuracy: 0.9, f1: 0.8, lr: 0.001 },
};

test('at a step: values replaced, later-only keys listed, keys not asked for left out', () => {
  const values = new Map([['loss', { value: 0.5, step: 50, exact: true }], ['accuracy', { value: 0.7, step: 40, exact: false }]]);
  const shown = withValuesAtStep(run, 50, ['loss', 'accuracy', 'f1', 'never-logged'], values);
  assert.deepEqual(shown.metrics, { loss: 0.5, accuracy: 0.7 });
  assert.deepEqual(shown.atStep, { step: 50, loggedAt: { loss: 50, accuracy: 40 }, later: ['f1'] });
  assert.deepEqual(run.metrics, { loss: 0.1, accuracy: 0.9, f1: 0.8, lr: 0.001 }, 'the latest values are not changed in place');
});

test('cells: exact values unmarked, earlier ones "≤" with their step, later-only "—"', () => {
  const values = new Map([['loss', { value: 0.5, step: 50, exact: true }], ['accuracy', { value: 0.7, step: 40, exact: false }]]);
  const shown = withValuesAtStep(run, 50, ['loss', 'accuracy', 'f1'], values);
  assert.equal(atStepNote(shown, 'loss'), undefined);
  assert.deepEqual(atStepCellText(shown, 'loss', '0.5'), { text: '0.5' });
  assert.deepEqual(atStepCellText(shown, 'accuracy', '0.7'), { text: '≤ 0.7', title: 'step 40 (no value at 50)' });
  assert.deepEqual(atStepCellText(shown, 'f1', '—'), { text: '—', title: 'first logged after step 50' });
  assert.deepEqual(atStepCellText(shown, 'other', ''), { text: '' });
  assert.deepEqual(atStepCellText(run, 'loss', '0.1'), { text: '0.1' }, 'latest values carry no marker');
});

test('the slider spans the runs\' latest steps from 0 (or below, for negative steps)', () => {
  const at = (steps: number[]): Run => ({ info: {} as Run['info'], data: { metrics: steps.map((step) => ({ key: `k${step}`, value: 0, timestamp: 0, step })), params: [], tags: [] } } as unknown as Run);
  assert.deepEqual(stepRange([at([90]), at([1000, 5])]), { min: 0, max: 1000 });
  assert.deepEqual(stepRange([at([-3, 7])]), { min: -3, max: 7 });
  assert.equal(stepRange([at([])]), undefined);
  assert.deepEqual(metricKeysOf(['attributes.run_name', 'metrics.loss', 'params.lr', 'metrics.val/acc']), ['loss', 'val/acc']);
});
