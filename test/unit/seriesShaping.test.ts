// Shaping metric histories for the charts: buckets keep min, max, first and last, smoothing,
// live appends, CSV escaping, the packed wire format, run colours; and the host's ChartsData over
// a real SQLite store (full history, zoomed ranges, live polling).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { bucketBudget, MAX_SERIES_MESSAGE_BYTES, packSeries, unpackSeries } from '../../src/shared/chartsProtocol.ts';
import {
  appendPoints, assignRunColors, emaSmooth, MetricColumns, metricsCsv, RUN_PALETTE, runColorIndex, shapeSeries, sortedSeries,
  type SortedSeries,
} from '../../src/shared/seriesShaping.ts';
import { openSqliteStore } from '../../src/store/sqlite/openSqliteStore.ts';
import { ChartsData } from '../../src/vscode/charts/chartsData.ts';

function series(values: number[], xs = values.map((_, i) => i)): SortedSeries {
  return { xs: Float64Array.from(xs), ys: Float64Array.from(values), steps: Float64Array.from(xs) };
}

describe('shapeSeries', () => {
  test('keeps every point when there are no more points than buckets', () => {
    const shaped = shapeSeries(series([3, 1, 2]), { buckets: 10 });
    assert.deepEqual(shaped.x, [0, 1, 2]);
    assert.deepEqual(shaped.last, [3, 1, 2]);
    assert.deepEqual(shaped.min, [3, 1, 2]);
    assert.deepEqual(shaped.max, [3, 1, 2]);
    assert.equal(shaped.points, 3);
    assert.equal(shaped.bucketWidth, 0);
  });

  test('each bucket keeps its first, last, min and max value, so a one-point spike survives', () => {
    const values = Array.from({ length: 1000 }, (_, i) => Math.sin(i / 50));
    values[437] = 1e6;
    values[612] = -1e6;
    const shaped = shapeSeries(series(values), { buckets: 10 });
    assert.equal(shaped.x.length, 10);
    for (let b = 0; b < 10; b++) {
      const inBucket = values.slice(b * 100, b * 100 + 100);
      assert.equal(shaped.first[b], inBucket[0]);
      assert.equal(shaped.last[b], inBucket[99]);
      assert.equal(shaped.x[b], b * 100 + 99, 'the bucket is drawn at its last point');
      assert.equal(shaped.min[b], Math.min(...inBucket));
      assert.equal(shaped.max[b], Math.max(...inBucket));
    }
    assert.equal(Math.max(...shaped.max), 1e6);
    assert.equal(Math.min(...shaped.min), -1e6);
  });

  test('never exceeds the budget, however many points', () => {
    const n = 200_000;
    const values = Array.from({ length: n }, (_, i) => (i * 7919) % 1000);
    for (const buckets of [1, 7, 640, 1999]) {
      const shaped = shapeSeries(series(values), { buckets });
      assert.ok(shaped.x.length <= buckets, `${shaped.x.length} buckets for a budget of ${buckets}`);
      assert.equal(shaped.points, n);
      assert.ok(shaped.x.every((x, i) => i === 0 || x > shaped.x[i - 1]), 'x ascending');
    }
  });

  test('a zoomed range keeps the nearest point outside each edge, for continuity', () => {
    const values = Array.from({ length: 100 }, (_, i) => i * 10);
    const shaped = shapeSeries(series(values), { buckets: 50, min: 20, max: 29.5 });
    assert.deepEqual(shaped.x, [19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
    assert.equal(shaped.points, 10, 'only points inside the range count');
  });

  test('NaN and infinite values are left out of the buckets', () => {
    const shaped = shapeSeries(series([1, Number.NaN, Infinity, 2, -Infinity, 3]), { buckets: 100 });
    assert.deepEqual(shaped.last, [1, 2, 3]);
    assert.deepEqual(shaped.x, [0, 3, 5]);
  });

  test('the step of each bucket is kept for time axes', () => {
    const columns = MetricColumns.from([
      { step: 5, timestamp: 3000, value: 1 },
      { step: 6, timestamp: 1000, value: 2 },
      { step: 7, timestamp: 2000, value: 3 },
    ]);
    const wall = sortedSeries(columns, 'wallTime', 0);
    assert.deepEqual([...wall.xs], [1000, 2000, 3000]);
    assert.deepEqual([...wall.steps], [6, 7, 5]);
    const relative = sortedSeries(columns, 'relativeTime', 500);
    assert.deepEqual([...relative.xs], [0.5, 1.5, 2.5]);
    const shaped = shapeSeries(wall, { buckets: 10 });
    assert.deepEqual(shaped.step, [6, 7, 5]);
  });
});

describe('appendPoints', () => {
  test('a live point inside the last bucket joins it; later ones open new buckets', () => {
    const values = Array.from({ length: 100 }, (_, i) => i);
    const shaped = shapeSeries(series(values), { buckets: 10 });
    assert.equal(shaped.bucketWidth, 9.9);
    const lastBucket = shaped.x.length - 1;
    // Bucket 10 starts at 99.0 (origin 0, width 9.9): 99.5 joins it, 110 does not.
    const added = appendPoints(shaped, [{ x: 99.5, step: 99.5, value: -5 }, { x: 110, step: 110, value: 7 }]);
    assert.equal(added, 1);
    assert.equal(shaped.min[lastBucket], -5);
    assert.equal(shaped.last[lastBucket], -5);
    assert.equal(shaped.x.at(-1), 110);
    assert.equal(shaped.last.at(-1), 7);
    assert.equal(shaped.points, 102);
  });

  test('when every point is its own bucket, every live point is too', () => {
    const shaped = shapeSeries(series([1, 2]), { buckets: 10 });
    assert.equal(appendPoints(shaped, [{ x: 2, step: 2, value: 3 }, { x: 3, step: 3, value: Number.NaN }]), 1);
    assert.deepEqual(shaped.last, [1, 2, 3]);
  });
});

describe('emaSmooth', () => {
  test('weight 0 leaves the values as they are', () => {
    assert.deepEqual(emaSmooth([1, 5, 2], 0), [1, 5, 2]);
  });

  test('debiased: the first value is kept and a constant series stays constant', () => {
    const smoothed = emaSmooth([4, 4, 4, 4], 0.9);
    for (const v of smoothed) assert.ok(Math.abs(v - 4) < 1e-12);
    assert.equal(emaSmooth([10, 0], 0.5)[0], 10);
  });

  test('moves towards a new level by (1 − weight) of the gap per point, after debiasing', () => {
    const weight = 0.6;
    const smoothed = emaSmooth([0, 1], weight);
    // Raw EMA after two points: 0.6·(0.4·0) + 0.4·1 = 0.4; debias divides by 1 − 0.6² = 0.64.
    assert.ok(Math.abs(smoothed[1] - 0.4 / 0.64) < 1e-12);
    const long = emaSmooth(Array.from({ length: 200 }, (_, i) => (i < 100 ? 0 : 1)), 0.9);
    assert.ok(long[99] === 0 && long[100] > 0.09 && long[100] < 0.11 && long[199] > 0.99);
  });

  test('non-finite values pass through without disturbing the average', () => {
    const smoothed = emaSmooth([2, Number.NaN, 2], 0.5);
    assert.ok(Number.isNaN(smoothed[1]));
    assert.equal(smoothed[2], 2);
  });
});

describe('metricsCsv', () => {
  test('quotes commas, quotes and newlines, and neutralises formula-looking names', () => {
    const csv = metricsCsv([
      { runId: 'r1', runName: 'lr=0.1, "big"', key: 'loss', step: 0, timestamp: 1000, value: 0.5 },
      { runId: 'r2', runName: 'two\nlines', key: 'val/acc', step: 3, timestamp: 2000, value: -1.25 },
      { runId: 'r3', runName: '=HYPERLINK("x")', key: 'loss', step: 1, timestamp: 3000, value: Number.NaN },
    ]);
    assert.equal(csv, [
      'run_id,run_name,metric,step,timestamp,value',
      'r1,"lr=0.1, ""big""",loss,0,1000,0.5',
      'r2,"two\nlines",val/acc,3,2000,-1.25',
      `r3,"'=HYPERLINK(""x"")",loss,1,3000,NaN`,
      '',
    ].join('\n'));
  });
});

describe('packed series', () => {
  test('round-trips buckets through float32 columns, steps included on time axes', () => {
    const columns = MetricColumns.from(Array.from({ length: 5000 }, (_, i) => ({ step: 1_000_000 + i, timestamp: 1_768_467_600_000 + i * 1000, value: 1 / (i + 1) })));
    const shaped = shapeSeries(sortedSeries(columns, 'wallTime', 0), { buckets: 300 });
    const packed = packSeries('run', 'loss', shaped, true);
    assert.equal(packed.data.byteLength, shaped.x.length * 20);
    const back = unpackSeries(packed);
    assert.deepEqual(back.x, shaped.x, 'wall-clock ms survive as offsets');
    assert.deepEqual(back.step, shaped.step);
    back.last.forEach((v, i) => assert.ok(Math.abs(v - shaped.last[i]) <= Math.abs(shaped.last[i]) * 1e-7));
  });

  test('the bucket budget keeps a chart message under the payload limit', () => {
    for (const runs of [1, 5, 20, 100]) {
      const buckets = bucketBudget(1200, runs, true);
      assert.ok(buckets <= 1200);
      if (runs >= 5) assert.ok(runs * buckets * 20 <= MAX_SERIES_MESSAGE_BYTES);
    }
    assert.equal(bucketBudget(800, 1, false), 800, 'one pixel, one bucket when the payload allows');
  });
});

describe('run colours', () => {
  test('a run keeps its colour; a set of runs gets distinct colours whatever its order', () => {
    const ids = Array.from({ length: RUN_PALETTE.length }, (_, i) => `run-${i}-${i * 31}`);
    const colors = assignRunColors(ids);
    assert.equal(new Set(colors.values()).size, ids.length);
    assert.deepEqual(assignRunColors([...ids].reverse()), colors);
    assert.equal(runColorIndex('abc'), runColorIndex('abc'));
    assert.equal(assignRunColors(['solo']).get('solo'), runColorIndex('solo'));
  });
});

describe('ChartsData over a SQLite store', () => {
  test('shapes full and zoomed histories, and polls only the points logged since', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'runlens-charts-'));
    const stores = openSqliteStore(path.join(folder, 'mlflow.db'));
    try {
      const experimentId = await stores.tracking.createExperiment('charts');
      const run = await stores.tracking.createRun({ experimentId, runName: 'live', startTime: 1000 });
      const runId = run.info.runId;
      for (let start = 0; start < 5000; start += 1000) {
        await stores.tracking.logBatch(runId, { metrics: Array.from({ length: 1000 }, (_, j) => ({ key: 'loss', value: start + j === 2500 ? 99 : 1, timestamp: 1000 + start + j, step: start + j })) });
      }
      const data = new ChartsData(stores.tracking, false, [await stores.tracking.getRun(runId)], new Map([[experimentId, 'charts']]));
      assert.deepEqual(data.keys(), ['loss']);

      const [full] = await data.shape('loss', 'step', 500);
      const shaped = unpackSeries(full);
      assert.equal(full.points, 5000);
      assert.ok(full.count <= 500);
      assert.equal(Math.max(...shaped.max), 99, 'the one-step spike is in the envelope');

      const [zoomed] = await data.shape('loss', 'relativeTime', 500, { min: 1, max: 1.2 });
      assert.equal(zoomed.points, 201, 'relative seconds 1.0–1.2 hold steps 1000–1200');
      assert.deepEqual(unpackSeries(zoomed).step.slice(0, 2), [999, 1000]);

      const lastSteps = new Map<string, number>();
      assert.deepEqual(await data.poll('step', ['loss'], lastSteps), []);
      await stores.tracking.logBatch(runId, { metrics: [{ key: 'loss', value: 0.5, timestamp: 9000, step: 5000 }, { key: 'loss', value: 0.25, timestamp: 9001, step: 5001 }] });
      const polled = await data.poll('step', ['loss'], lastSteps);
      assert.deepEqual(polled, [{ runId, key: 'loss', points: [{ x: 5000, step: 5000, value: 0.5 }, { x: 5001, step: 5001, value: 0.25 }] }]);
      assert.deepEqual(await data.poll('step', ['loss'], lastSteps), [], 'nothing new the second time');

      const csv = await data.csv(['loss']);
      assert.equal(csv.rows, 5002);
      assert.match(csv.text, /^run_id,run_name,metric,step,timestamp,value\n/u);
    } finally {
      stores.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
