// The importance panel's scatter layout and its host-side data (issue 15, item 3).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MISSING_LEVEL, type ImportanceRun } from '../../src/shared/paramEncoding.ts';
import { scatterLayout } from '../../src/shared/scatterPoints.ts';
import { metricKeysOf, scatterData } from '../../src/vscode/importance/importanceRuns.ts';

const runs: ImportanceRun[] = [
  { runId: 'a', name: 'a', params: { lr: '0.001', opt: 'adam' }, metrics: { loss: 0.5, acc: 0.9 } },
  { runId: 'b', name: 'b', params: { lr: '0.1', opt: 'sgd' }, metrics: { loss: 0.7 } },
  { runId: 'c', name: 'c', params: { opt: 'adam' }, metrics: { loss: 0.6 } },
  { runId: 'd', name: 'd', params: { lr: '0.01' }, metrics: { loss: NaN } },
];

test('scatter data covers the runs with a finite metric, in order, null where a param is missing', () => {
  assert.deepEqual(metricKeysOf(runs), ['acc', 'loss']);
  const data = scatterData(runs, 'loss', 'lr', 'opt');
  assert.deepEqual(data, { param: 'lr', x: ['0.001', '0.1', null], colourParam: 'opt', colour: ['adam', 'sgd', 'adam'], y: [0.5, 0.7, 0.6], names: ['a', 'b', 'c'] });
});

test('a numeric param spanning decades gets a log axis; runs without it are counted, not drawn', () => {
  const layout = scatterLayout(scatterData(runs, 'loss', 'lr'));
  assert.equal(layout.kind, 'numeric');
  assert.equal(layout.logarithmic, true);
  assert.equal(layout.missing, 1);
  assert.deepEqual(layout.points.map((p) => [p.x, p.y, p.run]), [[0.001, 0.5, 0], [0.1, 0.7, 1]]);
});

test('a categorical param gets one slot per value, points jittered within their slot', () => {
  const layout = scatterLayout({ param: 'opt', x: ['adam', 'sgd', null, 'adam'], y: [1, 2, 3, 4], names: ['a', 'b', 'c', 'd'] });
  assert.equal(layout.kind, 'categorical');
  assert.deepEqual(layout.categories, ['adam', 'sgd', MISSING_LEVEL]);
  const slots = layout.points.map((p) => Math.round(p.x) || 0);
  assert.deepEqual(slots, [0, 1, 2, 0]);
  for (const p of layout.points) assert.ok(Math.abs(p.x - Math.round(p.x)) <= 0.15);
  assert.deepEqual(scatterLayout({ param: 'opt', x: ['adam', 'sgd', null, 'adam'], y: [1, 2, 3, 4], names: [] }).points, layout.points, 'the jitter is the same on every draw');
});
