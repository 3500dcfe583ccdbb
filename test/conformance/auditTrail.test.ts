// Issue 14's audit trail against the real mlflow 3.18.0:
//  (a) RunLens records every kind of registry change on an mlflow.db; MlflowClient (on the file and
//      through `runlens server`) reads the runlens.audit.* tags back as the same events, within
//      MLflow's limits, and answers everything else exactly as on a copy without the trail;
//  (b) a Python script's changes through `runlens server` are recorded with its user, in order;
//  (c) the trail survives the server's restart and reads the same from a second process;
//  (d) a reason too long for one tag changes nothing; deleting a version keeps the model's trail.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MlflowError } from '../../src/shared/errors.ts';
import {
  auditTrail, currentPlacements, decodeAuditTag, isAuditTagKey, AUDIT_VALUE_LIMIT, type AuditEvent,
} from '../../src/store/audit/auditEvent.ts';
import { auditedRegistry } from '../../src/store/audit/auditedRegistry.ts';
import type { ModelRegistryStore } from '../../src/store/modelRegistryStore.ts';
import { RestClient } from '../../src/store/rest/restClient.ts';
import { RestRegistryStore } from '../../src/store/rest/restRegistryStore.ts';
import { openDatabase } from '../../src/store/sqlite/driver.ts';
import { openSqliteStore, type SqliteStores } from '../../src/store/sqlite/openSqliteStore.ts';
import { repoRoot, runPythonJson } from '../support/python.ts';
import { startRunlensServer, type ServerProcess } from '../support/runlensServer.ts';
import { unsetAsNull } from '../support/storeDump.ts';

const py = (name: string) => path.join(repoRoot, 'test', 'conformance', 'py', name);
const TRAINER = 'trainer-7';
/** audit_script.py's build-log tag holds this line 400 times. */
const BUILD_LOG_LINE = `${'\u0001'.repeat(10)}\n`;

interface Seed {
  run_id: string;
  model_id: string;
  user: string;
  predictions: number[];
}

interface TrailTag {
  key: string;
  value: string;
  key_chars: number;
  value_chars: number;
}

interface ClientRead {
  model: { tags: Record<string, string>; aliases: Record<string, string> };
  predictions: Record<string, number[]>;
  trail: TrailTag[];
  [section: string]: unknown;
}

/** Logs a small sklearn model in a run (its mlflow.user is TRAINER) on a new mlflow.db made by mlflow. */
async function seed(dir: string, file: string): Promise<Seed> {
  const made = await runPythonJson<Seed>(py('audit_seed.py'), [], { MLFLOW_TRACKING_URI: `sqlite:///${file}`, LOGNAME: TRAINER }, dir);
  assert.equal(made.user, TRAINER, 'the seeded run carries mlflow.user');
  return made;
}

const readWithClient = (dir: string, trackingUri: string, model: string, ...flags: string[]) =>
  runPythonJson<ClientRead>(py('audit_read.py'), [model, ...flags], { MLFLOW_TRACKING_URI: trackingUri }, dir);

/** The fields a test states about an event (time is checked for order separately). */
const shape = (e: AuditEvent): Omit<AuditEvent, 'time'> => Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'time')) as Omit<AuditEvent, 'time'>;

function assertTimeOrder(events: AuditEvent[]): void {
  events.forEach((e, i) => assert.ok(i === 0 || e.time >= events[i - 1].time, `event ${i} (${e.action}) is older than the one before`));
}

/** Everything MlflowClient read except the trail itself. */
function withoutTrail(read: ClientRead): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).filter(([k]) => !isAuditTagKey(k) && k !== 'trail').map(([k, v]) => [k, strip(v)]));
    }
    return value;
  };
  return strip(read);
}

function assertWithinLimits(trail: TrailTag[]): void {
  for (const t of trail) {
    assert.ok(t.key_chars <= 250, `${t.key} is longer than MLflow's 250-character tag key`);
    assert.ok(t.value_chars <= AUDIT_VALUE_LIMIT, `${t.key} holds ${t.value_chars} characters, more than registered_model_tags.value's ${AUDIT_VALUE_LIMIT}`);
  }
}

describe('RunLens records the trail on mlflow.db; the real mlflow reads it and is not disturbed', () => {
  const MODEL = 'audited';
  let dir: string;
  let file: string;
  let ids: Seed;
  let stores: SqliteStores;
  let expected: Omit<AuditEvent, 'time'>[];

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-audit-'));
    file = path.join(dir, 'mlflow.db');
    ids = await seed(dir, file);
    stores = openSqliteStore(file);
    let clock = Date.now();
    const as = (user: string, reason?: string): ModelRegistryStore => auditedRegistry(stores.registry, { user, reason, now: () => ++clock });
    const alice = as('alice');
    const source = { name: MODEL, source: `models:/${ids.model_id}`, runId: ids.run_id, modelId: ids.model_id };
    const fromRun = `run ${ids.run_id}`;

    await alice.createRegisteredModel(MODEL, [{ key: 'team', value: 'vision' }], 'iris classifier');
    for (let i = 0; i < 3; i++) await alice.createModelVersion(source);
    await as('alice', 'passed offline evaluation').transitionModelVersionStage(MODEL, '1', 'Production', false);
    await alice.transitionModelVersionStage(MODEL, '2', 'staging', false);
    await as('bob', 'better f1 on the holdout').transitionModelVersionStage(MODEL, '3', 'Production', true);
    await alice.setRegisteredModelAlias(MODEL, 'champion', '1');
    await as('bob', 'promoted with v3').setRegisteredModelAlias(MODEL, 'champion', '3');
    await alice.setRegisteredModelAlias(MODEL, 'challenger', '2');
    await alice.deleteRegisteredModelAlias(MODEL, 'challenger');
    await alice.updateModelVersion(MODEL, '3', 'best so far');
    await alice.updateRegisteredModel(MODEL, 'iris classifier, v3 in production');
    await alice.setModelVersionTag(MODEL, '3', { key: 'validated', value: 'yes' });
    await alice.setModelVersionTag(MODEL, '2', { key: 'temp', value: 'on' });
    await alice.deleteModelVersionTag(MODEL, '2', 'temp');
    await alice.setRegisteredModelTag(MODEL, { key: 'data-version', value: '2024-06' });
    await alice.setRegisteredModelTag(MODEL, { key: 'data-version', value: '2024-07' });
    await alice.deleteRegisteredModelTag(MODEL, 'data-version');
    await alice.createModelVersion(source);
    await alice.setRegisteredModelAlias(MODEL, 'doomed', '4');
    await as('carol', 'bad build').deleteModelVersion(MODEL, '4');

    const a = (e: Omit<AuditEvent, 'time' | 'user'>, user = 'alice') => ({ user, ...e });
    expected = [
      a({ action: 'model-created' }),
      a({ action: 'version-created', version: '1', to: fromRun }),
      a({ action: 'version-created', version: '2', to: fromRun }),
      a({ action: 'version-created', version: '3', to: fromRun }),
      a({ action: 'stage', version: '1', from: 'None', to: 'Production', reason: 'passed offline evaluation' }),
      a({ action: 'stage', version: '2', from: 'None', to: 'Staging' }),
      a({ action: 'stage', version: '3', from: 'None', to: 'Production', reason: 'better f1 on the holdout' }, 'bob'),
      a({ action: 'stage', version: '1', from: 'Production', to: 'Archived', reason: 'archived when version 3 moved to Production' }, 'bob'),
      a({ action: 'alias-set', item: 'champion', to: '1' }),
      a({ action: 'alias-set', item: 'champion', from: '1', to: '3', reason: 'promoted with v3' }, 'bob'),
      a({ action: 'alias-set', item: 'challenger', to: '2' }),
      a({ action: 'alias-deleted', item: 'challenger', from: '2' }),
      a({ action: 'version-description', version: '3', from: '', to: 'best so far' }),
      a({ action: 'model-description', from: 'iris classifier', to: 'iris classifier, v3 in production' }),
      a({ action: 'version-tag-set', version: '3', item: 'validated', to: 'yes' }),
      a({ action: 'version-tag-set', version: '2', item: 'temp', to: 'on' }),
      a({ action: 'version-tag-deleted', version: '2', item: 'temp', from: 'on' }),
      a({ action: 'model-tag-set', item: 'data-version', to: '2024-06' }),
      a({ action: 'model-tag-set', item: 'data-version', from: '2024-06', to: '2024-07' }),
      a({ action: 'model-tag-deleted', item: 'data-version', from: '2024-07' }),
      a({ action: 'version-created', version: '4', to: fromRun }),
      a({ action: 'alias-set', item: 'doomed', to: '4' }),
      a({ action: 'version-deleted', version: '4', from: 'None', reason: 'bad build' }, 'carol'),
      a({ action: 'alias-deleted', item: 'doomed', from: '4', reason: 'version 4 was deleted' }, 'carol'),
    ];
  });
  after(() => {
    stores?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('every change is one event, in time order, with its user and reason', async () => {
    const model = await stores.registry.getRegisteredModel(MODEL);
    const trail = auditTrail(model.tags);
    assert.deepEqual(trail.map(shape), expected);
    assertTimeOrder(trail);
    const versions = (await stores.registry.searchModelVersions({ filter: `name = '${MODEL}'` })).items;
    const placements = currentPlacements(model, versions).map((p) => `${p.label} v${p.version} by ${p.since?.user} at ${p.since?.time}`);
    const at = (i: number) => trail[i].time;
    assert.deepEqual(placements, [`Production v3 by bob at ${at(6)}`, `Staging v2 by alice at ${at(5)}`, `@champion v3 by bob at ${at(9)}`]);
  });

  test('MlflowClient on the file reads the same tags, each within MLflow\'s key and value limits', async () => {
    const read = await readWithClient(dir, `sqlite:///${file}`, MODEL);
    const ours = (await stores.registry.getRegisteredModel(MODEL)).tags.filter((t) => isAuditTagKey(t.key));
    assert.deepEqual(read.trail.map((t) => ({ key: t.key, value: t.value })), ours.map((t) => ({ key: t.key, value: t.value ?? '' })).sort((x, y) => (x.key < y.key ? -1 : 1)));
    assertWithinLimits(read.trail);
    assert.deepEqual(auditTrail(read.trail).map(shape), expected, 'the values decode as the events recorded');
    assert.ok(read.trail.every((t) => decodeAuditTag(t) !== undefined));
  });

  test('deleting a version keeps the model-level trail, that version\'s events included', async () => {
    await assert.rejects(stores.registry.getModelVersion(MODEL, '4'), (e: unknown) => e instanceof MlflowError && e.code === 'RESOURCE_DOES_NOT_EXIST');
    const read = await readWithClient(dir, `sqlite:///${file}`, MODEL);
    assert.deepEqual(auditTrail(read.trail, '4').map((e) => e.action), ['version-created', 'version-deleted']);
    assert.ok(auditTrail(read.trail).some((e) => e.action === 'alias-deleted' && e.item === 'doomed'), 'the alias that went with it');
  });

  test('search, latest versions, aliases, download URIs and load_model answer as on a copy without the trail', async () => {
    const copy = path.join(dir, 'copy.db');
    copyFileSync(file, copy);
    const withTrail = await readWithClient(dir, `sqlite:///${file}`, MODEL);
    const stripped = await readWithClient(dir, `sqlite:///${copy}`, MODEL, '--strip-trail');
    assert.equal(stripped.trail.length, 0, 'mlflow deleted the trail on the copy');
    assert.deepEqual(withoutTrail(withTrail), withoutTrail(stripped));
    // And the answers are the expected ones, not merely equal.
    assert.deepEqual(withTrail.model.tags, { team: 'vision', ...Object.fromEntries(withTrail.trail.map((t) => [t.key, t.value])) });
    assert.deepEqual(withTrail.model.aliases, { champion: '3' });
    assert.deepEqual(withTrail.predictions, { [`models:/${MODEL}@champion`]: ids.predictions, [`models:/${MODEL}/Production`]: ids.predictions });
    const latest = withTrail.latest as { version: string; current_stage: string }[][];
    assert.deepEqual(latest.map((l) => l.map((v) => `${v.version}:${v.current_stage}`).sort()), [['1:Archived', '2:Staging', '3:Production'], ['3:Production'], ['1:Archived', '2:Staging']]);
  });

  test('through runlens server MlflowClient reads the same as from the file, the trail included', async () => {
    let server: ServerProcess | undefined;
    try {
      server = await startRunlensServer(dir, ['--backend-store-uri', `sqlite:///${file}`]);
      const viaServer = await readWithClient(dir, server.url, MODEL);
      const direct = await readWithClient(dir, `sqlite:///${file}`, MODEL);
      assert.deepEqual(unsetAsNull(viaServer), unsetAsNull(direct));
      assert.equal(viaServer.trail.length, expected.length);
    } finally {
      await server?.stop();
    }
  });
});

describe('runlens server records the changes a Python script makes through it', () => {
  const MODEL = 'scripted';
  let dir: string;
  let file: string;
  let ids: Seed;
  let server: ServerProcess | undefined;
  let trailViaServer: AuditEvent[];

  const restRegistry = (url: string) => new RestRegistryStore(new RestClient({ baseUrl: url, timeoutMs: 60_000, maxRetries: 0 }));

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-audit-server-'));
    file = path.join(dir, 'mlflow.db');
    ids = await seed(dir, file);
    server = await startRunlensServer(dir, ['--backend-store-uri', `sqlite:///${file}`]);
    const env = { MLFLOW_TRACKING_URI: server.url };
    // No credentials: the versions are recorded as the source run's mlflow.user.
    await runPythonJson(py('audit_script.py'), ['register', ids.run_id, ids.model_id], env, dir);
    const stages = await runPythonJson<Record<string, string>>(py('audit_script.py'), ['promote'],
      { ...env, MLFLOW_TRACKING_USERNAME: 'ci-bot', MLFLOW_TRACKING_PASSWORD: 'not-checked-without-a-token' }, dir);
    assert.deepEqual(stages, { 1: 'Archived', 2: 'Production' });
    // RunLens's own client records its event itself (with the reason); the server must not add a second.
    const ours = auditedRegistry(restRegistry(server.url), { user: 'alice', reason: 'roll back to the nightly' });
    await ours.setRegisteredModelAlias(MODEL, 'champion', '2');
    trailViaServer = auditTrail((await restRegistry(server.url).getRegisteredModel(MODEL)).tags);
  });
  after(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const expected = () => {
    const fromRun = `run ${ids.run_id}`;
    const ci = (e: Omit<AuditEvent, 'time' | 'user'>) => ({ user: 'ci-bot', ...e });
    return [
      { user: '', action: 'model-created' },
      { user: TRAINER, action: 'version-created', version: '1', to: fromRun },
      { user: TRAINER, action: 'version-created', version: '2', to: fromRun },
      ci({ action: 'stage', version: '1', from: 'None', to: 'Staging' }),
      ci({ action: 'stage', version: '1', from: 'Staging', to: 'Production' }),
      ci({ action: 'alias-set', item: 'champion', to: '1' }),
      ci({ action: 'version-description', version: '1', from: '', to: 'nightly build, checks passed' }),
      ci({ action: 'stage', version: '2', from: 'None', to: 'Production' }),
      ci({ action: 'stage', version: '1', from: 'Production', to: 'Archived', reason: 'archived when version 2 moved to Production' }),
      // The event keeps the value's start within 1,000 stored characters: 16 lines of 62 escaped ones, one more \u0001, the ellipsis.
      ci({ action: 'version-tag-set', version: '1', item: 'build-log', to: `${BUILD_LOG_LINE.repeat(16)}\u0001…` }),
      { user: 'alice', action: 'alias-set', item: 'champion', from: '1', to: '2', reason: 'roll back to the nightly' },
    ];
  };

  test('events carry the Basic credential\'s user, or the run\'s mlflow.user for new versions, in time order, once each', () => {
    assert.deepEqual(trailViaServer.map(shape), expected());
    assertTimeOrder(trailViaServer);
  });

  test('the trail survives a restart: MlflowClient on the file, a fresh store and a new server read the same', async () => {
    await server?.stop();
    server = undefined;
    const read = await readWithClient(dir, `sqlite:///${file}`, MODEL);
    assertWithinLimits(read.trail);
    assert.deepEqual(auditTrail(read.trail), trailViaServer);
    const fresh = openSqliteStore(file, { readonly: true });
    try {
      assert.deepEqual(auditTrail((await fresh.registry.getRegisteredModel(MODEL)).tags), trailViaServer);
    } finally {
      fresh.close();
    }
    server = await startRunlensServer(dir, ['--backend-store-uri', `sqlite:///${file}`]);
    assert.deepEqual(auditTrail((await restRegistry(server.url).getRegisteredModel(MODEL)).tags), trailViaServer);
  });
});

describe('negative: what the trail refuses and what it keeps', () => {
  const MODEL = 'guarded';
  let dir: string;
  let file: string;
  let stores: SqliteStores;

  /** Every registry row, as SQLite holds it. */
  function registryRows(): unknown {
    const db = openDatabase(file, { readonly: true });
    try {
      const tables = ['registered_models', 'model_versions', 'registered_model_tags', 'model_version_tags', 'registered_model_aliases'];
      return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).all()]));
    } finally {
      db.close();
    }
  }

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-audit-negative-'));
    file = path.join(dir, 'mlflow.db');
    const ids = await seed(dir, file);
    stores = openSqliteStore(file);
    const alice = auditedRegistry(stores.registry, { user: 'alice' });
    await alice.createRegisteredModel(MODEL, [{ key: 'team', value: 'vision' }]);
    for (let i = 0; i < 2; i++) await alice.createModelVersion({ name: MODEL, source: `models:/${ids.model_id}`, runId: ids.run_id, tags: [{ key: 'n', value: String(i + 1) }] });
    await alice.transitionModelVersionStage(MODEL, '1', 'Production', false);
    await alice.setRegisteredModelAlias(MODEL, 'champion', '1');
  });
  after(() => {
    stores?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a reason too long for one tag is refused before anything is written', async () => {
    const before = registryRows();
    const verbose = auditedRegistry(stores.registry, { user: 'alice', reason: 'r'.repeat(AUDIT_VALUE_LIMIT) });
    const refused = (e: unknown) => e instanceof MlflowError && e.code === 'INVALID_PARAMETER_VALUE' && /reason is too long/u.test(e.message);
    await assert.rejects(verbose.transitionModelVersionStage(MODEL, '2', 'Production', true), refused);
    await assert.rejects(verbose.setRegisteredModelAlias(MODEL, 'champion', '2'), refused);
    await assert.rejects(verbose.deleteModelVersion(MODEL, '1'), refused);
    await assert.rejects(verbose.createModelVersion({ name: MODEL, source: 's3://bucket/x' }), refused);
    assert.deepEqual(registryRows(), before, 'no stage, tag, alias or version changed');
    assert.equal((await stores.registry.getModelVersion(MODEL, '2')).currentStage, 'None');
  });

  test('a malformed version is refused with the store\'s own error, as without the trail', async () => {
    const version = 'x'.repeat(6000);
    const plain = await stores.registry.transitionModelVersionStage(MODEL, version, 'Production', false).then(() => undefined, (e: unknown) => e);
    assert.ok(plain instanceof MlflowError, 'the store refuses a version that is not a number');
    await assert.rejects(auditedRegistry(stores.registry, { user: 'alice' }).transitionModelVersionStage(MODEL, version, 'Production', false),
      (e: unknown) => e instanceof MlflowError && e.code === plain.code && e.message === plain.message);
  });

  test('a long reason that fits (4,500 emoji: 9,000 UTF-16 units) is kept whole and MlflowClient reads it within the limit', async () => {
    const reason = '🚀'.repeat(4500);
    await auditedRegistry(stores.registry, { user: 'alice', reason }).transitionModelVersionStage(MODEL, '2', 'Staging', false);
    const read = await readWithClient(dir, `sqlite:///${file}`, MODEL);
    assertWithinLimits(read.trail);
    const last = auditTrail(read.trail).at(-1);
    assert.deepEqual(last && shape(last), { user: 'alice', action: 'stage', version: '2', from: 'None', to: 'Staging', reason });
  });
});
