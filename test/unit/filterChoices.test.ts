// The Filter Runs box: a typed expression is offered on top, so Enter applies it even with a history.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { filterChoices } from '../../src/vscode/experiments/runListOptions.ts';

describe('filterChoices', () => {
  const history = ["params.model = 'forest'", 'metrics.accuracy > 0.9'];

  test('a new valid expression comes first and is applied as typed', () => {
    const [first, ...rest] = filterChoices('  metrics.loss < 0.5 ', history);
    assert.equal(first.filter, 'metrics.loss < 0.5');
    assert.equal(first.detail, undefined);
    assert.equal(first.alwaysShow, true);
    assert.deepEqual(rest.map((c) => c.filter), history);
  });

  test('an invalid expression is offered with its problem', () => {
    const [first] = filterChoices('metrics.loss <', history);
    assert.equal(first.filter, 'metrics.loss <');
    assert.match(first.detail ?? '', /\$\(error\) ./u);
  });

  test('a recent expression or an empty box adds no typed row', () => {
    assert.deepEqual(filterChoices('metrics.accuracy > 0.9', history).map((c) => c.filter), history);
    assert.deepEqual(filterChoices('', history).map((c) => c.filter), history);
    assert.deepEqual(filterChoices('', []), []);
  });
});
