// The point-by-point fold behind runlens_metricSummary agrees with the obvious whole-array
// computation, including histories whose timestamp order is not their step order, NaN points and
// repeated steps, where "latest" follows MLflow's (step, timestamp, value) rule.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MetricFold, TREND_VALUES } from '../../src/tools/metricStats.ts';

interface Point {
  step: number;
  timestamp: number;
  value: number;
}

/** A deterministic pseudo-random history: steps shuffled against timestamps, some repeated, some NaN. */
function history(n: number, seed: number): Point[] {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  return Array.from({ length: n }, (_, i) => ({ step: Math.floor(next() * n / 2), timestamp: 1000 + i, value: next() < 0.05 ? NaN : Math.round(next() * 1000) / 10 }));
}

const byLatest = (a: Point, b: Point) => a.step - b.step || a.timestamp - b.timestamp || a.value - b.value;

test('min, max, latest, best and the tail equal a whole-array computation', () => {
  for (const [n, seed, tail] of [[1, 1, 10], [2, 2, 10], [50, 3, 10], [5000, 4, 25], [300, 5, 2]] as const) {
    const points = history(n, seed);
    const fold = new MetricFold(tail, true);
    for (const p of points) fold.add(p);
    const stats = fold.result();
    const finite = points.filter((p) => !Number.isNaN(p.value));
    const min = Math.min(...finite.map((p) => p.value));
    const max = Math.max(...finite.map((p) => p.value));
    assert.equal(stats.points, n);
    assert.equal(stats.nanPoints, points.length - finite.length || undefined);
    if (finite.length) {
      assert.equal(stats.min!.value, min);
      assert.equal(stats.max!.value, max);
      assert.equal(stats.min!.step, finite.find((p) => p.value === min)!.step, 'the first point holding the min, in history order');
      assert.deepEqual(stats.best, stats.min, 'lower is better here');
    }
    const sorted = [...points].sort(byLatest);
    const latest = sorted.at(-1)!;
    assert.deepEqual(stats.last, { value: latest.value, step: latest.step });
    if (n >= 2) {
      const expectedTail = sorted.slice(-tail);
      assert.equal(stats.trend!.points, expectedTail.length);
      assert.equal(stats.trend!.fromStep, expectedTail[0].step);
      assert.equal(stats.trend!.values.length, Math.min(expectedTail.length, TREND_VALUES));
      assert.ok(Object.is(stats.trend!.values.at(-1), latest.value));
    } else {
      assert.equal(stats.trend, undefined, 'one point has no trend');
    }
  }
});

test('trend direction and relative change', () => {
  const rising = new MetricFold(10, false);
  for (let step = 0; step < 100; step++) rising.add({ step, timestamp: step, value: step / 100 });
  const r = rising.result();
  assert.equal(r.trend!.direction, 'rising');
  assert.equal(r.trend!.fromStep, 90);
  assert.equal(r.trend!.relativeChange, 0.1, "(0.99 - 0.9) / 0.9, to six significant digits");
  assert.deepEqual(r.best, { value: 0.99, step: 99 });
  const flat = new MetricFold(5, false);
  for (let step = 0; step < 8; step++) flat.add({ step, timestamp: step, value: 3 });
  assert.equal(flat.result().trend!.direction, 'flat');
  const empty = new MetricFold(5, false).result();
  assert.deepEqual(empty, { points: 0 });
});
