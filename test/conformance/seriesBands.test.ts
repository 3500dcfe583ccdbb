// The charts' group bands as the page makes them: ragged runs shaped by the host's own shaping
// code, then aligned by step (exact series) or on step bins (decimated ones), checked against
// pandas and numpy over the same points.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { seriesBand, type BandSeries } from '../../src/shared/seriesBands.ts';
import { MetricColumns, shapeSeries, sortedSeries, type XAxis } from '../../src/shared/seriesShaping.ts';
import { repoRoot, runPythonJson } from '../support/python.ts';

interface ReferenceRow { key: number; mean: number; std: number; min: number; max: number; count: number; x: number }

const T0 = 1_768_467_600_000;

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A seed's loss over `steps`, skipping some steps, logging some twice, starting and ending at its own step. */
function raggedRun(seed: number, steps: number): MetricColumns {
  const next = random(seed);
  const columns = new MetricColumns();
  const first = Math.floor(next() * 5);
  const end = steps - Math.floor(next() * 5);
  let time = T0 + seed * 1000;
  for (let step = first; step < end; step++) {
    if (next() < 0.25) continue;
    time += 50 + Math.floor(next() * 100);
    columns.push(step, time, Math.exp(-step / steps) + 0.1 * next());
    if (next() < 0.08) columns.push(step, time + 1, 5 * next()); // logged again: the later value counts
  }
  return columns;
}

const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);

function shaped(columns: MetricColumns, axis: XAxis, buckets: number): BandSeries {
  const s = shapeSeries(sortedSeries(columns, axis, T0), { buckets });
  return { x: s.x, step: s.step, values: s.last, bucketWidth: s.bucketWidth };
}

describe('group bands of shaped series against pandas', () => {
  test('exact series align per step (ragged, repeated steps, relative time), decimated ones on step bins', async () => {
    const exactRuns = [1, 2, 3].map((seed) => raggedRun(seed, 60));
    const longRuns = [4, 5, 6, 7].map((seed) => raggedRun(seed, 3000));
    const cases = [
      { what: 'exact, step axis', series: exactRuns.map((c) => shaped(c, 'step', 500)) },
      { what: 'exact, relative time', series: exactRuns.map((c) => shaped(c, 'relativeTime', 500)) },
      { what: 'decimated to 40 buckets', series: longRuns.map((c) => shaped(c, 'step', 40)) },
      { what: 'one run decimated, one exact', series: [shaped(longRuns[0], 'step', 100), shaped(exactRuns[0], 'step', 500)] },
    ];
    const results = cases.map((c) => ({ minmax: seriesBand(c.series, 'minmax'), std: seriesBand(c.series, 'std') }));
    assert.equal(results[0].minmax.binWidth, 0);
    assert.equal(results[1].minmax.binWidth, 0);
    assert.ok(results[2].minmax.binWidth > 0, 'decimated series are binned');
    assert.ok(results[2].minmax.steps.length <= 40);

    const dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-bands-'));
    try {
      const file = path.join(dir, 'cases.json');
      writeFileSync(file, JSON.stringify(cases.map((c, i) => {
        const { binWidth, steps } = results[i].minmax;
        const lo = Math.min(...c.series.flatMap((s) => Array.from(s.step)));
        const count = Math.min(...c.series.filter((s) => s.bucketWidth > 0).map((s) => s.step.length));
        return {
          runs: c.series.map((s) => ({ steps: Array.from(s.step), values: Array.from(s.values), x: Array.from(s.x) })),
          bins: binWidth > 0 ? { lo, width: binWidth, count } : null,
          firstKey: steps[0],
        };
      })));
      const reference = await runPythonJson<ReferenceRow[][]>(path.join(repoRoot, 'test', 'conformance', 'py', 'band_reference.py'), [file]);
      cases.forEach((c, i) => {
        const { minmax, std } = results[i];
        const rows = reference[i];
        assert.equal(minmax.steps.length, rows.length, `${c.what}: aligned steps`);
        rows.forEach((row, j) => {
          const at = `${c.what} at ${row.key}`;
          close(minmax.steps[j], row.key, `${at}: step`);
          assert.equal(minmax.count[j], row.count, `${at}: runs`);
          close(minmax.mean[j], row.mean, `${at}: mean`);
          close(minmax.lower[j], row.min, `${at}: min`);
          close(minmax.upper[j], row.max, `${at}: max`);
          close(std.lower[j], row.mean - row.std, `${at}: mean - std`);
          close(std.upper[j], row.mean + row.std, `${at}: mean + std`);
          close(minmax.x[j], row.x, `${at}: x`);
        });
      });
      // Ragged: some steps hold fewer runs than the group has.
      assert.ok(results[0].minmax.count.some((n) => n < 3) && results[0].minmax.count.some((n) => n === 3));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
