// Registry and logged-model reads: get, search with paging, latest versions, aliases, download URIs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ModelVersion } from '../../src/shared/entities.ts';
import { isAuditTagKey } from '../../src/store/audit/auditEvent.ts';
import {
  allPages, assertPagesSliceFull, byKey, experimentId, rejectsWithCode, runId, type ContractContext,
} from './contractContext.ts';
import { ALPHA, MODEL, WORKLOAD } from './workload.ts';

// runlens.audit.* tags are the trail a backend may record beside the user's tags (auditContract checks them).
const userTags = <T extends { key: string }>(tags: T[]) => byKey(tags.filter((t) => !t.key.startsWith('mlflow.') && !isAuditTagKey(t.key)));
const stages = (versions: ModelVersion[]) => versions.map((v) => `${v.version}:${v.currentStage}`).sort();

/** Each version's stage after replaying the workload's transitions (archive_existing_versions included). */
function expectedStage(model: string, version: string): string {
  const stage = new Map<string, string>();
  for (const t of WORKLOAD.registry.transitions.filter((x) => x.model === model)) {
    if (t.archiveExisting) for (const [v, s] of stage) if (v !== t.version && s === t.stage) stage.set(v, 'Archived');
    stage.set(t.version, t.stage);
  }
  return stage.get(version) ?? 'None';
}

function expectedVersions(model: string) {
  return WORKLOAD.registry.versions.filter((v) => v.model === model).map((v, i) => ({ ...v, version: String(i + 1) }));
}

export function defineRegistryContract(ctx: ContractContext): void {
  const sourceOf = (runName: string) => `${ctx.workload().runs.get(runName)?.info.artifactUri}/model`;

  describe('model registry', () => {
    test('registered models come back with description, tags, aliases and latest versions', async () => {
      const { registry } = ctx.backend();
      for (const spec of WORKLOAD.registry.models) {
        const model = await registry.getRegisteredModel(spec.name);
        assert.equal(model.name, spec.name);
        assert.equal(model.description || undefined, spec.description, `${spec.name} description`);
        assert.deepEqual(userTags(model.tags), byKey(spec.tags), `${spec.name} tags`);
        const aliases = WORKLOAD.registry.aliases.filter((a) => a.model === spec.name).map((a) => `${a.alias}=${a.version}`).sort();
        assert.deepEqual(model.aliases.map((a) => `${a.alias}=${a.version}`).sort(), aliases, `${spec.name} aliases`);
        const versions = expectedVersions(spec.name);
        // One latest version per stage in use.
        const latestPerStage = new Map<string, string>();
        for (const v of versions) latestPerStage.set(expectedStage(spec.name, v.version), v.version);
        assert.deepEqual(stages(model.latestVersions), [...latestPerStage].map(([stage, v]) => `${v}:${stage}`).sort(), `${spec.name} latest versions`);
        assert.ok(typeof model.creationTimestamp === 'number' && (model.lastUpdatedTimestamp ?? 0) >= model.creationTimestamp, `${spec.name} timestamps`);
      }
    });

    test('model versions: stage after archive_existing_versions, source, run, tags, aliases', async () => {
      const { registry } = ctx.backend();
      for (const v of expectedVersions(MODEL)) {
        const version = await registry.getModelVersion(MODEL, v.version);
        const what = `${MODEL} v${v.version}`;
        assert.equal(version.version, v.version);
        assert.equal(version.currentStage, expectedStage(MODEL, v.version), what);
        assert.equal(version.description || undefined, v.description, `${what} description`);
        assert.equal(version.source, sourceOf(v.sourceRun), `${what} source`);
        assert.equal(version.runId, runId(ctx, v.sourceRun), `${what} run`);
        assert.equal(version.status, 'READY', what);
        assert.deepEqual(userTags(version.tags), byKey(v.tags), `${what} tags`);
        const aliases = WORKLOAD.registry.aliases.filter((a) => a.model === MODEL && a.version === v.version).map((a) => a.alias).sort();
        assert.deepEqual([...version.aliases].sort(), aliases, `${what} aliases`);
      }
    });

    test('latest versions, by stage', async () => {
      const { registry } = ctx.backend();
      assert.deepEqual(stages(await registry.getLatestVersions(MODEL)), ['1:Archived', '2:Production']);
      assert.deepEqual(stages(await registry.getLatestVersions(MODEL, ['Production'])), ['2:Production']);
      assert.deepEqual(stages(await registry.getLatestVersions(MODEL, ['production', 'archived'])), ['1:Archived', '2:Production']);
      assert.deepEqual(await registry.getLatestVersions(MODEL, ['Staging']), []);
      assert.deepEqual(stages(await registry.getLatestVersions('contract-other', ['Staging'])), ['1:Staging']);
    });

    test('aliases resolve to their version', async () => {
      const { registry } = ctx.backend();
      for (const a of WORKLOAD.registry.aliases) {
        const version = await registry.getModelVersionByAlias(a.model, a.alias);
        assert.equal(version.version, a.version, a.alias);
        assert.ok(version.aliases.includes(a.alias), `${a.alias} listed on its version`);
      }
    });

    test('download URI is the version source', async () => {
      const { registry } = ctx.backend();
      for (const v of expectedVersions(MODEL)) {
        assert.equal(await registry.getModelVersionDownloadUri(MODEL, v.version), sourceOf(v.sourceRun), `v${v.version}`);
      }
    });

    test('search registered models: filter, order, pages are slices', async () => {
      const { registry } = ctx.backend();
      const filter = "name LIKE 'contract-%'";
      const namesAsc = WORKLOAD.registry.models.map((m) => m.name).sort();
      assert.deepEqual((await registry.searchRegisteredModels({ filter })).items.map((m) => m.name), namesAsc);
      assert.deepEqual((await registry.searchRegisteredModels({ filter, orderBy: ['name DESC'] })).items.map((m) => m.name), [...namesAsc].reverse());
      assert.deepEqual((await registry.searchRegisteredModels({ filter: "tags.owner = 'research'" })).items.map((m) => m.name), ['contract-other']);
      for (const orderBy of [undefined, ['name DESC']]) {
        const full = (await registry.searchRegisteredModels({ filter, orderBy })).items;
        const pages = await allPages((pageToken) => registry.searchRegisteredModels({ filter, orderBy, maxResults: 1, pageToken }));
        assertPagesSliceFull(pages, full, 1, (m) => m.name);
      }
    });

    test('search model versions: by name, run and tag; pages are slices', async () => {
      const { registry } = ctx.backend();
      const versionsOf = async (filter: string) => (await registry.searchModelVersions({ filter })).items.map((v) => `${v.name}/${v.version}`).sort();
      assert.deepEqual(await versionsOf(`name = '${MODEL}'`), [`${MODEL}/1`, `${MODEL}/2`]);
      assert.deepEqual(await versionsOf(`run_id = '${runId(ctx, 'child-a')}'`), [`${MODEL}/2`]);
      assert.deepEqual(await versionsOf("tags.validated = 'yes'"), [`${MODEL}/2`]);
      assert.deepEqual(await versionsOf("name LIKE 'contract-%'"), [`${MODEL}/1`, `${MODEL}/2`, 'contract-other/1']);
      const filter = "name LIKE 'contract-%'";
      const full = (await registry.searchModelVersions({ filter, orderBy: ['name ASC', 'version_number DESC'] })).items;
      assert.deepEqual(full.map((v) => `${v.name}/${v.version}`), [`${MODEL}/2`, `${MODEL}/1`, 'contract-other/1']);
      const pages = await allPages((pageToken) => registry.searchModelVersions({ filter, orderBy: ['name ASC', 'version_number DESC'], maxResults: 2, pageToken }));
      assertPagesSliceFull(pages, full, 2, (v) => `${v.name}/${v.version}`);
    });

    test('missing models and versions, unknown aliases and bad filters are MLflow errors', async () => {
      const { registry } = ctx.backend();
      await rejectsWithCode(registry.getRegisteredModel('contract-missing'), 'RESOURCE_DOES_NOT_EXIST', 'missing model');
      await rejectsWithCode(registry.getModelVersion(MODEL, '99'), 'RESOURCE_DOES_NOT_EXIST', 'missing version');
      await rejectsWithCode(registry.getModelVersion('contract-missing', '1'), 'RESOURCE_DOES_NOT_EXIST', 'version of a missing model');
      // MLflow's stores answer a missing alias with INVALID_PARAMETER_VALUE, not RESOURCE_DOES_NOT_EXIST.
      await rejectsWithCode(registry.getModelVersionByAlias(MODEL, 'nobody'), 'INVALID_PARAMETER_VALUE', 'missing alias');
      await rejectsWithCode(registry.searchRegisteredModels({ filter: "name ~ 'x'" }), 'INVALID_PARAMETER_VALUE', 'bad model filter');
      await rejectsWithCode(registry.searchModelVersions({ filter: 'colour = 1' }), 'INVALID_PARAMETER_VALUE', 'bad version filter');
    });
  });

  describe('logged models', () => {
    test('search and get return the logged model with its tags, params and source run', async () => {
      const { tracking } = ctx.backend();
      const spec = WORKLOAD.loggedModels[0];
      const found = (await tracking.searchLoggedModels({ experimentIds: [experimentId(ctx, ALPHA)] })).items;
      assert.deepEqual(found.map((m) => m.name), [spec.name]);
      const model = await tracking.getLoggedModel(found[0].modelId);
      assert.match(model.modelId, /^m-[0-9a-f]{32}$/u);
      assert.equal(model.experimentId, experimentId(ctx, ALPHA));
      assert.equal(model.name, spec.name);
      assert.equal(model.modelType, spec.modelType);
      assert.equal(model.sourceRunId, runId(ctx, spec.sourceRun));
      assert.equal(model.status, 'LOGGED_MODEL_READY');
      assert.deepEqual(userTags(model.tags), byKey(spec.tags));
      assert.deepEqual(byKey(model.params), byKey(spec.params));
      const location = ctx.workload().experiments.get(ALPHA)?.artifactLocation.replace(/\/+$/u, '');
      assert.equal(model.artifactUri, `${location}/models/${model.modelId}/artifacts`);
    });

    test('a missing logged model is RESOURCE_DOES_NOT_EXIST', async () => {
      await rejectsWithCode(ctx.backend().tracking.getLoggedModel(`m-${'0'.repeat(32)}`), 'RESOURCE_DOES_NOT_EXIST', 'missing logged model');
    });
  });
}
