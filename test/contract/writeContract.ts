// Write rules: what writable backends must refuse (and leave untouched), and that the read-only
// mlruns backend refuses every write with PERMISSION_DENIED.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Run } from '../../src/shared/entities.ts';
import { byKey, experimentId, rejectsWithCode, runId, type ContractContext } from './contractContext.ts';
import { ALPHA, DELETED_EXPERIMENT, MODEL } from './workload.ts';

const snapshot = (run: Run) => JSON.stringify({ params: byKey(run.data.params), tags: byKey(run.data.tags), metrics: byKey(run.data.metrics) });

export function defineWriteRejectionContract(ctx: ContractContext): void {
  describe('rejected writes', () => {
    test('a duplicate experiment name is RESOURCE_ALREADY_EXISTS, deleted experiments included', async () => {
      const { tracking } = ctx.backend();
      await rejectsWithCode(tracking.createExperiment(ALPHA), 'RESOURCE_ALREADY_EXISTS', 'duplicate active name');
      await rejectsWithCode(tracking.createExperiment(DELETED_EXPERIMENT), 'RESOURCE_ALREADY_EXISTS', 'name of a deleted experiment');
    });

    test('changing a param is INVALID_PARAMETER_VALUE; logging the same value again is fine', async () => {
      const { tracking } = ctx.backend();
      const id = runId(ctx, 'parent');
      await rejectsWithCode(tracking.logParam(id, { key: 'lr', value: '999' }), 'INVALID_PARAMETER_VALUE', 'changed param');
      await tracking.logParam(id, { key: 'lr', value: '0.01' });
      assert.equal((await tracking.getRun(id)).data.params.find((p) => p.key === 'lr')?.value, '0.01');
    });

    test('a rejected batch writes nothing', async () => {
      const { tracking } = ctx.backend();
      const id = runId(ctx, 'parent');
      const before = snapshot(await tracking.getRun(id));
      const metric = { key: 'batch_metric', value: 1, timestamp: 1_750_000_000_000, step: 0 };
      await rejectsWithCode(tracking.logBatch(id, {
        params: [{ key: 'fresh', value: '1' }, { key: 'lr', value: '999' }], metrics: [metric], tags: [{ key: 'batch_tag', value: 'x' }],
      }), 'INVALID_PARAMETER_VALUE', 'batch changing a param');
      await rejectsWithCode(tracking.logBatch(id, {
        params: [{ key: 'dup', value: '1' }, { key: 'dup', value: '2' }], metrics: [metric],
      }), 'INVALID_PARAMETER_VALUE', 'batch with a param key twice');
      await rejectsWithCode(tracking.logBatch(id, {
        metrics: Array.from({ length: 1001 }, (_, step) => ({ ...metric, step })),
      }), 'INVALID_PARAMETER_VALUE', 'batch over 1000 metrics');
      assert.equal(snapshot(await tracking.getRun(id)), before);
      assert.deepEqual((await tracking.getMetricHistory(id, 'batch_metric')).items, []);
    });

    test('writes to a deleted run are refused', async () => {
      const { tracking } = ctx.backend();
      const id = runId(ctx, 'doomed');
      await rejectsWithCode(tracking.setTag(id, { key: 'late', value: 'x' }), 'INVALID_PARAMETER_VALUE', 'tag on a deleted run');
      await rejectsWithCode(tracking.logMetric(id, { key: 'late', value: 1, timestamp: 1, step: 0 }), 'INVALID_PARAMETER_VALUE', 'metric on a deleted run');
    });

    test('registry duplicates and unknown stages are refused', async () => {
      const { registry } = ctx.backend();
      await rejectsWithCode(registry.createRegisteredModel(MODEL), 'RESOURCE_ALREADY_EXISTS', 'duplicate registered model');
      await rejectsWithCode(registry.transitionModelVersionStage(MODEL, '1', 'Retired', false), 'INVALID_PARAMETER_VALUE', 'unknown stage');
      await rejectsWithCode(registry.setRegisteredModelAlias(MODEL, 'latest', '1'), 'INVALID_PARAMETER_VALUE', 'reserved alias');
      const parent = ctx.workload().runs.get('parent');
      await rejectsWithCode(registry.createModelVersion({ name: 'contract-missing', source: `${parent?.info.artifactUri}/model`, runId: parent?.info.runId }), 'RESOURCE_DOES_NOT_EXIST', 'version of a missing model');
    });
  });
}

/** Writes that undo themselves: each leaves the workload as it found it. */
export function defineWriteRoundTripContract(ctx: ContractContext): void {
  describe('write round trips', () => {
    test('experiment and run tags set and delete; runs delete and restore', async () => {
      const { tracking } = ctx.backend();
      const exp = experimentId(ctx, ALPHA);
      await tracking.setExperimentTag(exp, { key: 'temp', value: 'on' });
      assert.equal((await tracking.getExperiment(exp)).tags.find((t) => t.key === 'temp')?.value, 'on');
      await tracking.deleteExperimentTag(exp, 'temp');
      assert.equal((await tracking.getExperiment(exp)).tags.find((t) => t.key === 'temp'), undefined);

      const id = runId(ctx, 'child-a');
      const before = snapshot(await tracking.getRun(id));
      await tracking.setTag(id, { key: 'temp', value: 'on' });
      await tracking.deleteTag(id, 'temp');
      assert.equal(snapshot(await tracking.getRun(id)), before);
      await rejectsWithCode(tracking.deleteTag(id, 'never-set'), 'RESOURCE_DOES_NOT_EXIST', 'deleting a missing run tag');

      await tracking.deleteRun(id);
      assert.equal((await tracking.getRun(id)).info.lifecycleStage, 'deleted');
      await tracking.restoreRun(id);
      assert.equal((await tracking.getRun(id)).info.lifecycleStage, 'active');
    });

    test('registry descriptions, tags and aliases update and revert', async () => {
      const { registry } = ctx.backend();
      assert.equal((await registry.updateRegisteredModel(MODEL, 'changed')).description, 'changed');
      assert.equal((await registry.updateRegisteredModel(MODEL, 'The contract model')).description, 'The contract model');
      assert.equal((await registry.updateModelVersion(MODEL, '2', 'second')).description, 'second');
      assert.equal((await registry.getModelVersion(MODEL, '2')).description, 'second');
      await registry.updateModelVersion(MODEL, '2', '');

      await registry.setModelVersionTag(MODEL, '2', { key: 'temp', value: 'on' });
      assert.equal((await registry.getModelVersion(MODEL, '2')).tags.find((t) => t.key === 'temp')?.value, 'on');
      await registry.deleteModelVersionTag(MODEL, '2', 'temp');
      await registry.setRegisteredModelTag(MODEL, { key: 'temp', value: 'on' });
      await registry.deleteRegisteredModelTag(MODEL, 'temp');
      assert.equal((await registry.getRegisteredModel(MODEL)).tags.find((t) => t.key === 'temp'), undefined);

      await registry.setRegisteredModelAlias(MODEL, 'champion', '1');
      assert.equal((await registry.getModelVersionByAlias(MODEL, 'champion')).version, '1');
      await registry.deleteRegisteredModelAlias(MODEL, 'champion');
      assert.deepEqual((await registry.getModelVersion(MODEL, '1')).aliases, ['baseline']);
      await registry.setRegisteredModelAlias(MODEL, 'champion', '2');
      assert.deepEqual((await registry.getModelVersion(MODEL, '2')).aliases, ['champion']);
    });
  });
}

export function defineReadOnlyContract(ctx: ContractContext): void {
  describe('read-only store', () => {
    test('every tracking write is PERMISSION_DENIED and changes nothing', async () => {
      const { tracking } = ctx.backend();
      assert.equal(tracking.readOnly, true);
      const exp = experimentId(ctx, ALPHA);
      const id = runId(ctx, 'parent');
      const before = snapshot(await tracking.getRun(id));
      const metric = { key: 'x', value: 1, timestamp: 1, step: 0 };
      const writes: [string, () => Promise<unknown>][] = [
        ['createExperiment', () => tracking.createExperiment('contract-new')],
        ['renameExperiment', () => tracking.renameExperiment(exp, 'contract-renamed')],
        ['deleteExperiment', () => tracking.deleteExperiment(exp)],
        ['restoreExperiment', () => tracking.restoreExperiment(experimentId(ctx, DELETED_EXPERIMENT))],
        ['setExperimentTag', () => tracking.setExperimentTag(exp, { key: 'k', value: 'v' })],
        ['deleteExperimentTag', () => tracking.deleteExperimentTag(exp, 'team')],
        ['createRun', () => tracking.createRun({ experimentId: exp })],
        ['updateRun', () => tracking.updateRun(id, { status: 'KILLED' })],
        ['deleteRun', () => tracking.deleteRun(id)],
        ['restoreRun', () => tracking.restoreRun(runId(ctx, 'doomed'))],
        ['logMetric', () => tracking.logMetric(id, metric)],
        ['logParam', () => tracking.logParam(id, { key: 'p', value: '1' })],
        ['setTag', () => tracking.setTag(id, { key: 't', value: '1' })],
        ['deleteTag', () => tracking.deleteTag(id, 'stage')],
        ['logBatch', () => tracking.logBatch(id, { metrics: [metric] })],
        ['logInputs', () => tracking.logInputs(id, [])],
        ['logOutputs', () => tracking.logOutputs(id, [])],
        ['createLoggedModel', () => tracking.createLoggedModel({ experimentId: exp })],
      ];
      for (const [name, write] of writes) await rejectsWithCode(write(), 'PERMISSION_DENIED', name);
      assert.equal(snapshot(await tracking.getRun(id)), before);
      assert.equal((await tracking.getExperiment(exp)).name, ALPHA);
      assert.equal((await tracking.getExperiment(exp)).lifecycleStage, 'active');
    });

    test('every registry write is PERMISSION_DENIED and changes nothing', async () => {
      const { registry } = ctx.backend();
      assert.equal(registry.readOnly, true);
      const writes: [string, () => Promise<unknown>][] = [
        ['createRegisteredModel', () => registry.createRegisteredModel('contract-new')],
        ['renameRegisteredModel', () => registry.renameRegisteredModel(MODEL, 'contract-renamed')],
        ['updateRegisteredModel', () => registry.updateRegisteredModel(MODEL, 'changed')],
        ['deleteRegisteredModel', () => registry.deleteRegisteredModel(MODEL)],
        ['setRegisteredModelTag', () => registry.setRegisteredModelTag(MODEL, { key: 'k', value: 'v' })],
        ['deleteRegisteredModelTag', () => registry.deleteRegisteredModelTag(MODEL, 'owner')],
        ['createModelVersion', () => registry.createModelVersion({ name: MODEL, source: 'file:///tmp/x' })],
        ['updateModelVersion', () => registry.updateModelVersion(MODEL, '1', 'changed')],
        ['deleteModelVersion', () => registry.deleteModelVersion(MODEL, '1')],
        ['transitionModelVersionStage', () => registry.transitionModelVersionStage(MODEL, '1', 'Staging', false)],
        ['setModelVersionTag', () => registry.setModelVersionTag(MODEL, '1', { key: 'k', value: 'v' })],
        ['deleteModelVersionTag', () => registry.deleteModelVersionTag(MODEL, '1', 'validated')],
        ['setRegisteredModelAlias', () => registry.setRegisteredModelAlias(MODEL, 'other', '1')],
        ['deleteRegisteredModelAlias', () => registry.deleteRegisteredModelAlias(MODEL, 'champion')],
      ];
      for (const [name, write] of writes) await rejectsWithCode(write(), 'PERMISSION_DENIED', name);
      const model = await registry.getRegisteredModel(MODEL);
      assert.equal(model.description, 'The contract model');
      assert.deepEqual(model.aliases.map((a) => a.alias).sort(), ['baseline', 'champion']);
      assert.equal((await registry.getModelVersion(MODEL, '1')).currentStage, 'Archived');
    });
  });
}
