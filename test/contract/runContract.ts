// Run reads: get (info, params, tags, latest metrics, inputs) and search with filters, order and paging.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Run, ViewType } from '../../src/shared/entities.ts';
import {
  allPages, assertPagesSliceFull, assertSameNumber, byKey, experimentId, latestByRule, names, rejectsWithCode, runId, runSpec,
  sortedNames, storedValue, type ContractContext,
} from './contractContext.ts';
import { ALPHA, BETA, WORKLOAD, type RunSpec } from './workload.ts';

const latestValue = (spec: RunSpec, key: string): number | undefined => {
  const points = spec.metrics.filter((m) => m.key === key);
  return points.length === 0 ? undefined : latestByRule(points).value;
};
const param = (spec: RunSpec, key: string) => spec.params.find((p) => p.key === key)?.value;
const tag = (spec: RunSpec, key: string) => spec.tags.find((t) => t.key === key)?.value;
const activeRuns = (experiment: string) => WORKLOAD.runs.filter((r) => r.experiment === experiment && !r.deleted);

/** Nulls last, then start time newest first, then run id: MLflow's tie-breaks after the order keys. */
function orderByKey(runs: Run[], specOf: (r: Run) => RunSpec, key: (s: RunSpec) => number | string | undefined, ascending: boolean): string[] {
  return [...runs].sort((a, b) => {
    const ka = key(specOf(a));
    const kb = key(specOf(b));
    if (ka === undefined || kb === undefined) {
      if (ka !== kb) return ka === undefined ? 1 : -1;
    } else if (ka !== kb) {
      return (ka < kb ? -1 : 1) * (ascending ? 1 : -1);
    }
    return (b.info.startTime ?? 0) - (a.info.startTime ?? 0) || (a.info.runId < b.info.runId ? -1 : 1);
  }).map((r) => r.info.runName);
}

export function defineRunContract(ctx: ContractContext): void {
  const ids = () => [experimentId(ctx, ALPHA), experimentId(ctx, BETA)];
  const search = async (filter?: string, orderBy?: string[], runViewType: ViewType = 'ACTIVE_ONLY') =>
    (await ctx.backend().tracking.searchRuns({ experimentIds: ids(), filter, orderBy, runViewType, maxResults: 1000 })).items;

  describe('runs', () => {
    test('get returns info, params, tags and latest metrics of every run', async () => {
      const { tracking } = ctx.backend();
      for (const spec of WORKLOAD.runs) {
        const id = runId(ctx, spec.runName);
        const run = await tracking.getRun(id);
        const what = `run ${spec.runName}`;
        const experiment = ctx.workload().experiments.get(spec.experiment);
        assert.equal(run.info.runId, id);
        assert.equal(run.info.runName, spec.runName, what);
        assert.equal(run.info.experimentId, experiment?.experimentId, what);
        assert.equal(run.info.userId, spec.userId, what);
        assert.equal(run.info.status, spec.status, what);
        assert.equal(run.info.startTime, spec.startTime, what);
        assert.equal(run.info.endTime, spec.endTime, what);
        assert.equal(run.info.lifecycleStage, spec.deleted ? 'deleted' : 'active', what);
        assert.equal(run.info.artifactUri, `${experiment?.artifactLocation.replace(/\/+$/u, '')}/${id}/artifacts`, `${what} artifact URI`);
        assert.deepEqual(byKey(run.data.params), byKey(spec.params), `${what} params`);

        const expectedTags = [...spec.tags, { key: 'mlflow.runName', value: spec.runName }];
        if (spec.parent) expectedTags.push({ key: 'mlflow.parentRunId', value: runId(ctx, spec.parent) });
        assert.deepEqual(byKey(run.data.tags), byKey(expectedTags), `${what} tags`);

        const keys = [...new Set(spec.metrics.map((m) => m.key))].sort();
        assert.deepEqual(run.data.metrics.map((m) => m.key).sort(), keys, `${what} metric keys`);
        for (const key of keys) {
          const expected = latestByRule(spec.metrics.filter((m) => m.key === key));
          const actual = run.data.metrics.find((m) => m.key === key);
          assert.ok(actual);
          assertSameNumber(actual.value, storedValue(ctx, expected.value), `${what} latest ${key}`);
          assert.equal(actual.step, expected.step, `${what} latest ${key} step`);
          assert.equal(actual.timestamp, expected.timestamp, `${what} latest ${key} timestamp`);
        }
      }
    });

    test('dataset inputs come back with their tags', async () => {
      const spec = runSpec('with-inputs');
      const run = await ctx.backend().tracking.getRun(runId(ctx, 'with-inputs'));
      const canonical = (inputs: Run['inputs']['datasetInputs']) => inputs
        .map((d) => ({ tags: byKey(d.tags), dataset: Object.fromEntries(Object.entries(d.dataset).filter(([, v]) => v !== undefined && v !== null)) }))
        .sort((a, b) => (a.dataset.name < b.dataset.name ? -1 : 1));
      assert.deepEqual(canonical(run.inputs.datasetInputs), canonical(spec.datasets ?? []));
    });

    test('search honours run view types', async () => {
      const all = WORKLOAD.runs.filter((r) => r.experiment === ALPHA || r.experiment === BETA);
      assert.deepEqual(sortedNames(await search()), all.filter((r) => !r.deleted).map((r) => r.runName).sort());
      assert.deepEqual(sortedNames(await search(undefined, undefined, 'DELETED_ONLY')), all.filter((r) => r.deleted).map((r) => r.runName).sort());
      assert.deepEqual(sortedNames(await search(undefined, undefined, 'ALL')), all.map((r) => r.runName).sort());
    });

    test('search filters on metrics, params, tags and attributes', async () => {
      const parentId = runId(ctx, 'parent');
      const cases: [string, (s: RunSpec) => boolean][] = [
        ['metrics.accuracy > 0.6', (s) => (latestValue(s, 'accuracy') ?? -1) > 0.6],
        ['metrics.loss <= 0.46', (s) => (latestValue(s, 'loss') ?? 99) <= 0.46],
        ["params.optimizer = 'adam'", (s) => param(s, 'optimizer') === 'adam'],
        ["params.bucket != 'odd'", (s) => param(s, 'bucket') !== undefined && param(s, 'bucket') !== 'odd'],
        ["tags.stage = 'dev'", (s) => tag(s, 'stage') === 'dev'],
        ["attributes.status = 'FAILED'", (s) => s.status === 'FAILED'],
        ["attributes.status != 'FINISHED'", (s) => s.status !== 'FINISHED'],
        ["attributes.run_name LIKE 'child-%'", (s) => s.runName.startsWith('child-')],
        ["run_name = 'curve'", (s) => s.runName === 'curve'],
        [`tags.\`mlflow.parentRunId\` = '${parentId}'`, (s) => s.parent === 'parent'],
        ["params.lr = '0.1' AND metrics.loss < 0.5", (s) => param(s, 'lr') === '0.1' && (latestValue(s, 'loss') ?? 99) < 0.5],
        ['metrics.score >= 1', (s) => (latestValue(s, 'score') ?? -1) >= 1],
        [`attributes.start_time >= ${runSpec('curve').startTime}`, (s) => s.startTime >= runSpec('curve').startTime],
        ["tags.kind LIKE 'ed%'", (s) => (tag(s, 'kind') ?? '').startsWith('ed')],
      ];
      for (const [filter, predicate] of cases) {
        const expected = [...activeRuns(ALPHA), ...activeRuns(BETA)].filter(predicate).map((s) => s.runName).sort();
        assert.deepEqual(sortedNames(await search(filter)), expected, filter);
      }
    });

    test('search orders by metrics, params and attributes', async () => {
      const runs = await search();
      const specOf = (r: Run) => runSpec(r.info.runName);
      const cases: [string, (s: RunSpec) => number | string | undefined, boolean][] = [
        ['metrics.accuracy DESC', (s) => latestValue(s, 'accuracy'), false],
        ['metrics.loss ASC', (s) => latestValue(s, 'loss'), true],
        ['params.lr ASC', (s) => param(s, 'lr'), true],
        ['attributes.start_time ASC', (s) => s.startTime, true],
        ['attributes.run_name DESC', (s) => s.runName, false],
      ];
      for (const [orderBy, key, ascending] of cases) {
        assert.deepEqual(names(await search(undefined, [orderBy])), orderByKey(runs, specOf, key, ascending), orderBy);
      }
      // Without order_by: newest start time first.
      assert.deepEqual(names(await search()), orderByKey(runs, specOf, () => undefined, true), 'default order');
    });

    test('search pages are slices of the full ordered list', async () => {
      const { tracking } = ctx.backend();
      for (const orderBy of [undefined, ['attributes.start_time ASC'], ['metrics.loss ASC']]) {
        const full = await search(undefined, orderBy, 'ALL');
        for (const size of [1, 3, 4]) {
          const pages = await allPages((pageToken) => tracking.searchRuns({ experimentIds: ids(), runViewType: 'ALL', orderBy, maxResults: size, pageToken }));
          assertPagesSliceFull(pages, full, size, (r) => r.info.runId);
        }
      }
    });

    test('an offset starts the results at that position (the runs table reads any row range)', async () => {
      const { tracking } = ctx.backend();
      const query = { experimentIds: ids(), runViewType: 'ALL' as const, orderBy: ['attributes.run_name ASC'] };
      const full = names((await tracking.searchRuns({ ...query, maxResults: 1000 })).items);
      assert.ok(full.length > 5);
      for (const offset of [0, 1, 3, full.length - 1, full.length, full.length + 5]) {
        const page = await tracking.searchRuns({ ...query, maxResults: 2, offset });
        assert.deepEqual(names(page.items), full.slice(offset, offset + 2), `offset ${offset}`);
        assert.equal(page.nextPageToken !== undefined, offset + 2 < full.length, `offset ${offset}: next page`);
      }
      // Paging on from an offset's page continues where it ended.
      const second = await tracking.searchRuns({ ...query, maxResults: 2, offset: 3 });
      assert.deepEqual(names((await tracking.searchRuns({ ...query, maxResults: 2, pageToken: second.nextPageToken })).items), full.slice(5, 7));
      await rejectsWithCode(tracking.searchRuns({ ...query, offset: -1 }), 'INVALID_PARAMETER_VALUE', 'negative offset');
      await rejectsWithCode(tracking.searchRuns({ ...query, offset: 1.5 }), 'INVALID_PARAMETER_VALUE', 'fractional offset');
    });

    test('missing runs and bad filters are MLflow errors', async () => {
      const { tracking } = ctx.backend();
      await rejectsWithCode(tracking.getRun('f'.repeat(32)), 'RESOURCE_DOES_NOT_EXIST', 'missing run');
      await rejectsWithCode(tracking.searchRuns({ experimentIds: ids(), filter: 'metrics.loss >>> 1' }), 'INVALID_PARAMETER_VALUE', 'bad comparator');
      await rejectsWithCode(tracking.searchRuns({ experimentIds: ids(), filter: "params.lr < '1'" }), 'INVALID_PARAMETER_VALUE', 'numeric comparator on a param');
      await rejectsWithCode(tracking.searchRuns({ experimentIds: ids(), filter: 'colour = 1' }), 'INVALID_PARAMETER_VALUE', 'unknown identifier');
      await rejectsWithCode(tracking.searchRuns({ experimentIds: ids(), orderBy: ['metrics.loss SIDEWAYS'] }), 'INVALID_PARAMETER_VALUE', 'bad order_by');
    });
  });
}
