// The maths behind aggregated curves and parameter importance, checked against numpy and scipy
// from the test venv on ragged, tied and non-finite inputs.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { averageRanks, spearman } from '../../src/shared/spearman.ts';
import { stepBand, type StepSeries } from '../../src/shared/stepBands.ts';
import { repoRoot, runPythonJson } from '../support/python.ts';

interface ReferenceRow { step: number; mean: number; std: number; min: number; max: number; count: number }
interface Reference { bands: ReferenceRow[][]; correlations: (number | null)[] }

/** A small deterministic generator, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);

function raggedSeeds(seed: number, runs: number): StepSeries[] {
  const next = random(seed);
  return Array.from({ length: runs }, () => {
    const steps: number[] = [];
    const values: number[] = [];
    for (let step = 0; step < 40; step++) {
      if (next() < 0.3) continue; // a skipped step
      steps.push(step);
      values.push(next() < 0.05 ? Number.NaN : Math.sin(step / 5) + next());
      if (next() < 0.1) {
        steps.push(step); // a step logged twice: the later value counts
        values.push(next() * 10);
      }
    }
    return { steps, values };
  });
}

function tiedPairs(seed: number, n: number, nanEvery: number): { x: number[]; y: number[] } {
  const next = random(seed);
  const x = Array.from({ length: n }, (_, i) => (i % nanEvery === 0 ? Number.NaN : Math.floor(next() * 6)));
  const y = x.map((v) => (Number.isNaN(v) ? next() : v * 0.5 + Math.floor(next() * 4)));
  return { x, y };
}

describe('aggregation maths against numpy and scipy', () => {
  test('bands over ragged steps, repeated steps and NaN; Spearman with ties and dropped pairs', async () => {
    const bands = [raggedSeeds(1, 5), raggedSeeds(2, 2), raggedSeeds(3, 1)];
    const correlations = [tiedPairs(4, 60, 7), tiedPairs(5, 200, 11), { x: [1, 2, 3, 4, 5], y: [5, 6, 7, 8, 7] }, { x: [1, 1, 1, 1], y: [1, 2, 3, 4] }, { x: [1, Number.NaN, 3], y: [2, 3, 4] }];
    const dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-insight-'));
    try {
      const file = path.join(dir, 'cases.json');
      const nanAsNull = (v: number) => (Number.isNaN(v) ? null : v);
      writeFileSync(file, JSON.stringify({
        bands: bands.map((runs) => runs.map((r) => ({ steps: Array.from(r.steps), values: Array.from(r.values, nanAsNull) }))),
        correlations: correlations.map((c) => ({ x: c.x.map(nanAsNull), y: c.y.map(nanAsNull) })),
      }));
      const reference = await runPythonJson<Reference>(path.join(repoRoot, 'test', 'conformance', 'py', 'insight_reference.py'), [file]);
      bands.forEach((runs, b) => {
        const minmax = stepBand(runs, 'minmax');
        const std = stepBand(runs, 'std');
        const expected = reference.bands[b];
        assert.deepEqual(minmax.steps, expected.map((r) => r.step), `band ${b} steps`);
        assert.deepEqual(minmax.count, expected.map((r) => r.count), `band ${b} counts`);
        expected.forEach((row, i) => {
          close(minmax.mean[i], row.mean, `band ${b} mean at step ${row.step}`);
          close(minmax.lower[i], row.min, `band ${b} min at step ${row.step}`);
          close(minmax.upper[i], row.max, `band ${b} max at step ${row.step}`);
          close(std.lower[i], row.mean - row.std, `band ${b} mean-std at step ${row.step}`);
          close(std.upper[i], row.mean + row.std, `band ${b} mean+std at step ${row.step}`);
        });
      });
      correlations.forEach((c, i) => {
        const expected = reference.correlations[i];
        const actual = spearman(c.x, c.y);
        if (expected === null) assert.equal(actual, undefined, `correlation ${i} is undefined`);
        else close(actual ?? Number.NaN, expected, `correlation ${i}`);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('ranks: ties share the mean of the ranks they span; a monotonic pair correlates fully', () => {
    assert.deepEqual(averageRanks([10, 20, 20, 5]), [2, 3.5, 3.5, 1]);
    assert.equal(spearman([1, 2, 3, 4], [10, 100, 1000, 10000]), 1);
    assert.equal(spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1);
  });
});
