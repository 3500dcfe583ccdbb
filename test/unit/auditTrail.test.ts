// The registry audit trail on a real SQLite store: what each change records, in order, within
// MLflow's tag limits; refusals that write nothing; and runlens server recording other clients.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTrackingServer, type RunningServer } from '../../src/server/trackingServer.ts';
import { basicUserName } from '../../src/server/auditUser.ts';
import {
  AUDIT_VALUE_LIMIT, auditTrail, currentPlacements, decodeAuditTag, encodeAuditEvent, isAuditTagKey, versionTimeline, type AuditEvent,
} from '../../src/store/audit/auditEvent.ts';
import { auditedRegistry } from '../../src/store/audit/auditedRegistry.ts';
import { openSqliteStore, type SqliteStores } from '../../src/store/sqlite/openSqliteStore.ts';

const summary = (e: AuditEvent) => [e.action, e.version ?? '', e.item ?? '', e.from ?? '', e.to ?? '', e.user, e.reason ?? ''].join('|');

describe('registry audit trail on SQLite', () => {
  let dir: string;
  let stores: SqliteStores;
  let runId: string;
  let clock = 1_700_000_000_000;
  const now = () => (clock += 1000);

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-audit-'));
    stores = openSqliteStore(path.join(dir, 'mlflow.db'), { defaultArtifactRoot: path.join(dir, 'artifacts') });
    runId = (await stores.tracking.createRun({ experimentId: '0', userId: 'trainer', startTime: 1 })).info.runId;
  });
  after(() => {
    stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const source = () => path.join(dir, 'artifacts', '0', runId, 'artifacts', 'model');

  test('every change records one event, in order, with the user and the reason', async () => {
    const alice = auditedRegistry(stores.registry, { user: 'alice', now });
    const withReason = (reason: string) => auditedRegistry(stores.registry, { user: 'bob', reason, now });
    await alice.createRegisteredModel('iris');
    const v1 = await alice.createModelVersion({ name: 'iris', source: source(), runId });
    const v2 = await alice.createModelVersion({ name: 'iris', source: source(), runId });
    await withReason('passed offline eval').transitionModelVersionStage('iris', v1.version, 'production', false);
    await withReason('better on March data').transitionModelVersionStage('iris', v2.version, 'Production', true);
    await withReason('first champion').setRegisteredModelAlias('iris', 'champion', v1.version);
    await withReason('moved').setRegisteredModelAlias('iris', 'champion', v2.version);
    await alice.updateRegisteredModel('iris', 'Classifies irises.');
    await alice.updateModelVersion('iris', v2.version, 'Logistic regression');
    await alice.setRegisteredModelTag('iris', { key: 'team', value: 'vision' });
    await alice.setModelVersionTag('iris', v2.version, { key: 'approved-by', value: 'carol' });
    await alice.deleteModelVersionTag('iris', v2.version, 'approved-by');
    await alice.deleteRegisteredModelTag('iris', 'team');
    await alice.deleteRegisteredModelAlias('iris', 'champion');

    const model = await stores.registry.getRegisteredModel('iris');
    assert.deepEqual(auditTrail(model.tags).map(summary), [
      'model-created|||||alice|',
      `version-created|1|||run ${runId}|alice|`,
      `version-created|2|||run ${runId}|alice|`,
      'stage|1||None|Production|bob|passed offline eval',
      'stage|2||None|Production|bob|better on March data',
      'stage|1||Production|Archived|bob|archived when version 2 moved to Production',
      'alias-set||champion||1|bob|first champion',
      'alias-set||champion|1|2|bob|moved',
      'model-description||||Classifies irises.|alice|',
      'version-description|2|||Logistic regression|alice|',
      'model-tag-set||team||vision|alice|',
      'version-tag-set|2|approved-by||carol|alice|',
      'version-tag-deleted|2|approved-by|carol||alice|',
      'model-tag-deleted||team|vision||alice|',
      'alias-deleted||champion|2||alice|',
    ]);
    // The trail is the model's tags only: the versions' own tags and the model's user tags are untouched.
    assert.deepEqual((await stores.registry.getModelVersion('iris', v2.version)).tags, []);
    assert.deepEqual(model.tags.filter((t) => !isAuditTagKey(t.key)), []);
    for (const tag of model.tags) {
      assert.ok(tag.key.length <= 250, tag.key);
      assert.ok([...tag.value].length <= AUDIT_VALUE_LIMIT);
    }
  });

  test('a version\'s timeline starts with its creation; placements say since when and by whom', async () => {
    const model = await stores.registry.getRegisteredModel('iris');
    const v2 = await stores.registry.getModelVersion('iris', '2');
    const timeline = versionTimeline(model, v2);
    assert.deepEqual(timeline.map((e) => e.action), ['version-created', 'stage', 'version-description', 'version-tag-set', 'version-tag-deleted']);
    await auditedRegistry(stores.registry, { user: 'dave', reason: 'rollout', now }).setRegisteredModelAlias('iris', 'champion', '2');
    const after = await stores.registry.getRegisteredModel('iris');
    const placements = currentPlacements(after, after.latestVersions);
    const production = placements.find((p) => p.label === 'Production');
    assert.equal(production?.version, '2');
    assert.equal(production?.since?.user, 'bob');
    assert.equal(production?.since?.reason, 'better on March data');
    const champion = placements.find((p) => p.label === '@champion');
    assert.equal(champion?.since?.user, 'dave');
    // A version that no RunLens recorded gets its creation from the registry's own fields.
    const bare = await stores.registry.createModelVersion({ name: 'iris', source: source(), runId });
    const synthetic = versionTimeline(after, bare);
    assert.equal(synthetic.length, 1);
    assert.equal(synthetic[0].action, 'version-created');
    assert.equal(synthetic[0].time, bare.creationTimestamp);
  });

  test('a reason too long for one tag is refused before anything is written', async () => {
    const beforeModel = await stores.registry.getRegisteredModel('iris');
    const beforeVersion = await stores.registry.getModelVersion('iris', '1');
    const long = 'x'.repeat(AUDIT_VALUE_LIMIT);
    const registry = auditedRegistry(stores.registry, { user: 'eve', reason: long, now });
    await assert.rejects(registry.transitionModelVersionStage('iris', '1', 'Staging', false), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'INVALID_PARAMETER_VALUE');
      assert.match(error.message, /reason/u);
      return true;
    });
    await assert.rejects(registry.setRegisteredModelAlias('iris', 'challenger', '1'), /reason/u);
    assert.deepEqual((await stores.registry.getModelVersion('iris', '1')).currentStage, beforeVersion.currentStage);
    const afterModel = await stores.registry.getRegisteredModel('iris');
    assert.deepEqual(afterModel.tags, beforeModel.tags);
    assert.deepEqual(afterModel.aliases, beforeModel.aliases);
    // Long old and new values are shortened instead: a 5,000-character description still records.
    await auditedRegistry(stores.registry, { user: 'eve', now }).updateRegisteredModel('iris', 'd'.repeat(5000));
    const last = auditTrail((await stores.registry.getRegisteredModel('iris')).tags).at(-1);
    assert.equal(last?.action, 'model-description');
    assert.ok((last?.to?.length ?? 0) < 1100);
  });

  test('deleting a version keeps the model\'s trail, the version\'s own events included', async () => {
    const registry = auditedRegistry(stores.registry, { user: 'frank', now });
    const before = auditTrail((await stores.registry.getRegisteredModel('iris')).tags);
    await registry.deleteModelVersion('iris', '2');
    const after = auditTrail((await stores.registry.getRegisteredModel('iris')).tags);
    assert.deepEqual(after.slice(0, before.length), before);
    assert.deepEqual(after.slice(before.length).map(summary), ['version-deleted|2||Production||frank|', 'alias-deleted||champion|2||frank|version 2 was deleted']);
    assert.ok(after.some((e) => e.version === '2' && e.action === 'version-description'));
  });

  test('tags that are not events are ignored when reading', () => {
    assert.equal(decodeAuditTag({ key: 'runlens.audit.1', value: 'not json' }), undefined);
    assert.equal(decodeAuditTag({ key: 'runlens.audit.2', value: '{"time":1,"action":"launched-rocket"}' }), undefined);
    assert.equal(decodeAuditTag({ key: 'team', value: encodeAuditEvent({ time: 1, user: 'a', action: 'stage' }) }), undefined);
    assert.deepEqual(decodeAuditTag({ key: 'runlens.audit.3', value: encodeAuditEvent({ time: 5, user: 'a', action: 'stage', to: 'Staging' }) }), { time: 5, user: 'a', action: 'stage', to: 'Staging' });
  });
});

describe('runlens server records the trail for any client', () => {
  let dir: string;
  let stores: SqliteStores;
  let server: RunningServer;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-audit-server-'));
    stores = openSqliteStore(path.join(dir, 'mlflow.db'), { defaultArtifactRoot: 'mlflow-artifacts:/' });
    server = await startTrackingServer({ tracking: stores.tracking, registry: stores.registry, port: 0, artifactsDestination: path.join(dir, 'mlartifacts'), version: 'test' });
  });
  after(async () => {
    await server.close();
    stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function post(route: string, body: object, headers: Record<string, string> = {}): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: server.port, method: 'POST', path: `/api/2.0/mlflow/${route}`, headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
  }

  test('the Basic credential names the user; the run\'s mlflow.user otherwise; RunLens clients record their own', async () => {
    const basic = { Authorization: `Basic ${Buffer.from('ci-bot:secret').toString('base64')}` };
    const run = await stores.tracking.createRun({ experimentId: '0', startTime: 1, tags: [{ key: 'mlflow.user', value: 'trainer' }] });
    assert.equal(await post('registered-models/create', { name: 'm' }, basic), 200);
    assert.equal(await post('model-versions/create', { name: 'm', source: `mlflow-artifacts:/0/${run.info.runId}/artifacts/model`, run_id: run.info.runId }), 200);
    assert.equal(await post('model-versions/transition-stage', { name: 'm', version: '1', stage: 'Staging', archive_existing_versions: false }, basic), 200);
    assert.equal(await post('model-versions/transition-stage', { name: 'm', version: '1', stage: 'Production', archive_existing_versions: false }, { ...basic, 'x-runlens-audited': '1' }), 200);
    assert.equal(await post('model-versions/transition-stage', { name: 'nope', version: '1', stage: 'Production', archive_existing_versions: false }, basic), 404);
    const trail = auditTrail((await stores.registry.getRegisteredModel('m')).tags);
    assert.deepEqual(trail.map((e) => `${e.action}:${e.user}:${e.to ?? ''}`), ['model-created:ci-bot:', `version-created:trainer:run ${run.info.runId}`, 'stage:ci-bot:Staging']);
  });

  test('basicUserName reads only a well-formed Basic credential', () => {
    assert.equal(basicUserName(`Basic ${Buffer.from('ana:pw').toString('base64')}`), 'ana');
    assert.equal(basicUserName(`basic ${Buffer.from(':pw').toString('base64')}`), undefined);
    assert.equal(basicUserName('Bearer abc'), undefined);
    assert.equal(basicUserName(undefined), undefined);
  });
});
