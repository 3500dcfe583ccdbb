// The SQLite registry store on databases the real mlflow 3.18 creates (and one MLflow 2.x-shaped).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openDatabase, type SqliteDatabase } from '../../src/store/sqlite/driver.ts';
import { detectFeatures } from '../../src/store/sqlite/schemaFeatures.ts';
import type { SqliteContext } from '../../src/store/sqlite/sqliteContext.ts';
import { SqliteRegistryStore } from '../../src/store/sqlite/sqliteRegistryStore.ts';
import { repoRoot, runPythonJson } from '../support/python.ts';
import { rejectsWith } from '../support/assertions.ts';

const makeDb = path.join(repoRoot, 'test', 'conformance', 'py', 'registry_make_db.py');

interface BaseIds {
  run_id: string;
  experiment_id: string;
  model_id: string;
  model_artifact_location: string;
}

function registryRows(db: SqliteDatabase): unknown {
  const tables = ['registered_models', 'model_versions', 'registered_model_tags', 'model_version_tags', 'registered_model_aliases'];
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).all()]));
}

describe('SQLite registry store on an mlflow-created database', () => {
  let dir: string;
  let db: SqliteDatabase;
  let store: SqliteRegistryStore;
  let ids: BaseIds;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-registry-'));
    const file = path.join(dir, 'mlflow.db');
    ids = await runPythonJson<BaseIds>(makeDb, [file, 'empty'], {}, dir);
    db = openDatabase(file);
    store = new SqliteRegistryStore({ db, features: detectFeatures(db) });
  });
  after(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the current schema carries workspaces and storage locations', () => {
    const features = detectFeatures(db);
    assert.equal(features.workspace, true);
    assert.equal(features.modelVersionStorageLocation, true);
  });

  test('registered models: create, get, duplicate and invalid names', async () => {
    const created = await store.createRegisteredModel('m-create', [{ key: 'a', value: '1' }, { key: 'a', value: '2' }, { key: 'b', value: 'x' }], 'about');
    assert.equal(created.name, 'm-create');
    assert.equal(created.description, 'about');
    assert.deepEqual(created.tags, [{ key: 'a', value: '2' }, { key: 'b', value: 'x' }]);
    assert.deepEqual(created.latestVersions, []);
    assert.deepEqual(created.aliases, []);
    assert.equal(created.creationTimestamp, created.lastUpdatedTimestamp);
    assert.deepEqual(await store.getRegisteredModel('m-create'), created);
    const row = db.prepare(`SELECT workspace FROM registered_models WHERE name = 'm-create'`).get() as { workspace: string };
    assert.equal(row.workspace, 'default');
    await assert.rejects(store.createRegisteredModel('m-create'), rejectsWith('RESOURCE_ALREADY_EXISTS', /m-create/u));
    await assert.rejects(store.createRegisteredModel('  '), rejectsWith('INVALID_PARAMETER_VALUE', /'name'/u));
    await assert.rejects(store.createRegisteredModel('a/b'), rejectsWith('INVALID_PARAMETER_VALUE', /model name 'a\/b'/u));
    await assert.rejects(store.createRegisteredModel('a:b'), rejectsWith('INVALID_PARAMETER_VALUE', /model name/u));
    await assert.rejects(store.createRegisteredModel('..'), rejectsWith('INVALID_PARAMETER_VALUE', /'name'/u));
    await assert.rejects(store.getRegisteredModel('nope'), rejectsWith('RESOURCE_DOES_NOT_EXIST', /name=nope/u));
  });

  test('versions count up, never reuse a deleted number, and deleted ones are hidden', async () => {
    await store.createRegisteredModel('m-versions');
    const v1 = await store.createModelVersion({
      name: 'm-versions', source: 's3://b/1', runId: ids.run_id, runLink: 'http://run', description: 'one',
      tags: [{ key: 'k', value: 'v' }],
    });
    assert.equal(v1.version, '1');
    assert.equal(v1.status, 'READY');
    assert.equal(v1.currentStage, 'None');
    assert.equal(v1.source, 's3://b/1');
    assert.equal(v1.storageLocation, 's3://b/1');
    assert.equal(v1.runId, ids.run_id);
    assert.equal(v1.runLink, 'http://run');
    assert.equal(v1.description, 'one');
    assert.equal(v1.userId, undefined);
    assert.deepEqual(v1.tags, [{ key: 'k', value: 'v' }]);
    const v2 = await store.createModelVersion({ name: 'm-versions', source: 's3://b/2' });
    assert.equal(v2.version, '2');
    const model = await store.getRegisteredModel('m-versions');
    assert.equal(model.lastUpdatedTimestamp, v2.creationTimestamp);
    await store.deleteModelVersion('m-versions', '2');
    await assert.rejects(store.getModelVersion('m-versions', '2'), rejectsWith('RESOURCE_DOES_NOT_EXIST', /version=2/u));
    await assert.rejects(store.getModelVersionDownloadUri('m-versions', '2'), rejectsWith('RESOURCE_DOES_NOT_EXIST', /version=2/u));
    const redacted = db.prepare(`SELECT current_stage, source, run_id, description FROM model_versions WHERE name = 'm-versions' AND version = 2`).get();
    assert.deepEqual(redacted, { current_stage: 'Deleted_Internal', source: 'REDACTED-SOURCE-PATH', run_id: 'REDACTED-RUN-ID', description: null });
    const v3 = await store.createModelVersion({ name: 'm-versions', source: 's3://b/3' });
    assert.equal(v3.version, '3');
    const latest = (await store.getRegisteredModel('m-versions')).latestVersions.map((v) => v.version);
    assert.deepEqual(latest, ['3']);
    await assert.rejects(store.getModelVersion('m-versions', 'x'), rejectsWith('INVALID_PARAMETER_VALUE', /'version'/u));
    await assert.rejects(store.createModelVersion({ name: 'missing', source: 's' }), rejectsWith('RESOURCE_DOES_NOT_EXIST', /missing/u));
    const updated = await store.updateModelVersion('m-versions', '1', 'changed');
    assert.equal(updated.description, 'changed');
    assert.ok(updated.lastUpdatedTimestamp! >= v1.lastUpdatedTimestamp!);
    assert.equal(await store.getModelVersionDownloadUri('m-versions', '1'), 's3://b/1');
  });

  test('models:/ sources resolve to the logged model or version they name', async () => {
    await store.createRegisteredModel('m-sources');
    const fromLogged = await store.createModelVersion({ name: 'm-sources', source: `models:/${ids.model_id}` });
    assert.equal(fromLogged.storageLocation, ids.model_artifact_location);
    assert.equal(fromLogged.runId, ids.run_id);
    assert.equal(await store.getModelVersionDownloadUri('m-sources', '1'), ids.model_artifact_location);
    const fromVersion = await store.createModelVersion({ name: 'm-sources', source: 'models:/m-sources/1' });
    assert.equal(fromVersion.source, 'models:/m-sources/1');
    assert.equal(fromVersion.storageLocation, ids.model_artifact_location);
    const byModelId = await store.createModelVersion({ name: 'm-sources', source: '/plain', modelId: ids.model_id });
    assert.equal(byModelId.runId, ids.run_id);
    assert.equal(byModelId.modelId, undefined);
    await assert.rejects(store.createModelVersion({ name: 'm-sources', source: 'models:/m-sources@champ' }), rejectsWith('INVALID_PARAMETER_VALUE', /models:\/m-sources@champ/u));
    await assert.rejects(store.createModelVersion({ name: 'm-sources', source: 'models:/m-nope' }), rejectsWith('RESOURCE_DOES_NOT_EXIST', /m-nope/u));
    await assert.rejects(store.createModelVersion({ name: 'm-sources', source: 's', modelId: 'm-nope' }), rejectsWith('RESOURCE_DOES_NOT_EXIST', /m-nope/u));
    assert.equal((await store.getLatestVersions('m-sources')).map((v) => v.version).join(), '3');
  });

  test('stage transitions: any case in, canonical out, optional archiving', async () => {
    await store.createRegisteredModel('m-stages');
    for (let i = 0; i < 4; i++) await store.createModelVersion({ name: 'm-stages', source: `s${i}` });
    await store.transitionModelVersionStage('m-stages', '1', 'production', false);
    await store.transitionModelVersionStage('m-stages', '2', 'PRODUCTION', false);
    const v3 = await store.transitionModelVersionStage('m-stages', '3', 'Production', true);
    assert.equal(v3.currentStage, 'Production');
    assert.equal((await store.getModelVersion('m-stages', '1')).currentStage, 'Archived');
    assert.equal((await store.getModelVersion('m-stages', '2')).currentStage, 'Archived');
    assert.equal((await store.getModelVersion('m-stages', '2')).lastUpdatedTimestamp, v3.lastUpdatedTimestamp);
    assert.equal((await store.getRegisteredModel('m-stages')).lastUpdatedTimestamp, v3.lastUpdatedTimestamp);
    await store.transitionModelVersionStage('m-stages', '4', 'staging', false);
    const latest = await store.getLatestVersions('m-stages');
    assert.deepEqual(latest.map((v) => [v.version, v.currentStage]).sort(), [['2', 'Archived'], ['3', 'Production'], ['4', 'Staging']]);
    assert.deepEqual((await store.getLatestVersions('m-stages', ['STAGING', 'none'])).map((v) => v.version), ['4']);
    await assert.rejects(store.getLatestVersions('m-stages', ['Bogus']), rejectsWith('INVALID_PARAMETER_VALUE', /stage: Bogus/u));
    await assert.rejects(store.transitionModelVersionStage('m-stages', '1', 'Done', false), rejectsWith('INVALID_PARAMETER_VALUE', /stage: Done/u));
    await assert.rejects(store.transitionModelVersionStage('m-stages', '1', 'archived', true), rejectsWith('INVALID_PARAMETER_VALUE', /'archived' is not an Active stage/u));
    await assert.rejects(store.transitionModelVersionStage('m-stages', '9', 'None', false), rejectsWith('RESOURCE_DOES_NOT_EXIST', /version=9/u));
  });

  test('aliases: validated, moved by set, listed, resolved, dropped with their version', async () => {
    await store.createRegisteredModel('m-alias');
    for (let i = 0; i < 3; i++) await store.createModelVersion({ name: 'm-alias', source: `s${i}` });
    await store.setRegisteredModelAlias('m-alias', 'champ', '1');
    await store.setRegisteredModelAlias('m-alias', 'champ', '2');
    await store.setRegisteredModelAlias('m-alias', 'other', '2');
    assert.deepEqual((await store.getModelVersion('m-alias', '2')).aliases, ['champ', 'other']);
    assert.deepEqual((await store.getModelVersion('m-alias', '1')).aliases, []);
    assert.deepEqual((await store.getRegisteredModel('m-alias')).aliases, [{ alias: 'champ', version: '2' }, { alias: 'other', version: '2' }]);
    assert.equal((await store.getModelVersionByAlias('m-alias', 'champ')).version, '2');
    assert.equal((await store.getModelVersionByAlias('m-alias', 'LaTeSt')).version, '3');
    for (const reserved of ['latest', 'LATEST', 'v1', 'V22']) {
      await assert.rejects(store.setRegisteredModelAlias('m-alias', reserved, '1'), rejectsWith('INVALID_PARAMETER_VALUE', /reserved/u));
    }
    await assert.rejects(store.setRegisteredModelAlias('m-alias', 'bad alias', '1'), rejectsWith('INVALID_PARAMETER_VALUE', /alias name/u));
    await assert.rejects(store.setRegisteredModelAlias('m-alias', '', '1'), rejectsWith('INVALID_PARAMETER_VALUE', /alias name/u));
    await assert.rejects(store.setRegisteredModelAlias('m-alias', 'a'.repeat(256), '1'), rejectsWith('INVALID_PARAMETER_VALUE', /alias name' exceeds the maximum length of 255/u));
    await store.setRegisteredModelAlias('m-alias', 'a'.repeat(255), '1');
    await assert.rejects(store.setRegisteredModelAlias('m-alias', 'x', '7'), rejectsWith('RESOURCE_DOES_NOT_EXIST', /version=7/u));
    await assert.rejects(store.getModelVersionByAlias('m-alias', 'missing'), rejectsWith('INVALID_PARAMETER_VALUE', /alias missing/u));
    await store.deleteModelVersion('m-alias', '2');
    assert.deepEqual((await store.getRegisteredModel('m-alias')).aliases, [{ alias: 'a'.repeat(255), version: '1' }]);
    await store.deleteRegisteredModelAlias('m-alias', 'a'.repeat(255));
    await store.deleteRegisteredModelAlias('m-alias', 'never-set');
    assert.deepEqual((await store.getRegisteredModel('m-alias')).aliases, []);
    await store.deleteModelVersion('m-alias', '1');
    await store.deleteModelVersion('m-alias', '3');
    await assert.rejects(store.getModelVersionByAlias('m-alias', 'latest'), rejectsWith('RESOURCE_DOES_NOT_EXIST', /Latest version not found/u));
  });

  test('tags on models and versions, with key and value limits', async () => {
    const model = await store.createRegisteredModel('m-tags');
    await store.createModelVersion({ name: 'm-tags', source: 's' });
    await store.setRegisteredModelTag('m-tags', { key: 'k', value: 'v' });
    await store.setRegisteredModelTag('m-tags', { key: 'k', value: 'v2' });
    await store.setRegisteredModelTag('m-tags', { key: 'big', value: 'x'.repeat(100_000) });
    const tagged = await store.getRegisteredModel('m-tags');
    assert.deepEqual(tagged.tags.map((t) => [t.key, t.value.length]), [['big', 100_000], ['k', 2]]);
    assert.ok(tagged.lastUpdatedTimestamp! >= model.lastUpdatedTimestamp!);
    await store.deleteRegisteredModelTag('m-tags', 'big');
    await store.deleteRegisteredModelTag('m-tags', 'never');
    assert.deepEqual((await store.getRegisteredModel('m-tags')).tags, [{ key: 'k', value: 'v2' }]);
    await store.setModelVersionTag('m-tags', '1', { key: 'vk', value: 'vv' });
    assert.deepEqual((await store.getModelVersion('m-tags', '1')).tags, [{ key: 'vk', value: 'vv' }]);
    await store.deleteModelVersionTag('m-tags', '1', 'vk');
    assert.deepEqual((await store.getModelVersion('m-tags', '1')).tags, []);
    await assert.rejects(store.setRegisteredModelTag('m-tags', { key: 'k', value: 'x'.repeat(100_001) }), rejectsWith('INVALID_PARAMETER_VALUE', /'value' exceeds the maximum length of 100000/u));
    await assert.rejects(store.setRegisteredModelTag('m-tags', { key: 'k'.repeat(251), value: 'v' }), rejectsWith('INVALID_PARAMETER_VALUE', /'key' exceeds the maximum length of 250/u));
    await assert.rejects(store.setModelVersionTag('m-tags', '1', { key: 'a/../b', value: 'v' }), rejectsWith('INVALID_PARAMETER_VALUE', /'key'/u));
    await assert.rejects(store.setModelVersionTag('m-tags', '1', { key: 'bad!', value: 'v' }), rejectsWith('INVALID_PARAMETER_VALUE', /'key'/u));
    await assert.rejects(store.setModelVersionTag('m-tags', '1', { key: 'k', value: undefined as unknown as string }), rejectsWith('INVALID_PARAMETER_VALUE', /'value'/u));
    await assert.rejects(store.setModelVersionTag('m-tags', '5', { key: 'k', value: 'v' }), rejectsWith('RESOURCE_DOES_NOT_EXIST', /version=5/u));
  });

  test('rename carries versions, tags and aliases; delete removes everything', async () => {
    await store.createRegisteredModel('m-old', [{ key: 't', value: '1' }]);
    await store.createModelVersion({ name: 'm-old', source: 's', tags: [{ key: 'vt', value: '1' }] });
    await store.createModelVersion({ name: 'm-old', source: 's' });
    await store.setRegisteredModelAlias('m-old', 'best', '1');
    await store.deleteModelVersion('m-old', '2');
    await store.createRegisteredModel('m-taken');
    await assert.rejects(store.renameRegisteredModel('m-old', 'm-taken'), rejectsWith('RESOURCE_ALREADY_EXISTS', /m-taken/u));
    await assert.rejects(store.renameRegisteredModel('m-old', ''), rejectsWith('INVALID_PARAMETER_VALUE', /'new_name'/u));
    const renamed = await store.renameRegisteredModel('m-old', 'm-new');
    assert.equal(renamed.name, 'm-new');
    assert.deepEqual(renamed.tags, [{ key: 't', value: '1' }]);
    assert.deepEqual(renamed.aliases, [{ alias: 'best', version: '1' }]);
    const v1 = await store.getModelVersion('m-new', '1');
    assert.equal(v1.name, 'm-new');
    assert.deepEqual(v1.tags, [{ key: 'vt', value: '1' }]);
    assert.deepEqual(v1.aliases, ['best']);
    assert.equal(v1.lastUpdatedTimestamp, renamed.lastUpdatedTimestamp);
    await assert.rejects(store.getRegisteredModel('m-old'), rejectsWith('RESOURCE_DOES_NOT_EXIST', /m-old/u));
    assert.equal((await store.createModelVersion({ name: 'm-new', source: 's' })).version, '3');
    await store.deleteRegisteredModel('m-new');
    await assert.rejects(store.getRegisteredModel('m-new'), rejectsWith('RESOURCE_DOES_NOT_EXIST', /m-new/u));
    for (const table of ['model_versions', 'registered_model_tags', 'model_version_tags', 'registered_model_aliases']) {
      assert.deepEqual(db.prepare(`SELECT * FROM ${table} WHERE name = 'm-new'`).all(), [], table);
    }
    await assert.rejects(store.deleteRegisteredModel('m-new'), rejectsWith('RESOURCE_DOES_NOT_EXIST', /m-new/u));
  });

  test('searches page through models and versions, deleted versions left out', async () => {
    await store.createRegisteredModel('s-1');
    await store.createRegisteredModel('s-2');
    await store.createRegisteredModel('s-3');
    for (let i = 0; i < 3; i++) await store.createModelVersion({ name: 's-2', source: `s${i}` });
    await store.deleteModelVersion('s-2', '2');
    const first = await store.searchRegisteredModels({ filter: "name LIKE 's-%'", maxResults: 2 });
    assert.deepEqual(first.items.map((m) => m.name), ['s-1', 's-2']);
    assert.ok(first.nextPageToken);
    const second = await store.searchRegisteredModels({ filter: "name LIKE 's-%'", maxResults: 2, pageToken: first.nextPageToken });
    assert.deepEqual(second.items.map((m) => m.name), ['s-3']);
    assert.equal(second.nextPageToken, undefined);
    const versions = await store.searchModelVersions({ filter: "name = 's-2'", orderBy: ['version_number ASC'] });
    assert.deepEqual(versions.items.map((v) => v.version), ['1', '3']);
    await assert.rejects(store.searchRegisteredModels({ maxResults: 1001 }), rejectsWith('INVALID_PARAMETER_VALUE', /max_results/u));
    await assert.rejects(store.searchModelVersions({ maxResults: 200_001 }), rejectsWith('INVALID_PARAMETER_VALUE', /max_results/u));
    await assert.rejects(store.searchModelVersions({ maxResults: 0 }), rejectsWith('INVALID_PARAMETER_VALUE', /max_results/u));
  });

  test('a read-only store reads but refuses every write, leaving the file untouched', async () => {
    await store.createRegisteredModel('m-ro');
    await store.createModelVersion({ name: 'm-ro', source: 's' });
    const ctx: SqliteContext = { db, features: detectFeatures(db), readOnlyReason: 'opened read-only' };
    const readOnly = new SqliteRegistryStore(ctx);
    assert.equal(readOnly.readOnly, true);
    assert.equal((await readOnly.getModelVersion('m-ro', '1')).version, '1');
    const before = registryRows(db);
    const denied = rejectsWith('PERMISSION_DENIED', /read-only/u);
    await assert.rejects(readOnly.createRegisteredModel('m-ro-2'), denied);
    await assert.rejects(readOnly.createModelVersion({ name: 'm-ro', source: 's' }), denied);
    await assert.rejects(readOnly.transitionModelVersionStage('m-ro', '1', 'Staging', false), denied);
    await assert.rejects(readOnly.setRegisteredModelAlias('m-ro', 'a', '1'), denied);
    await assert.rejects(readOnly.deleteRegisteredModel('m-ro'), denied);
    assert.deepEqual(registryRows(db), before);
  });
});

// MLflow 2.x registry tables: no workspace column, no storage_location (our own DDL, 2.x shape).
const MLFLOW_2_SCHEMA = `
  CREATE TABLE experiments (experiment_id INTEGER PRIMARY KEY, name VARCHAR(256) NOT NULL UNIQUE);
  CREATE TABLE registered_models (name VARCHAR(256) PRIMARY KEY, creation_time BIGINT, last_updated_time BIGINT, description VARCHAR(5000));
  CREATE TABLE model_versions (
    name VARCHAR(256) NOT NULL REFERENCES registered_models (name) ON UPDATE CASCADE, version INTEGER NOT NULL,
    creation_time BIGINT, last_updated_time BIGINT, description VARCHAR(5000), user_id VARCHAR(256), current_stage VARCHAR(20),
    source VARCHAR(500), run_id VARCHAR(32), status VARCHAR(20), status_message VARCHAR(500), run_link VARCHAR(500),
    PRIMARY KEY (name, version));
  CREATE TABLE registered_model_tags (key VARCHAR(250) NOT NULL, value VARCHAR(5000),
    name VARCHAR(256) NOT NULL REFERENCES registered_models (name) ON UPDATE CASCADE, PRIMARY KEY (key, name));
  CREATE TABLE model_version_tags (key VARCHAR(250) NOT NULL, value TEXT, name VARCHAR(256) NOT NULL, version INTEGER NOT NULL,
    PRIMARY KEY (key, name, version), FOREIGN KEY (name, version) REFERENCES model_versions (name, version) ON UPDATE CASCADE);
  CREATE TABLE registered_model_aliases (alias VARCHAR(256) NOT NULL, version INTEGER NOT NULL,
    name VARCHAR(256) NOT NULL REFERENCES registered_models (name) ON DELETE CASCADE ON UPDATE CASCADE, PRIMARY KEY (name, alias));
`;

describe('SQLite registry store on an MLflow 2.x schema', () => {
  let dir: string;
  let store: SqliteRegistryStore;

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-registry2-'));
    const db = openDatabase(path.join(dir, 'mlflow.db'));
    db.exec(MLFLOW_2_SCHEMA);
    const features = detectFeatures(db);
    assert.equal(features.workspace, false);
    assert.equal(features.modelVersionStorageLocation, false);
    store = new SqliteRegistryStore({ db, features });
  });
  after(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the whole lifecycle works without workspace or storage_location columns', async () => {
    await store.createRegisteredModel('old', [{ key: 't', value: '1' }], 'd');
    const v1 = await store.createModelVersion({ name: 'old', source: 's3://x/1', tags: [{ key: 'vt', value: 'v' }] });
    assert.equal(v1.storageLocation, undefined);
    await store.createModelVersion({ name: 'old', source: 's3://x/2' });
    await store.transitionModelVersionStage('old', '2', 'production', true);
    await store.setRegisteredModelAlias('old', 'best', '2');
    assert.equal(await store.getModelVersionDownloadUri('old', '1'), 's3://x/1');
    await store.renameRegisteredModel('old', 'new');
    const model = await store.getRegisteredModel('new');
    assert.deepEqual(model.aliases, [{ alias: 'best', version: '2' }]);
    assert.deepEqual(model.latestVersions.map((v) => [v.version, v.currentStage]), [['1', 'None'], ['2', 'Production']]);
    assert.deepEqual((await store.getModelVersion('new', '1')).tags, [{ key: 'vt', value: 'v' }]);
    await store.deleteModelVersion('new', '2');
    assert.deepEqual((await store.getRegisteredModel('new')).aliases, []);
    const found = await store.searchModelVersions({ filter: "name = 'new'" });
    assert.deepEqual(found.items.map((v) => v.version), ['1']);
    assert.deepEqual((await store.searchRegisteredModels({})).items.map((m) => m.name), ['new']);
    await store.deleteRegisteredModel('new');
    await assert.rejects(store.getRegisteredModel('new'), rejectsWith('RESOURCE_DOES_NOT_EXIST', /new/u));
  });
});
