// Metric reads: MLflow's latest-value rule, full and paged history, bulk-interval sampling and limits.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Metric, RunMetric } from '../../src/shared/entities.ts';
import { expectedBulkSample } from './bulkSampling.ts';
import {
  allPages, assertPagesSliceFull, assertSameNumber, rejectsWithCode, runId, runSpec, storedValue, type ContractContext,
} from './contractContext.ts';
import { CURVE_STEPS, curveValue } from './workload.ts';

const pointKey = (m: Metric) => `${m.step}/${m.timestamp}/${Number.isNaN(m.value) ? 'NaN' : m.value}`;
const inLoggedOrder = (points: Metric[]) => [...points].sort((a, b) => a.step - b.step || a.timestamp - b.timestamp || a.value - b.value);

export function defineMetricContract(ctx: ContractContext): void {
  const history = async (runName: string, key: string) => (await ctx.backend().tracking.getMetricHistory(runId(ctx, runName), key)).items;

  describe('metrics', () => {
    test('latest value: highest step, then newest timestamp, then largest value; NaN and ±inf by rule', async () => {
      const run = await ctx.backend().tracking.getRun(runId(ctx, 'edge-values'));
      const latest = (key: string) => run.data.metrics.find((m) => m.key === key);
      assert.equal(latest('tie')?.value, 7);
      assert.equal(latest('tie')?.step, 5);
      assert.equal(latest('later_timestamp')?.value, 0.5);
      assertSameNumber(latest('nan_metric')?.value ?? 0, NaN, 'NaN latest');
      assert.equal(latest('pos_inf')?.value, storedValue(ctx, Infinity));
      assert.equal(latest('neg_inf')?.value, storedValue(ctx, -Infinity));
    });

    test('history holds every logged point, duplicates and special values included', async () => {
      for (const [runName, key] of [['edge-values', 'tie'], ['edge-values', 'nan_metric'], ['edge-values', 'pos_inf'], ['edge-values', 'neg_inf'], ['parent', 'loss'], ['curve', 'curve']]) {
        const expected = runSpec(runName).metrics.filter((m) => m.key === key).map((m) => ({ ...m, value: storedValue(ctx, m.value) }));
        const actual = await history(runName, key);
        assert.ok(actual.every((m) => m.key === key), `${runName}/${key} keys`);
        assert.deepEqual(inLoggedOrder(actual).map(pointKey), inLoggedOrder(expected).map(pointKey), `${runName}/${key}`);
      }
      assert.deepEqual(await history('parent', 'no-such-metric'), []);
    });

    test('paged history: pages are slices of the full history', async () => {
      const { tracking } = ctx.backend();
      const id = runId(ctx, 'curve');
      const full = await history('curve', 'curve');
      assert.equal(full.length, CURVE_STEPS);
      assert.deepEqual(inLoggedOrder(full).map((m) => m.value), Array.from({ length: CURVE_STEPS }, (_, s) => curveValue(s)));
      for (const size of [7, 25, CURVE_STEPS]) {
        const pages = await allPages((pageToken) => tracking.getMetricHistory(id, 'curve', { maxResults: size, pageToken }));
        assertPagesSliceFull(pages, full, size, pointKey);
      }
    });

    test('an offset skips that many points of the history (charts fetch only what is new)', async () => {
      const { tracking } = ctx.backend();
      const id = runId(ctx, 'curve');
      const full = (await tracking.getMetricHistory(id, 'curve')).items.map(pointKey);
      for (const offset of [0, 1, 17, CURVE_STEPS - 1, CURVE_STEPS]) {
        const page = await tracking.getMetricHistory(id, 'curve', { maxResults: 7, offset });
        assert.deepEqual(page.items.map(pointKey), full.slice(offset, offset + 7), `offset ${offset}, 7 at most`);
        const rest = await tracking.getMetricHistory(id, 'curve', { offset });
        assert.deepEqual(rest.items.map(pointKey), full.slice(offset), `offset ${offset}, the rest`);
      }
    });

    test('bulk interval samples each run by the store rule, keeping the last point', async () => {
      const { tracking, rules } = ctx.backend();
      const cases: { runs: string[]; key: string; maxResults: number; startStep?: number; endStep?: number }[] = [
        { runs: ['curve'], key: 'curve', maxResults: 10 },
        { runs: ['curve'], key: 'curve', maxResults: 1 },
        { runs: ['curve'], key: 'curve', maxResults: 2500 },
        { runs: ['curve'], key: 'curve', maxResults: 5, startStep: 10, endStep: 30 },
        { runs: ['parent', 'child-a', 'child-b'], key: 'loss', maxResults: 4 },
        { runs: ['parent', 'child-a'], key: 'loss', maxResults: 3, startStep: 1, endStep: 8 },
        { runs: ['edge-values', 'parent'], key: 'tie', maxResults: 2 },
      ];
      for (const c of cases) {
        const what = JSON.stringify(c);
        const histories = await Promise.all(c.runs.map((r) => history(r, c.key)));
        const expected = expectedBulkSample(rules.bulkSampling, { histories, maxResults: c.maxResults, startStep: c.startStep, endStep: c.endStep });
        const actual: RunMetric[] = await tracking.getMetricHistoryBulkInterval({
          runIds: c.runs.map((r) => runId(ctx, r)), metricKey: c.key, maxResults: c.maxResults, startStep: c.startStep, endStep: c.endStep,
        });
        c.runs.forEach((runName, i) => {
          const forRun = actual.filter((m) => m.runId === runId(ctx, runName));
          assert.ok(forRun.every((m) => m.key === c.key), what);
          assert.deepEqual(forRun.map(pointKey), expected[i].map(pointKey), `${what}: ${runName}`);
        });
        assert.equal(actual.length, expected.reduce((n, e) => n + e.length, 0), `${what}: points of other runs`);
      }
    });

    test('bulk interval limits are INVALID_PARAMETER_VALUE', async () => {
      const { tracking } = ctx.backend();
      const curve = runId(ctx, 'curve');
      await rejectsWithCode(tracking.getMetricHistoryBulkInterval({ runIds: [curve], metricKey: 'curve', maxResults: 2501 }), 'INVALID_PARAMETER_VALUE', 'max_results above 2500');
      await rejectsWithCode(tracking.getMetricHistoryBulkInterval({ runIds: [curve], metricKey: 'curve', maxResults: 0 }), 'INVALID_PARAMETER_VALUE', 'max_results 0');
      await rejectsWithCode(tracking.getMetricHistoryBulkInterval({ runIds: Array.from({ length: 101 }, () => curve), metricKey: 'curve' }), 'INVALID_PARAMETER_VALUE', '101 run ids');
      await rejectsWithCode(tracking.getMetricHistoryBulkInterval({ runIds: [curve], metricKey: 'curve', startStep: 3 }), 'INVALID_PARAMETER_VALUE', 'start step alone');
      await rejectsWithCode(tracking.getMetricHistoryBulkInterval({ runIds: [curve], metricKey: 'curve', startStep: 9, endStep: 3 }), 'INVALID_PARAMETER_VALUE', 'start after end');
    });

    test('history of a missing run follows MLflow: empty on SQL stores, RESOURCE_DOES_NOT_EXIST on mlruns', async () => {
      const { tracking, rules } = ctx.backend();
      const missing = 'f'.repeat(32);
      if (rules.missingRunHistory === 'empty') {
        assert.deepEqual((await tracking.getMetricHistory(missing, 'loss')).items, [], 'history of a missing run');
        assert.deepEqual(await tracking.getMetricHistoryBulkInterval({ runIds: [missing], metricKey: 'loss' }), [], 'bulk interval of a missing run');
      } else {
        await rejectsWithCode(tracking.getMetricHistory(missing, 'loss'), 'RESOURCE_DOES_NOT_EXIST', 'history of a missing run');
        await rejectsWithCode(tracking.getMetricHistoryBulkInterval({ runIds: [missing], metricKey: 'loss' }), 'RESOURCE_DOES_NOT_EXIST', 'bulk interval of a missing run');
      }
    });
  });
}
