// Each run's value at a chosen step, or the nearest earlier one, marked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { valueAtStep } from '../../src/shared/metricAtStep.ts';

const history = [
  { step: 0, timestamp: 10, value: 1 },
  { step: 5, timestamp: 20, value: 0.5 },
  { step: 5, timestamp: 30, value: 0.4 }, // logged again later: this one counts
  { step: 10, timestamp: 40, value: 0.2 },
  { step: 3, timestamp: 50, value: 0.7 }, // out of order
];

test('the value at a step, the nearest earlier one marked inexact, nothing before the first step', () => {
  assert.deepEqual(valueAtStep(history, 5), { value: 0.4, step: 5, exact: true });
  assert.deepEqual(valueAtStep(history, 4), { value: 0.7, step: 3, exact: false });
  assert.deepEqual(valueAtStep(history, 99), { value: 0.2, step: 10, exact: false });
  assert.equal(valueAtStep(history, -1), undefined);
  assert.equal(valueAtStep([], 0), undefined);
});
