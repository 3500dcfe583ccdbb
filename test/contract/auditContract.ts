// The registry audit trail on every backend: writable backends record a fixed sequence of changes
// through auditedRegistry; the read-only mlruns backend was seeded with the same events by the real
// mlflow. Either way the trail reads back equal, in order, and the model reads as it should.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { auditTrail, AUDIT_VALUE_LIMIT, isAuditTagKey, withoutAuditTags } from '../../src/store/audit/auditEvent.ts';
import { AUDIT_FINAL, AUDIT_MODEL, AUDIT_MODEL_TAGS, AUDIT_SOURCE_RUN, auditEvents, recordAuditWorkload } from './auditWorkload.ts';
import { byKey, runId, type ContractContext } from './contractContext.ts';

const codePoints = (text: string) => [...text].length;

export function defineAuditContract(ctx: ContractContext): void {
  describe('registry audit trail', () => {
    let failures: string[] = [];
    before(async () => {
      const backend = ctx.backend();
      if (backend.readOnly) return;
      const run = ctx.workload().runs.get(AUDIT_SOURCE_RUN);
      assert.ok(run, `run ${AUDIT_SOURCE_RUN} is missing from the backend`);
      failures = await recordAuditWorkload(backend.registry, { source: `${run.info.artifactUri}/model`, runId: run.info.runId });
    });

    test('every change is recorded (writable) and the trail reads back equal, in order', async () => {
      assert.deepEqual(failures, [], `failed changes:\n${failures.join('\n')}`);
      const model = await ctx.backend().registry.getRegisteredModel(AUDIT_MODEL);
      assert.deepEqual(auditTrail(model.tags), auditEvents(runId(ctx, AUDIT_SOURCE_RUN)));
    });

    test('each event is one tag within MLflow\'s key (250) and value (5000) limits', async () => {
      const tags = (await ctx.backend().registry.getRegisteredModel(AUDIT_MODEL)).tags.filter((t) => isAuditTagKey(t.key));
      assert.equal(tags.length, auditEvents('').length);
      for (const t of tags) {
        assert.ok(t.key.length <= 250, t.key);
        assert.ok(codePoints(t.value ?? '') <= AUDIT_VALUE_LIMIT, `${t.key}: ${codePoints(t.value ?? '')} characters`);
      }
    });

    test('the model\'s own tags, description, stages and aliases are what the changes left', async () => {
      const { registry } = ctx.backend();
      const model = await registry.getRegisteredModel(AUDIT_MODEL);
      assert.deepEqual(byKey(withoutAuditTags(model.tags)), byKey(AUDIT_MODEL_TAGS));
      assert.equal(model.description, AUDIT_FINAL.description);
      assert.deepEqual(Object.fromEntries(model.aliases.map((a) => [a.alias, a.version])), AUDIT_FINAL.aliases);
      const versions = (await registry.searchModelVersions({ filter: `name = '${AUDIT_MODEL}'` })).items;
      assert.deepEqual(Object.fromEntries(versions.map((v) => [v.version, v.currentStage])), AUDIT_FINAL.stages);
      for (const v of versions) assert.deepEqual(byKey(v.tags.filter((t) => !t.key.startsWith('mlflow.'))), byKey(AUDIT_FINAL.versionTags[v.version]), `v${v.version} tags`);
    });

    test('searches, latest versions and aliases answer as without a trail', async () => {
      const { registry } = ctx.backend();
      const found = (await registry.searchRegisteredModels({ filter: "tags.owner = 'governance'" })).items;
      assert.deepEqual(found.map((m) => m.name), [AUDIT_MODEL]);
      assert.deepEqual(found[0].latestVersions.map((v) => `${v.version}:${v.currentStage}`).sort(), ['1:Archived', '2:Production']);
      assert.deepEqual((await registry.getLatestVersions(AUDIT_MODEL, ['Production'])).map((v) => v.version), ['2']);
      assert.equal((await registry.getModelVersionByAlias(AUDIT_MODEL, 'champion')).version, '2');
      const byName = (await registry.searchModelVersions({ filter: `name = '${AUDIT_MODEL}'`, orderBy: ['version_number DESC'] })).items;
      assert.deepEqual(byName.map((v) => v.version), ['2', '1']);
    });
  });
}
