// The real mlflow 3.18.0 writes an mlruns/ tree (MLflow's FileStore), its client dumps what it reads,
// and RunLens's FileTrackingStore / FileRegistryStore must read the same entities and search answers.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { ViewType } from '../../src/shared/entities.ts';
import { MlflowError } from '../../src/shared/errors.ts';
import { FileRegistryStore } from '../../src/store/file/fileRegistryStore.ts';
import { FileTrackingStore } from '../../src/store/file/fileTrackingStore.ts';
import { repoRoot, runPythonJson } from '../support/python.ts';

const py = (name: string) => path.join(repoRoot, 'test', 'conformance', 'py', name);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonMap = { [key: string]: Json };

interface Written {
  experimentIds: Record<string, string>;
  runIds: Record<string, string>;
  loggedModelIds: Record<string, string>;
}

/** snake_case keys → camelCase, and `{"$float": "nan"}` → NaN (JSON has no literal for it). */
function fromPython(value: Json): unknown {
  if (Array.isArray(value)) return value.map(fromPython);
  if (value !== null && typeof value === 'object') {
    if (typeof value.$float === 'string') return value.$float === 'nan' ? NaN : value.$float === 'inf' ? Infinity : -Infinity;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(/_([a-z])/gu, (_, c: string) => c.toUpperCase()), fromPython(v)]));
  }
  return value;
}

const sortKey = (item: unknown): string => {
  const record = item as Record<string, unknown>;
  return JSON.stringify([record.key ?? record.alias ?? record.modelId ?? record.version ?? '', record.value ?? '', record.step ?? '', record.datasetName ?? '']);
};

/**
 * One canonical shape for both sides: null and undefined fields dropped, and the lists whose order
 * MLflow leaves to the file system (tags, params, metrics, inputs, aliases, latest versions) sorted.
 */
function canonical(value: unknown, field = ''): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => canonical(item));
    const unordered = ['tags', 'params', 'metrics', 'datasetInputs', 'modelInputs', 'modelOutputs', 'aliases', 'latestVersions'];
    if (unordered.includes(field)) {
      return items.sort((a, b) => {
        const ka = typeof a === 'string' ? a : field === 'datasetInputs' ? JSON.stringify(a) : sortKey(a);
        const kb = typeof b === 'string' ? b : field === 'datasetInputs' ? JSON.stringify(b) : sortKey(b);
        return ka < kb ? -1 : ka > kb ? 1 : 0;
      });
    }
    return items;
  }
  if (value !== null && typeof value === 'object') {
    // The client's ModelVersion does not carry the FileStore's storage_location; download URIs check it.
    const entries = Object.entries(value).filter(([k, v]) => v !== null && v !== undefined && k !== 'storageLocation');
    return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v, k)]));
  }
  return value;
}

function assertSame(ours: unknown, theirs: Json | undefined, what: string): void {
  assert.deepStrictEqual(canonical(ours ?? null), canonical(fromPython(theirs ?? null)), what);
}

async function errorCode(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    if (error instanceof MlflowError) return error.code;
    throw error;
  }
}

describe('python writes mlruns/, RunLens reads it', () => {
  let dir: string;
  let written: Written;
  let dump: Record<string, Json>;
  let store: FileTrackingStore;
  let registry: FileRegistryStore;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-mlruns-conf-'));
    const root = path.join(dir, 'mlruns');
    const env = { MLFLOW_ALLOW_FILE_STORE: 'true', MLFLOW_TRACKING_URI: pathToFileURL(root).href };
    written = await runPythonJson<Written>(py('mlruns_write.py'), [], env, dir);
    dump = await runPythonJson<Record<string, Json>>(py('mlruns_read.py'), [JSON.stringify(written)], env, dir);
    store = new FileTrackingStore(root);
    registry = new FileRegistryStore(pathToFileURL(root).href);
  });

  after(() => {
    store?.close();
    registry?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('experiments, one by one and by name', async () => {
    const experiments = dump.experiments as JsonMap[];
    assert.ok(experiments.length >= 5, 'python listed the Default, three active and one deleted experiment');
    for (const theirs of experiments) {
      assertSame(await store.getExperiment(theirs.experiment_id as string), theirs, `experiment ${theirs.name}`);
    }
    for (const [name, theirs] of Object.entries(dump.experimentsByName as JsonMap)) {
      assertSame(await store.getExperimentByName(name), theirs, `experiment by name ${name}`);
    }
  });

  test('experiment searches and paging', async () => {
    for (const { query, ids } of dump.experimentSearches as { query: JsonMap; ids: string[] }[]) {
      const page = await store.searchExperiments({
        viewType: (query.view_type as ViewType | undefined) ?? 'ACTIVE_ONLY',
        filter: query.filter as string | undefined,
        orderBy: query.order_by as string[] | undefined,
      });
      assert.deepEqual(page.items.map((e) => e.experimentId), ids, `search_experiments ${JSON.stringify(query)}`);
    }
    const paged: string[] = [];
    let token: string | undefined;
    do {
      const page = await store.searchExperiments({ viewType: 'ALL', maxResults: 2, pageToken: token });
      paged.push(...page.items.map((e) => e.experimentId));
      token = page.nextPageToken;
    } while (token);
    assert.deepEqual(paged, dump.experimentsPaged);
  });

  test('every run: info, latest metrics (NaN, ±inf), params, tags, inputs and outputs', async () => {
    const runs = dump.runs as JsonMap[];
    assert.equal(runs.length, Object.keys(written.runIds).length, 'python read back every run it wrote');
    for (const theirs of runs) {
      const runId = (theirs.info as JsonMap).run_id as string;
      assertSame(await store.getRun(runId), theirs, `run ${(theirs.info as JsonMap).run_name}`);
    }
    const withInputs = runs.find((r) => (r.info as JsonMap).run_id === written.runIds.inputs) as JsonMap;
    assert.equal(((withInputs.inputs as JsonMap).dataset_inputs as Json[]).length, 2, 'the fixture logged two datasets');
    assert.equal(((withInputs.outputs as JsonMap).model_outputs as Json[]).length, 1, 'the fixture logged a model output');
  });

  test('run searches: filters, order_by, lifecycle views and paging', async () => {
    for (const { query, ids } of dump.runSearches as { query: JsonMap; ids: string[] }[]) {
      const page = await store.searchRuns({
        experimentIds: query.experiment_ids as string[],
        filter: query.filter as string | undefined,
        runViewType: (query.view_type as ViewType | undefined) ?? 'ACTIVE_ONLY',
        orderBy: query.order_by as string[] | undefined,
      });
      assert.deepEqual(page.items.map((r) => r.info.runId), ids, `search_runs ${JSON.stringify(query)}`);
    }
    const paged: string[] = [];
    let token: string | undefined;
    do {
      const page = await store.searchRuns({ experimentIds: Object.values(written.experimentIds), maxResults: 3, pageToken: token });
      paged.push(...page.items.map((r) => r.info.runId));
      token = page.nextPageToken;
    } while (token);
    assert.deepEqual(paged, dump.runsPaged);
  });

  test('metric histories, whole and paged', async () => {
    const histories = dump.metricHistories as JsonMap[];
    assert.ok(histories.length > 10);
    for (const theirs of histories) {
      const page = await store.getMetricHistory(theirs.run_id as string, theirs.key as string);
      assertSame(page.items, theirs.points, `history of ${theirs.key as string} in ${theirs.run_id as string}`);
      assert.equal(page.nextPageToken, undefined);
    }
    const [firstTheirs, secondTheirs, lastPage] = dump.metricHistoryPages as [Json, Json, boolean];
    const first = await store.getMetricHistory(written.runIds.parent, 'loss', { maxResults: 5 });
    assertSame(first.items, firstTheirs, 'first page');
    const second = await store.getMetricHistory(written.runIds.parent, 'loss', { maxResults: 5, pageToken: first.nextPageToken });
    assertSame(second.items, secondTheirs, 'second page');
    assert.equal(second.nextPageToken === undefined, lastPage);
  });

  test('bulk-interval sampling matches AbstractStore.get_metric_history_bulk_interval', async () => {
    for (const { query, points } of dump.bulkIntervals as { query: JsonMap; points: Json }[]) {
      const ours = await store.getMetricHistoryBulkInterval({
        runIds: query.run_ids as string[],
        metricKey: query.key as string,
        maxResults: query.max_results as number,
        startStep: query.start_step as number | undefined,
        endStep: query.end_step as number | undefined,
      });
      // Order matters here: runs in request order, points by (step, timestamp) within a run.
      assert.deepStrictEqual(ours.map((p) => canonical(p)), fromPython(points), `bulk interval ${JSON.stringify(query)}`);
    }
  });

  test('logged models: get and search', async () => {
    for (const theirs of dump.loggedModels as JsonMap[]) {
      const ours = await store.getLoggedModel(theirs.model_id as string);
      const { lifecycleStage, ...comparable } = ours;
      assert.equal(lifecycleStage, 'active');
      assertSame(comparable, theirs, `logged model ${theirs.name as string}`);
    }
    const found = await store.searchLoggedModels({ experimentIds: Object.values(written.experimentIds) });
    assert.deepEqual(found.items.map((m) => m.modelId), dump.loggedModelSearch);
  });

  test('registered models: search, get, latest versions', async () => {
    const models = dump.registeredModels as JsonMap[];
    const page = await registry.searchRegisteredModels({});
    assert.deepEqual(page.items.map((m) => m.name), models.map((m) => m.name));
    for (const [i, theirs] of models.entries()) {
      assertSame(page.items[i], theirs, `searched registered model ${theirs.name as string}`);
      assertSame(await registry.getRegisteredModel(theirs.name as string), theirs, `registered model ${theirs.name as string}`);
    }
    for (const { query, names } of dump.registeredModelSearches as { query: JsonMap; names: string[] }[]) {
      const found = await registry.searchRegisteredModels({ filter: query.filter as string | undefined, orderBy: query.order_by as string[] | undefined });
      assert.deepEqual(found.items.map((m) => m.name), names, `search_registered_models ${JSON.stringify(query)}`);
    }
    const latest = dump.latestVersions as { all: Json; staging: Json };
    assertSame({ latestVersions: await registry.getLatestVersions('conf-model') }, { latest_versions: latest.all }, 'latest versions');
    assertSame(await registry.getLatestVersions('conf-model', ['staging']), latest.staging, 'latest staging version');
  });

  test('model versions: get, by alias, search, download URI', async () => {
    for (const theirs of dump.modelVersions as JsonMap[]) {
      const ours = await registry.getModelVersion(theirs.name as string, theirs.version as string);
      assert.ok(ours.storageLocation, 'the FileStore records where the version is stored');
      assertSame(ours, theirs, `model version ${theirs.name as string}/${theirs.version as string}`);
    }
    for (const [alias, theirs] of Object.entries(dump.byAlias as JsonMap)) {
      assertSame(await registry.getModelVersionByAlias('conf-model', alias), theirs, `version by alias ${alias}`);
    }
    for (const { query, versions } of dump.versionSearches as { query: JsonMap; versions: [string, string][] }[]) {
      const found = await registry.searchModelVersions({ filter: query.filter as string | undefined });
      assert.deepEqual(found.items.map((v) => [v.name, v.version]), versions, `search_model_versions ${JSON.stringify(query)}`);
    }
    for (const [key, uri] of Object.entries(dump.downloadUris as Record<string, string>)) {
      const [name, version] = key.split('/');
      assert.equal(await registry.getModelVersionDownloadUri(name, version), uri, `download URI of ${key}`);
    }
  });

  test('missing and deleted entities fail with the error codes mlflow answers', async () => {
    const errors = dump.errors as Record<string, string | null>;
    assert.equal(await errorCode(store.getRun('0'.repeat(32))), errors.missingRun);
    assert.equal(await errorCode(store.getExperiment('4242')), errors.missingExperiment);
    assert.equal(await errorCode(registry.getModelVersion('conf-model', '4')), errors.deletedVersion);
    assert.equal(await errorCode(registry.getRegisteredModel('nope')), errors.missingModel);
    assert.equal(await errorCode(registry.getModelVersionByAlias('conf-model', 'nope')), errors.missingAlias);
    assert.equal(await errorCode(store.getLoggedModel(written.loggedModelIds.deleted)), errors.deletedLoggedModel);
  });
});
