// Grouping charted runs by a param or tag (aggregated curves): which runs fall together, where
// the runs without the value go, the order and the legend labels.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { groupByChoices, groupRuns, parseGroupBy, type GroupableRun } from '../../src/shared/runGroups.ts';

const runs: GroupableRun[] = [
  { runId: 'r1', params: { config: 'wide', lr: '0.01', seed: '1' }, tags: { team: 'vision' } },
  { runId: 'r2', params: { config: 'deep', lr: '1e-3', seed: '1' } },
  { runId: 'r3', params: { config: 'wide', lr: '0.1', seed: '2' }, tags: { team: 'vision', 'mlflow.runName': 'r3' } },
  { runId: 'r4', params: { lr: '0.01' }, tags: { team: 'nlp' } },
  { runId: 'r5', params: { config: 'deep', lr: '0.1', seed: '2' } },
];

describe('run groups for aggregated curves', () => {
  test('runs sharing a param value form one group, in run order; runs without it form their own, last', () => {
    const groups = groupRuns(runs, { kind: 'param', name: 'config' });
    assert.deepEqual(groups.map((g) => [g.value, g.runIds, g.label, g.colorIndex]), [
      ['deep', ['r2', 'r5'], 'config=deep (2 runs)', 0],
      ['wide', ['r1', 'r3'], 'config=wide (2 runs)', 1],
      [undefined, ['r4'], 'config not set (1 run)', 2],
    ]);
  });

  test('numeric values are ordered as numbers, not as text', () => {
    const groups = groupRuns(runs, { kind: 'param', name: 'lr' });
    assert.deepEqual(groups.map((g) => g.value), ['1e-3', '0.01', '0.1']);
    assert.deepEqual(groups.map((g) => g.runIds.length), [1, 2, 2]);
  });

  test('tags group the same way, and every run lands in exactly one group', () => {
    const groups = groupRuns(runs, { kind: 'tag', name: 'team' });
    assert.deepEqual(groups.map((g) => g.label), ['team=nlp (1 run)', 'team=vision (2 runs)', 'team not set (2 runs)']);
    assert.deepEqual(groups.flatMap((g) => g.runIds).sort(), runs.map((r) => r.runId));
  });

  test('an empty value is a value (a group of its own), distinct from not set', () => {
    const groups = groupRuns([{ runId: 'a', params: { note: '' } }, { runId: 'b' }], { kind: 'param', name: 'note' });
    assert.deepEqual(groups.map((g) => g.label), ['note= (1 run)', 'note not set (1 run)']);
  });

  test('the choices are every param then every tag any run has; the state value round-trips', () => {
    const choices = groupByChoices(runs);
    assert.deepEqual(choices.map((c) => c.label), ['Param: config', 'Param: lr', 'Param: seed', 'Tag: mlflow.runName', 'Tag: team']);
    assert.deepEqual(parseGroupBy(choices[3].value), { kind: 'tag', name: 'mlflow.runName' });
    assert.deepEqual(parseGroupBy('param:a:b'), { kind: 'param', name: 'a:b' });
    assert.equal(parseGroupBy(undefined), undefined);
    assert.equal(parseGroupBy(''), undefined);
    assert.equal(parseGroupBy('metric:loss'), undefined);
  });
});
