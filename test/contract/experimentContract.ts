// Experiment reads: get, get by name, search with filters, order, view types and paging.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Experiment, ViewType } from '../../src/shared/entities.ts';
import {
  allPages, assertPagesSliceFull, byKey, experimentId, rejectsWithCode, type ContractContext,
} from './contractContext.ts';
import { ALPHA, DELETED_EXPERIMENT, WORKLOAD } from './workload.ts';

const CONTRACT_FILTER = "name LIKE 'contract-%'";
const userTags = (e: Experiment) => byKey(e.tags.filter((t) => !t.key.startsWith('mlflow.')));

export function defineExperimentContract(ctx: ContractContext): void {
  const search = (viewType: ViewType, filter = CONTRACT_FILTER, orderBy?: string[]) =>
    ctx.backend().tracking.searchExperiments({ viewType, filter, orderBy, maxResults: 1000 });

  describe('experiments', () => {
    test('get returns each experiment with its tags, stage and artifact location', async () => {
      const { tracking, rules } = ctx.backend();
      for (const spec of WORKLOAD.experiments) {
        const id = experimentId(ctx, spec.name);
        const experiment = await tracking.getExperiment(id);
        assert.equal(experiment.experimentId, id);
        assert.equal(experiment.name, spec.name);
        assert.equal(experiment.lifecycleStage, spec.deleted ? 'deleted' : 'active');
        assert.deepEqual(userTags(experiment), byKey(spec.tags), `${spec.name} tags`);
        assert.equal(experiment.artifactLocation.replace(/\/+$/u, ''), `${rules.artifactRoot.replace(/\/+$/u, '')}/${id}`, `${spec.name} artifact location`);
        assert.ok(typeof experiment.creationTime === 'number' && experiment.creationTime > 1.5e12, `${spec.name} creation time ${experiment.creationTime}`);
        assert.ok((experiment.lastUpdateTime ?? 0) >= experiment.creationTime, `${spec.name} last update before creation`);
      }
    });

    test('get by name finds active and deleted experiments and answers undefined for a missing one', async () => {
      const { tracking } = ctx.backend();
      assert.equal((await tracking.getExperimentByName(ALPHA))?.experimentId, experimentId(ctx, ALPHA));
      const deleted = await tracking.getExperimentByName(DELETED_EXPERIMENT);
      assert.equal(deleted?.experimentId, experimentId(ctx, DELETED_EXPERIMENT));
      assert.equal(deleted?.lifecycleStage, 'deleted');
      assert.equal(await tracking.getExperimentByName('contract-no-such-experiment'), undefined);
    });

    test('search honours view types', async () => {
      const active = WORKLOAD.experiments.filter((e) => !e.deleted).map((e) => e.name).sort();
      const deleted = WORKLOAD.experiments.filter((e) => e.deleted).map((e) => e.name).sort();
      const namesOf = async (viewType: ViewType) => (await search(viewType)).items.map((e) => e.name).sort();
      assert.deepEqual(await namesOf('ACTIVE_ONLY'), active);
      assert.deepEqual(await namesOf('DELETED_ONLY'), deleted);
      assert.deepEqual(await namesOf('ALL'), [...active, ...deleted].sort());
      // The default view is active only.
      const byDefault = await ctx.backend().tracking.searchExperiments({ filter: CONTRACT_FILTER });
      assert.deepEqual(byDefault.items.map((e) => e.name).sort(), active);
    });

    test('search filters on tags and names', async () => {
      const vision = WORKLOAD.experiments.filter((e) => e.tags.some((t) => t.key === 'team' && t.value === 'vision')).map((e) => e.name).sort();
      assert.deepEqual((await search('ALL', "tags.team = 'vision'")).items.map((e) => e.name).sort(), vision);
      assert.deepEqual((await search('ALL', `name = '${ALPHA}'`)).items.map((e) => e.name), [ALPHA]);
      assert.deepEqual((await search('ALL', "name ILIKE 'CONTRACT-ALPH%'")).items.map((e) => e.name), [ALPHA]);
      assert.deepEqual((await search('ACTIVE_ONLY', "tags.priority != 'low' AND tags.team = 'vision'")).items.map((e) => e.name), [ALPHA]);
    });

    test('search orders by name both ways', async () => {
      const active = WORKLOAD.experiments.filter((e) => !e.deleted).map((e) => e.name).sort();
      assert.deepEqual((await search('ACTIVE_ONLY', CONTRACT_FILTER, ['name ASC'])).items.map((e) => e.name), active);
      assert.deepEqual((await search('ACTIVE_ONLY', CONTRACT_FILTER, ['name DESC'])).items.map((e) => e.name), [...active].reverse());
    });

    test('search pages are slices of the full ordered list', async () => {
      const { tracking } = ctx.backend();
      for (const orderBy of [['name ASC'], ['name DESC'], undefined]) {
        const full = (await search('ALL', CONTRACT_FILTER, orderBy)).items;
        for (const size of [1, 3]) {
          const pages = await allPages((pageToken) => tracking.searchExperiments({ viewType: 'ALL', filter: CONTRACT_FILTER, orderBy, maxResults: size, pageToken }));
          assertPagesSliceFull(pages, full, size, (e) => e.name);
        }
      }
    });

    test('bad filters and missing ids are MLflow errors', async () => {
      const { tracking } = ctx.backend();
      await rejectsWithCode(tracking.getExperiment('987654321'), 'RESOURCE_DOES_NOT_EXIST', 'missing experiment');
      await rejectsWithCode(tracking.searchExperiments({ filter: 'name === 1' }), 'INVALID_PARAMETER_VALUE', 'bad experiment filter');
      await rejectsWithCode(tracking.searchExperiments({ filter: 'params.lr = 1' }), 'INVALID_PARAMETER_VALUE', 'params in an experiment filter');
      await rejectsWithCode(tracking.searchExperiments({ orderBy: ['colour DESC'] }), 'INVALID_PARAMETER_VALUE', 'bad experiment order_by');
    });
  });
}
