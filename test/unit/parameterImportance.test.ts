// Parameter importance (issue 15, item 3) on synthetic runs where we decide what drives the metric.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forestImportance } from '../../src/importance/forestImportance.ts';
import { parameterImportance } from '../../src/importance/parameterImportance.ts';
import { encodeParams, importancePerParam, MISSING_LEVEL, paramKind, type ImportanceRun } from '../../src/shared/paramEncoding.ts';

/** A seeded generator independent of the code under test (an LCG). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function run(i: number, params: Record<string, string>, metrics: Record<string, number>): ImportanceRun {
  return { runId: `r${i}`, name: `run ${i}`, params, metrics };
}

/** 300 runs: lr drives the loss; batch, seed and the optimizer are noise. */
function sweep(): ImportanceRun[] {
  const random = lcg(7);
  const pick = <T>(values: T[]) => values[Math.floor(random() * values.length)];
  return Array.from({ length: 300 }, (_, i) => {
    const lr = pick([0.0001, 0.001, 0.01, 0.1]);
    const params = { lr: String(lr), batch: String(pick([16, 32, 64, 128])), seed: String(i), optimizer: pick(['adam', 'sgd', 'rmsprop']) };
    return run(i, params, { loss: -Math.log10(lr) * 0.5 + random() * 0.3 });
  });
}

test('the param that drives the metric ranks first by importance and by |Spearman|', () => {
  const result = parameterImportance(sweep(), 'loss');
  assert.equal(result.runsUsed, 300);
  assert.equal(result.params[0].param, 'lr');
  assert.ok(result.params[0].importance > 0.8, `lr importance ${result.params[0].importance}`);
  const byRho = result.params.filter((p) => p.spearman !== undefined).sort((a, b) => Math.abs(b.spearman!) - Math.abs(a.spearman!));
  assert.equal(byRho[0].param, 'lr');
  assert.ok(byRho[0].spearman! < -0.8, 'a higher learning rate gives a lower loss');
  // Importances are shares: they sum to 1 across params.
  assert.ok(Math.abs(result.params.reduce((s, p) => s + p.importance, 0) - 1) < 1e-9);
  // The categorical param has no Spearman value ("—" on the page).
  const optimizer = result.params.find((p) => p.param === 'optimizer');
  assert.equal(optimizer?.kind, 'categorical');
  assert.equal(optimizer?.spearman, undefined);
});

test('a categorical param that drives the metric: its one-hot columns add up to the top importance', () => {
  const random = lcg(11);
  const effect: Record<string, number> = { adam: 0, sgd: 2, rmsprop: 1, adagrad: 3 };
  const runs = Array.from({ length: 200 }, (_, i) => {
    const optimizer = Object.keys(effect)[i % 4];
    return run(i, { optimizer, width: String(Math.floor(random() * 100)) }, { acc: effect[optimizer] + random() * 0.2 });
  });
  const encoded = encodeParams(runs, ['optimizer', 'width']);
  assert.deepEqual(encoded.params.map((p) => [p.param, p.kind, p.levels?.length]), [['optimizer', 'categorical', 4], ['width', 'numeric', undefined]]);
  assert.equal(encoded.rows[0].length, 5, 'four one-hot columns and one numeric');
  assert.deepEqual(encoded.columnParam, [0, 0, 0, 0, 1]);
  for (const row of encoded.rows) assert.equal(row.slice(0, 4).reduce((s, v) => s + v, 0), 1, 'exactly one level is hot');

  const columns = forestImportance(encoded.rows, runs.map((r) => r.metrics.acc));
  const perParam = importancePerParam(columns, encoded.columnParam, 2);
  assert.ok(Math.abs(perParam[0] - columns.slice(0, 4).reduce((s, v) => s + v, 0)) < 1e-12);
  assert.ok(perParam[0] > 0.9, `optimizer importance ${perParam[0]}`);
  assert.deepEqual(parameterImportance(runs, 'acc').params.map((p) => p.param), ['optimizer', 'width']);
});

test('one-hot folding sums columns back per param', () => {
  assert.deepEqual(importancePerParam([0.1, 0.2, 0.3, 0.4], [0, 1, 1, 2], 3).map((v) => Number(v.toFixed(12))), [0.1, 0.5, 0.4]);
});

test('missing values: runs without the metric are left out, a missing number falls below every logged one, a missing category is a level', () => {
  const runs = [
    run(0, { lr: '0.1', opt: 'adam' }, { loss: 1 }),
    run(1, { lr: '0.3', opt: 'sgd' }, { loss: 2 }),
    run(2, { opt: 'sgd' }, { loss: 3 }),
    run(3, { lr: '0.2' }, { loss: 4 }),
    run(4, { lr: '0.5', opt: 'adam' }, { other: 1 }),
    run(5, { lr: '0.5', opt: 'adam' }, { loss: NaN }),
  ];
  const encoded = encodeParams(runs.slice(0, 4), ['lr', 'opt']);
  // lr: logged 0.1..0.3, missing → 0.1 − (0.3 − 0.1) − 1 = −1.1
  assert.deepEqual(encoded.rows.map((row) => Number(row[0].toFixed(12))), [0.1, 0.3, -1.1, 0.2]);
  assert.deepEqual(encoded.params[1].levels?.slice().sort(), [MISSING_LEVEL, 'adam', 'sgd'].sort());
  const result = parameterImportance(runs, 'loss');
  assert.equal(result.runsUsed, 4);
  assert.equal(result.runsWithoutMetric, 2);
  const lr = result.params.find((p) => p.param === 'lr');
  assert.equal(lr?.runsWithParam, 3);
  // Spearman over the three runs that logged lr: (0.1,1) (0.3,2) (0.2,4) → ranks (1,1) (3,2) (2,3) → rho 0.5
  assert.ok(Math.abs((lr?.spearman ?? NaN) - 0.5) < 1e-12);
});

test('param kinds: numbers, words, a missing value, constants', () => {
  assert.equal(paramKind(['1', '2.5', '1e-3']), 'numeric');
  assert.equal(paramKind(['1', 'auto']), 'categorical');
  assert.equal(paramKind(['True', 'False']), 'categorical');
  assert.equal(paramKind(['3', undefined]), 'categorical', 'one number and missing: logged or not is the only signal');
  assert.equal(paramKind(['3', '3', '3.0']), undefined, 'one number written two ways is still constant');
  assert.equal(paramKind([undefined, undefined]), undefined);
  const encoded = encodeParams([run(0, { a: '1', c: 'x' }, {}), run(1, { a: '2', c: 'x' }, {})], ['a', 'c']);
  assert.deepEqual(encoded.constant, ['c']);
});

test('a metric no param explains gets no importance rather than a division by zero', () => {
  const runs = Array.from({ length: 20 }, (_, i) => run(i, { a: String(i % 3) }, { m: 1 }));
  const result = parameterImportance(runs, 'm');
  assert.deepEqual(result.params.map((p) => p.importance), [0]);
  assert.equal(result.params[0].spearman, undefined);
});
