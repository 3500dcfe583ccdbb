// Two-way differential tests of the SQLite registry against the real mlflow 3.18.0:
//  (a) python's MlflowClient writes a registry → our store reads the same entities and search answers;
//  (b) our store writes a registry → python's MlflowClient reads back what we wrote;
//  plus invalid calls: the same error code as mlflow's SQL store, a message naming the field, nothing written.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ModelVersion, RegisteredModel } from '../../src/shared/entities.ts';
import { MlflowError } from '../../src/shared/errors.ts';
import type { SearchRegistryQuery } from '../../src/store/modelRegistryStore.ts';
import { openDatabase, type SqliteDatabase } from '../../src/store/sqlite/driver.ts';
import { detectFeatures } from '../../src/store/sqlite/schemaFeatures.ts';
import { SqliteRegistryStore } from '../../src/store/sqlite/sqliteRegistryStore.ts';
import { repoRoot, runPythonJson } from '../support/python.ts';

const py = (name: string) => path.join(repoRoot, 'test', 'conformance', 'py', name);

interface BaseIds {
  run_id: string;
  experiment_id: string;
  model_id: string;
  model_artifact_location: string;
}

interface SearchCase {
  filter?: string;
  order_by?: string[];
  max_results?: number;
}

interface DumpSpec {
  models: string[];
  latest: [string, string[] | null][];
  versions: [string, string][];
  aliases: [string, string][];
  model_searches: SearchCase[];
  version_searches: SearchCase[];
}

type Json = unknown;

// The canonical shapes of registry_dump.py, built from our entities.
function dumpVersion(v: ModelVersion): Json {
  return {
    name: v.name,
    version: v.version,
    creation_timestamp: v.creationTimestamp ?? null,
    last_updated_timestamp: v.lastUpdatedTimestamp ?? null,
    description: v.description ?? null,
    user_id: v.userId ?? null,
    current_stage: v.currentStage ?? null,
    source: v.source ?? null,
    run_id: v.runId ?? null,
    status: v.status ?? null,
    status_message: v.statusMessage ?? null,
    run_link: v.runLink ?? null,
    tags: [...v.tags].sort((a, b) => (a.key < b.key ? -1 : 1)),
    aliases: [...v.aliases].sort(),
    model_id: v.modelId ?? null,
  };
}

function dumpModel(m: RegisteredModel): Json {
  return {
    name: m.name,
    creation_timestamp: m.creationTimestamp ?? null,
    last_updated_timestamp: m.lastUpdatedTimestamp ?? null,
    description: m.description ?? null,
    tags: [...m.tags].sort((a, b) => (a.key < b.key ? -1 : 1)),
    aliases: [...m.aliases].sort((a, b) => (a.alias < b.alias ? -1 : 1)),
    latest_versions: [...m.latestVersions].sort((a, b) => Number(a.version) - Number(b.version)).map(dumpVersion),
  };
}

async function guarded(read: () => Promise<Json>): Promise<Json> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof MlflowError) return { error: error.code };
    throw error;
  }
}

async function allPages<T>(search: (q: SearchRegistryQuery) => Promise<{ items: T[]; nextPageToken?: string }>, c: SearchCase, dump: (item: T) => Json): Promise<Json> {
  const pages: Json[] = [];
  let pageToken: string | undefined;
  for (;;) {
    const page = await search({ filter: c.filter, orderBy: c.order_by, maxResults: c.max_results ?? 100, pageToken });
    pageToken = page.nextPageToken;
    pages.push({ items: page.items.map(dump), has_next: Boolean(pageToken) });
    if (!pageToken || pages.length > 50) return pages;
  }
}

/** What registry_dump.py reads, read through our store. */
async function dumpOurs(store: SqliteRegistryStore, spec: DumpSpec): Promise<Json> {
  const each = <T>(items: T[], read: (item: T) => Promise<Json>) => Promise.all(items.map((item) => guarded(() => read(item))));
  return {
    models: await each(spec.models, async (n) => dumpModel(await store.getRegisteredModel(n))),
    latest: await each(spec.latest, async ([n, s]) => (await store.getLatestVersions(n, s ?? undefined)).map(dumpVersion)),
    versions: await each(spec.versions, async ([n, v]) => ({
      version: dumpVersion(await store.getModelVersion(n, v)),
      download_uri: await store.getModelVersionDownloadUri(n, v),
    })),
    aliases: await each(spec.aliases, async ([n, a]) => dumpVersion(await store.getModelVersionByAlias(n, a))),
    model_searches: await each(spec.model_searches, (c) => allPages((q) => store.searchRegisteredModels(q), c, dumpModel)),
    version_searches: await each(spec.version_searches, (c) => allPages((q) => store.searchModelVersions(q), c, dumpVersion)),
  };
}

async function pythonDump(dir: string, file: string, spec: DumpSpec): Promise<Json> {
  const specFile = path.join(dir, `spec-${Date.now()}.json`);
  writeFileSync(specFile, JSON.stringify(spec));
  return runPythonJson<Json>(py('registry_dump.py'), [file, specFile], {}, dir);
}

function openStore(file: string): SqliteRegistryStore {
  const db = openDatabase(file);
  return new SqliteRegistryStore({ db, features: detectFeatures(db) });
}

const range = (name: string, n: number): [string, string][] => Array.from({ length: n }, (_, i) => [name, String(i + 1)]);

function registrySpec(runId: string): DumpSpec {
  return {
    // Not 'a-prompt': MlflowClient (not the store, nor the REST server) hides prompts from get_registered_model.
    models: ['alpha', 'gamma', 'beta', 'from logged é', 'empty-model', 'nope'],
    latest: [['alpha', null], ['alpha', ['Production', 'staging']], ['alpha', ['ARCHIVED']], ['gamma', null], ['empty-model', null], ['nope', null]],
    versions: [...range('alpha', 6), ...range('gamma', 2), ['beta', '1'], ...range('from logged é', 2), ['alpha', 'x']],
    aliases: [
      ['alpha', 'champion'], ['alpha', 'challenger'], ['alpha', 'old'], ['alpha', 'latest'], ['alpha', 'LATEST'],
      ['gamma', 'prod'], ['from logged é', 'latest'], ['empty-model', 'latest'], ['nope', 'x'],
    ],
    model_searches: [
      {},
      { max_results: 2 },
      { filter: "name LIKE '%a%'", order_by: ['name DESC'] },
      { filter: "name ILIKE 'ALPHA'" },
      { filter: "name != 'alpha'" },
      { filter: "name IN ('alpha', 'gamma')" },
      { filter: "tags.team = 'vision'" },
      { filter: "tags.team LIKE '%'", order_by: ['last_updated_timestamp DESC'] },
      { order_by: ['timestamp ASC'], max_results: 3 },
      { filter: "tags.`mlflow.prompt.is_prompt` = 'true'" },
    ],
    version_searches: [
      {},
      { max_results: 2 },
      { filter: "name = 'alpha'", order_by: ['version_number ASC'] },
      { filter: `run_id = '${runId}'` },
      { filter: "tags.kind = 'even'" },
      { filter: 'version_number > 2', order_by: ['name ASC'], max_results: 2 },
      { order_by: ['creation_timestamp ASC'], max_results: 3 },
      { filter: "source_path LIKE 's3://%'" },
      { filter: "name = 'a-prompt'" },
    ],
  };
}

describe('python writes the registry, RunLens reads it', () => {
  let dir: string;
  let file: string;
  let store: SqliteRegistryStore;
  let ids: BaseIds;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-regdiff-a-'));
    file = path.join(dir, 'mlflow.db');
    ids = await runPythonJson<BaseIds>(py('registry_make_db.py'), [file, 'populated'], {}, dir);
    store = openStore(file);
  });
  after(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every read and search answers as MlflowClient does', async () => {
    const spec = registrySpec(ids.run_id);
    const theirs = await pythonDump(dir, file, spec) as Record<string, Json[]>;
    const ours = await dumpOurs(store, spec) as Record<string, Json[]>;
    for (const section of Object.keys(theirs)) {
      theirs[section].forEach((expected, i) => assert.deepEqual(ours[section][i], expected, `${section}[${i}]`));
    }
    assert.deepEqual(ours, theirs);
  });

  test('what python registered from models:/ sources resolves the way mlflow stored it', async () => {
    const fromLogged = await store.getModelVersion('from logged é', '1');
    assert.equal(fromLogged.storageLocation, ids.model_artifact_location);
    assert.equal(await store.getModelVersionDownloadUri('from logged é', '1'), ids.model_artifact_location);
    assert.equal(fromLogged.runId, ids.run_id);
  });
});

/** Our store writes what registry_make_db.py's `populated` writes (same calls, same order). */
async function writeRegistry(store: SqliteRegistryStore, ids: BaseIds): Promise<void> {
  const runId = ids.run_id;
  await store.createRegisteredModel('alpha', [{ key: 'team', value: 'vision' }, { key: 'tier', value: 'gold' }], 'first model');
  for (let i = 1; i <= 5; i++) {
    await store.createModelVersion({
      name: 'alpha', source: `runs:/${runId}/model-${i}`, runId,
      tags: [{ key: 'index', value: String(i) }, { key: 'kind', value: i % 2 === 0 ? 'even' : 'odd' }],
      runLink: i !== 3 ? `http://runs/${i}` : undefined,
      description: i !== 4 ? `version ${i}` : undefined,
    });
  }
  await store.transitionModelVersionStage('alpha', '1', 'Production', false);
  await store.transitionModelVersionStage('alpha', '2', 'staging', false);
  await store.transitionModelVersionStage('alpha', '3', 'production', true);
  await store.transitionModelVersionStage('alpha', '5', 'Staging', false);
  await store.setRegisteredModelAlias('alpha', 'champion', '3');
  await store.setRegisteredModelAlias('alpha', 'challenger', '2');
  await store.setRegisteredModelAlias('alpha', 'challenger', '4');
  await store.setRegisteredModelAlias('alpha', 'old', '2');
  await store.deleteModelVersion('alpha', '2');
  await store.updateModelVersion('alpha', '4', 'fourth, updated');
  await store.updateRegisteredModel('alpha', 'first model, updated');
  await store.setRegisteredModelTag('alpha', { key: 'stale', value: 'x' });
  await store.deleteRegisteredModelTag('alpha', 'stale');
  await store.setModelVersionTag('alpha', '1', { key: 'extra', value: 'yes' });
  await store.deleteModelVersionTag('alpha', '1', 'kind');

  await store.createRegisteredModel('beta', [{ key: 'team', value: 'nlp' }]);
  await store.createModelVersion({ name: 'beta', source: 's3://bucket/beta/1', tags: [{ key: 'note', value: 'first' }] });
  await store.createModelVersion({ name: 'beta', source: 's3://bucket/beta/2' });
  await store.setRegisteredModelAlias('beta', 'prod', '2');
  await store.transitionModelVersionStage('beta', '2', 'Production', false);
  await store.renameRegisteredModel('beta', 'gamma');

  await store.createRegisteredModel('from logged é');
  await store.createModelVersion({ name: 'from logged é', source: `models:/${ids.model_id}`, modelId: ids.model_id });
  await store.createModelVersion({ name: 'from logged é', source: 'models:/alpha/3' });
  await store.createRegisteredModel('empty-model');
  await store.createRegisteredModel('a-prompt', [{ key: 'mlflow.prompt.is_prompt', value: 'true' }]);
}

describe('RunLens writes the registry, python reads it', () => {
  let dir: string;
  let file: string;
  let store: SqliteRegistryStore;
  let ids: BaseIds;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-regdiff-b-'));
    file = path.join(dir, 'mlflow.db');
    ids = await runPythonJson<BaseIds>(py('registry_make_db.py'), [file, 'empty'], {}, dir);
    store = openStore(file);
    await writeRegistry(store, ids);
  });
  after(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('MlflowClient reads back exactly what our store answers', async () => {
    const spec = registrySpec(ids.run_id);
    const theirs = await pythonDump(dir, file, spec) as Record<string, Json[]>;
    const ours = await dumpOurs(store, spec) as Record<string, Json[]>;
    for (const section of Object.keys(theirs)) {
      theirs[section].forEach((expected, i) => assert.deepEqual(ours[section][i], expected, `${section}[${i}]`));
    }
  });

  test('MlflowClient sees the stages, aliases, tags and locations we wrote', async () => {
    const spec: DumpSpec = {
      models: ['alpha', 'gamma'], latest: [['alpha', ['Production', 'Staging']]],
      versions: [['alpha', '1'], ['alpha', '2'], ['from logged é', '1'], ['from logged é', '2']],
      aliases: [['alpha', 'champion'], ['alpha', 'challenger'], ['gamma', 'prod']],
      model_searches: [], version_searches: [{ filter: "name = 'alpha'", order_by: ['version_number ASC'] }],
    };
    type V = { version: string; current_stage: string; tags: { key: string; value: string }[]; aliases: string[]; source: string; run_id: string | null };
    const theirs = await pythonDump(dir, file, spec) as {
      models: { name: string; description: string; aliases: { alias: string; version: string }[]; tags: { key: string }[] }[];
      latest: V[][]; versions: ({ version: V; download_uri: string } | { error: string })[]; aliases: V[];
      version_searches: { items: V[] }[][];
    };
    const [alpha, gamma] = theirs.models;
    assert.equal(alpha.description, 'first model, updated');
    assert.deepEqual(alpha.aliases, [{ alias: 'challenger', version: '4' }, { alias: 'champion', version: '3' }]);
    assert.deepEqual(alpha.tags.map((t) => t.key), ['team', 'tier']);
    assert.equal(gamma.name, 'gamma');
    assert.deepEqual(gamma.aliases, [{ alias: 'prod', version: '2' }]);
    assert.deepEqual(theirs.latest[0].map((v) => [v.version, v.current_stage]).sort(), [['3', 'Production'], ['5', 'Staging']]);
    const [v1, v2, logged, chained] = theirs.versions as { version: V; download_uri: string }[];
    assert.equal(v1.version.current_stage, 'Archived');
    assert.deepEqual(v1.version.tags, [{ key: 'extra', value: 'yes' }, { key: 'index', value: '1' }]);
    assert.equal(v1.version.run_id, ids.run_id);
    assert.deepEqual(v2, { error: 'RESOURCE_DOES_NOT_EXIST' });
    assert.equal(logged.download_uri, ids.model_artifact_location);
    assert.equal(logged.version.run_id, ids.run_id);
    assert.equal(chained.download_uri, `runs:/${ids.run_id}/model-3`);
    assert.deepEqual(theirs.aliases.map((v) => v.version), ['3', '4', '2']);
    assert.deepEqual(theirs.aliases[1].aliases, ['challenger']);
    assert.deepEqual(theirs.version_searches[0].flatMap((p) => p.items.map((v) => v.version)), ['1', '3', '4', '5']);
  });
});

interface ErrorCase {
  /** A SqlAlchemyStore method and its positional arguments (tags as {key, value}). */
  method: string;
  args: unknown[];
  ours: (store: SqliteRegistryStore) => Promise<unknown>;
  /** What our message must mention: the field, or the name that was not found. */
  mentions: RegExp;
  /** Where we answer another code on purpose: ours, and why. */
  deliberately?: { code: string; why: string };
}

const tag = (key: unknown, value: unknown) => ({ key, value }) as { key: string; value: string };

const ERROR_CASES: ErrorCase[] = [
  { method: 'create_registered_model', args: [''], ours: (s) => s.createRegisteredModel(''), mentions: /'name'/u },
  { method: 'create_registered_model', args: ['alpha'], ours: (s) => s.createRegisteredModel('alpha'), mentions: /alpha/u },
  { method: 'create_registered_model', args: ['a-prompt'], ours: (s) => s.createRegisteredModel('a-prompt'), mentions: /a-prompt/u },
  { method: 'create_registered_model', args: ['x/y'], ours: (s) => s.createRegisteredModel('x/y'), mentions: /model name/u },
  { method: 'create_registered_model', args: ['new-one', [tag('ok', '1'), tag('bad!', '1')]], ours: (s) => s.createRegisteredModel('new-one', [tag('ok', '1'), tag('bad!', '1')]), mentions: /'key'/u },
  { method: 'create_registered_model', args: ['new-one', [tag('k', 'x'.repeat(100_001))]], ours: (s) => s.createRegisteredModel('new-one', [tag('k', 'x'.repeat(100_001))]), mentions: /'value'/u },
  { method: 'rename_registered_model', args: ['alpha', 'gamma'], ours: (s) => s.renameRegisteredModel('alpha', 'gamma'), mentions: /gamma/u },
  { method: 'rename_registered_model', args: ['alpha', ''], ours: (s) => s.renameRegisteredModel('alpha', ''), mentions: /'new_name'/u },
  { method: 'rename_registered_model', args: ['nope', 'zzz'], ours: (s) => s.renameRegisteredModel('nope', 'zzz'), mentions: /nope/u },
  { method: 'update_registered_model', args: ['nope', 'd'], ours: (s) => s.updateRegisteredModel('nope', 'd'), mentions: /nope/u },
  { method: 'delete_registered_model', args: ['nope'], ours: (s) => s.deleteRegisteredModel('nope'), mentions: /nope/u },
  { method: 'get_latest_versions', args: ['alpha', ['bogus']], ours: (s) => s.getLatestVersions('alpha', ['bogus']), mentions: /stage/u },
  { method: 'set_registered_model_tag', args: ['alpha', tag('', 'v')], ours: (s) => s.setRegisteredModelTag('alpha', tag('', 'v')), mentions: /'key'/u },
  { method: 'set_registered_model_tag', args: ['alpha', tag('k'.repeat(251), 'v')], ours: (s) => s.setRegisteredModelTag('alpha', tag('k'.repeat(251), 'v')), mentions: /'key'/u },
  { method: 'set_registered_model_tag', args: ['nope', tag('k', 'v')], ours: (s) => s.setRegisteredModelTag('nope', tag('k', 'v')), mentions: /nope/u },
  { method: 'delete_registered_model_tag', args: ['alpha', '../x'], ours: (s) => s.deleteRegisteredModelTag('alpha', '../x'), mentions: /'key'/u },
  { method: 'create_model_version', args: ['nope', 's'], ours: (s) => s.createModelVersion({ name: 'nope', source: 's' }), mentions: /nope/u },
  { method: 'create_model_version', args: ['alpha', 's', null, [tag('k', null)]], ours: (s) => s.createModelVersion({ name: 'alpha', source: 's', tags: [tag('k', null)] }), mentions: /'value'/u },
  { method: 'create_model_version', args: ['alpha', 's', null, [tag('k', 'x'.repeat(100_001))]], ours: (s) => s.createModelVersion({ name: 'alpha', source: 's', tags: [tag('k', 'x'.repeat(100_001))] }), mentions: /'value'/u },
  {
    method: 'create_model_version', args: ['alpha', 'models:/alpha@champion'], ours: (s) => s.createModelVersion({ name: 'alpha', source: 'models:/alpha@champion' }), mentions: /source/u,
    deliberately: { code: 'INVALID_PARAMETER_VALUE', why: "mlflow's store fails on int(None) and answers INTERNAL_ERROR; the source is the client's mistake (the server resolves @alias before the store)" },
  },
  {
    method: 'create_model_version', args: ['alpha', 'models:/m-doesnotexist'], ours: (s) => s.createModelVersion({ name: 'alpha', source: 'models:/m-doesnotexist' }), mentions: /m-doesnotexist/u,
    deliberately: { code: 'RESOURCE_DOES_NOT_EXIST', why: "mlflow's store wraps the missing model as INTERNAL_ERROR; its server answers RESOURCE_DOES_NOT_EXIST (measured by the hostile corpus), and so do we" },
  },
  {
    method: 'create_model_version', args: ['alpha', 'models:/alpha/2'], ours: (s) => s.createModelVersion({ name: 'alpha', source: 'models:/alpha/2' }), mentions: /version=2/u,
    deliberately: { code: 'RESOURCE_DOES_NOT_EXIST', why: "mlflow's store wraps the missing version as INTERNAL_ERROR; its server answers RESOURCE_DOES_NOT_EXIST, and so do we" },
  },
  { method: 'create_model_version', args: ['alpha', 's', null, null, null, null, null, 'm-nope'], ours: (s) => s.createModelVersion({ name: 'alpha', source: 's', modelId: 'm-nope' }), mentions: /m-nope/u },
  { method: 'get_model_version', args: ['alpha', 'abc'], ours: (s) => s.getModelVersion('alpha', 'abc'), mentions: /'version'/u },
  { method: 'get_model_version', args: ['alpha', '2'], ours: (s) => s.getModelVersion('alpha', '2'), mentions: /version=2/u },
  { method: 'get_model_version', args: ['', '1'], ours: (s) => s.getModelVersion('', '1'), mentions: /'name'/u },
  { method: 'update_model_version', args: ['alpha', '99', 'd'], ours: (s) => s.updateModelVersion('alpha', '99', 'd'), mentions: /version=99/u },
  { method: 'delete_model_version', args: ['alpha', '2'], ours: (s) => s.deleteModelVersion('alpha', '2'), mentions: /version=2/u },
  { method: 'delete_model_version', args: ['alpha', 'two'], ours: (s) => s.deleteModelVersion('alpha', 'two'), mentions: /'version'/u },
  { method: 'transition_model_version_stage', args: ['alpha', '1', 'bogus', false], ours: (s) => s.transitionModelVersionStage('alpha', '1', 'bogus', false), mentions: /stage/u },
  {
    method: 'transition_model_version_stage', args: ['alpha', '1', 'Archived', true], ours: (s) => s.transitionModelVersionStage('alpha', '1', 'Archived', true), mentions: /stage/u,
    deliberately: { code: 'INVALID_PARAMETER_VALUE', why: 'mlflow raises INTERNAL_ERROR (a 500) for a stage the caller chose; it is the caller\'s mistake' },
  },
  { method: 'transition_model_version_stage', args: ['alpha', '99', 'Production', true], ours: (s) => s.transitionModelVersionStage('alpha', '99', 'Production', true), mentions: /version=99/u },
  { method: 'get_model_version_download_uri', args: ['alpha', '2'], ours: (s) => s.getModelVersionDownloadUri('alpha', '2'), mentions: /version=2/u },
  { method: 'set_model_version_tag', args: ['alpha', '1', tag('a/../b', 'v')], ours: (s) => s.setModelVersionTag('alpha', '1', tag('a/../b', 'v')), mentions: /'key'/u },
  { method: 'set_model_version_tag', args: ['alpha', '2', tag('k', 'v')], ours: (s) => s.setModelVersionTag('alpha', '2', tag('k', 'v')), mentions: /version=2/u },
  { method: 'delete_model_version_tag', args: ['alpha', 'x', 'k'], ours: (s) => s.deleteModelVersionTag('alpha', 'x', 'k'), mentions: /'version'/u },
  { method: 'set_registered_model_alias', args: ['alpha', 'latest', '1'], ours: (s) => s.setRegisteredModelAlias('alpha', 'latest', '1'), mentions: /alias name/u },
  { method: 'set_registered_model_alias', args: ['alpha', 'V3', '1'], ours: (s) => s.setRegisteredModelAlias('alpha', 'V3', '1'), mentions: /alias name/u },
  { method: 'set_registered_model_alias', args: ['alpha', 'bad alias', '1'], ours: (s) => s.setRegisteredModelAlias('alpha', 'bad alias', '1'), mentions: /alias name/u },
  { method: 'set_registered_model_alias', args: ['alpha', 'a'.repeat(256), '1'], ours: (s) => s.setRegisteredModelAlias('alpha', 'a'.repeat(256), '1'), mentions: /alias name/u },
  { method: 'set_registered_model_alias', args: ['alpha', '', '1'], ours: (s) => s.setRegisteredModelAlias('alpha', '', '1'), mentions: /alias name/u },
  { method: 'set_registered_model_alias', args: ['alpha', 'fine', '2'], ours: (s) => s.setRegisteredModelAlias('alpha', 'fine', '2'), mentions: /version=2/u },
  { method: 'delete_registered_model_alias', args: ['nope', 'x'], ours: (s) => s.deleteRegisteredModelAlias('nope', 'x'), mentions: /nope/u },
  { method: 'get_model_version_by_alias', args: ['alpha', 'missing'], ours: (s) => s.getModelVersionByAlias('alpha', 'missing'), mentions: /alias missing/u },
  { method: 'get_model_version_by_alias', args: ['empty-model', 'latest'], ours: (s) => s.getModelVersionByAlias('empty-model', 'latest'), mentions: /empty-model/u },
  { method: 'search_registered_models', args: [null, 1001], ours: (s) => s.searchRegisteredModels({ maxResults: 1001 }), mentions: /max_results/u },
  { method: 'search_model_versions', args: [null, 200_001], ours: (s) => s.searchModelVersions({ maxResults: 200_001 }), mentions: /max_results/u },
  { method: 'search_model_versions', args: [null, 0], ours: (s) => s.searchModelVersions({ maxResults: 0 }), mentions: /max_results/u },
  { method: 'search_model_versions', args: [null, 10, ['bogus ASC']], ours: (s) => s.searchModelVersions({ orderBy: ['bogus ASC'] }), mentions: /bogus/u },
  { method: 'search_registered_models', args: ['tags.team > 1'], ours: (s) => s.searchRegisteredModels({ filter: 'tags.team > 1' }), mentions: /team|>/u },
];

function registrySnapshot(db: SqliteDatabase): Json {
  const tables = ['registered_models', 'model_versions', 'registered_model_tags', 'model_version_tags', 'registered_model_aliases'];
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).all()]));
}

describe('invalid registry calls fail as mlflow fails and write nothing', () => {
  let dir: string;
  let ourFile: string;
  let answers: ({ error_code: string; message: string } | { ok: true })[];

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-regdiff-err-'));
    const pythonFile = path.join(dir, 'python.db');
    await runPythonJson<BaseIds>(py('registry_make_db.py'), [pythonFile, 'populated'], {}, dir);
    ourFile = path.join(dir, 'ours.db');
    copyFileSync(pythonFile, ourFile);
    const casesFile = path.join(dir, 'cases.json');
    writeFileSync(casesFile, JSON.stringify(ERROR_CASES.map((c) => ({ method: c.method, args: c.args }))));
    answers = await runPythonJson(py('registry_errors.py'), [pythonFile, casesFile], {}, dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('each case: mlflow\'s error code, a message naming the field, no rows changed', async () => {
    const store = openStore(ourFile);
    const db = openDatabase(ourFile);
    try {
      const before = registrySnapshot(db);
      for (const [i, c] of ERROR_CASES.entries()) {
        const expected = answers[i];
        assert.ok('error_code' in expected, `mlflow accepted ${c.method}(${JSON.stringify(c.args).slice(0, 80)})`);
        await assert.rejects(c.ours(store), (error: unknown) => {
          assert.ok(error instanceof MlflowError, `${c.method} case ${i}: expected MlflowError, got ${String(error)}`);
          if (c.deliberately) assert.equal(expected.error_code, 'INTERNAL_ERROR', `mlflow changed its answer to case ${i} (${c.deliberately.why}): ${expected.message}`);
          assert.equal(error.code, c.deliberately?.code ?? expected.error_code, `${c.method} case ${i}: ${error.message} / mlflow: ${expected.message}`);
          assert.match(error.message, c.mentions, `${c.method} case ${i}`);
          return true;
        });
      }
      assert.deepEqual(registrySnapshot(db), before);
    } finally {
      db.close();
      store.close();
    }
  });
});
