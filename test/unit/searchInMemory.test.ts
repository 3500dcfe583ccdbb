// The in-memory evaluator: clause semantics (missing values, NaN, LIKE) and MLflow's orderings.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Experiment, ModelVersion, RegisteredModel, Run } from '../../src/shared/entities.ts';
import { parseExperimentFilter, parseExperimentOrderBy } from '../../src/store/search/experimentSearch.ts';
import {
  compareExperiments, compareModelVersions, compareRegisteredModels, compareRuns, experimentMatches, modelVersionMatches,
  registeredModelMatches, runMatches,
} from '../../src/store/search/inMemory.ts';
import { parseModelVersionFilter, parseModelVersionOrderBy, parseRegisteredModelFilter, parseRegisteredModelOrderBy } from '../../src/store/search/registrySearch.ts';
import { parseRunFilter, parseRunOrderBy } from '../../src/store/search/runSearch.ts';

function run(id: string, startTime: number | undefined, metrics: Record<string, number>, params: Record<string, string> = {}, tags: Record<string, string> = {}): Run {
  return {
    info: { runId: id, runName: `name-${id}`, experimentId: '1', userId: 'u', status: 'FINISHED', startTime, artifactUri: '', lifecycleStage: 'active' },
    data: {
      metrics: Object.entries(metrics).map(([key, value]) => ({ key, value, timestamp: 0, step: 0 })),
      params: Object.entries(params).map(([key, value]) => ({ key, value })),
      tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
    },
    inputs: { datasetInputs: id === 'a' ? [{ tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset: { name: 'ds', digest: 'd1', sourceType: 'local', source: '' } }] : [], modelInputs: [] },
    outputs: { modelOutputs: [] },
  };
}

const RUNS = [
  run('a', 100, { acc: 0.5 }, { opt: 'Adam' }, { team: 'nlp' }),
  run('b', 300, { acc: NaN }, { opt: 'sgd' }),
  run('c', 200, {}, {}, { team: 'NLP' }),
  run('d', 300, { acc: 0.9 }, { opt: 'adam' }),
];

const ids = (filter: string, orderBy: string[] = []) =>
  RUNS.filter((r) => runMatches(r, parseRunFilter(filter))).sort(compareRuns(parseRunOrderBy(orderBy))).map((r) => r.info.runId);

describe('runMatches', () => {
  test('a missing metric never matches; NaN matches only !=', () => {
    assert.deepEqual(ids('metrics.acc > 0'), ['d', 'a']);
    assert.deepEqual(ids('metrics.acc != 0.5'), ['b', 'd']);
    assert.deepEqual(ids('metrics.acc = 0.5'), ['a']);
  });

  test('LIKE is case-sensitive, ILIKE is not; `_` is one character', () => {
    assert.deepEqual(ids("params.opt LIKE 'a%'"), ['d']);
    assert.deepEqual(ids("params.opt ILIKE 'a%'"), ['d', 'a']);
    assert.deepEqual(ids("params.opt LIKE '_gd'"), ['b']);
    assert.deepEqual(ids("tags.team ILIKE 'nlp'"), ['c', 'a']);
  });

  test('IS NULL / IS NOT NULL, IN / NOT IN, attributes and datasets', () => {
    assert.deepEqual(ids('params.opt IS NULL'), ['c']);
    assert.deepEqual(ids('tags.team IS NOT NULL'), ['c', 'a']);
    assert.deepEqual(ids("run_id IN ('a', 'c')"), ['c', 'a']);
    assert.deepEqual(ids("run_id NOT IN ('a')"), ['b', 'd', 'c']);
    assert.deepEqual(ids("run_name = 'name-b'"), ['b']);
    assert.deepEqual(ids('created >= 200'), ['b', 'd', 'c']);
    assert.deepEqual(ids("dataset.context = 'training' AND datasets.digest IN ('d1')"), ['a']);
  });
});

describe('compareRuns', () => {
  test('default order: start_time DESC, then run_id ASC', () => {
    assert.deepEqual(ids(''), ['b', 'd', 'c', 'a']);
  });

  test('metrics: values first, then NaN, then missing, in both directions', () => {
    assert.deepEqual(ids('', ['metrics.acc ASC']), ['a', 'd', 'b', 'c']);
    assert.deepEqual(ids('', ['metrics.acc DESC']), ['d', 'a', 'b', 'c']);
  });

  test('params and tags: missing last; ties fall back to start_time DESC, run_id', () => {
    assert.deepEqual(ids('', ['params.opt']), ['a', 'd', 'b', 'c']);
    assert.deepEqual(ids('', ['params.opt DESC']), ['b', 'd', 'a', 'c']);
    assert.deepEqual(ids('', ['tags.team']), ['c', 'a', 'b', 'd']);
  });

  test('explicit start_time replaces the default start_time key', () => {
    assert.deepEqual(ids('', ['start_time ASC']), ['a', 'c', 'b', 'd']);
  });
});

describe('experiments and registry', () => {
  const experiment = (id: string, name: string, creationTime: number | undefined, tags: Record<string, string> = {}): Experiment => ({
    experimentId: id, name, artifactLocation: '', lifecycleStage: 'active', creationTime, lastUpdateTime: creationTime, tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
  });
  const experiments = [experiment('0', 'Default', 10), experiment('1', 'a', 20, { team: 'x' }), experiment('2', 'b', 20), experiment('10', 'c', undefined)];
  const expIds = (filter: string, orderBy: string[] = []) =>
    experiments.filter((e) => experimentMatches(e, parseExperimentFilter(filter))).sort(compareExperiments(parseExperimentOrderBy(orderBy))).map((e) => e.experimentId);

  test('experiments: default creation_time DESC, experiment_id ASC; explicit keys tie-break on experiment_id DESC', () => {
    assert.deepEqual(expIds(''), ['1', '2', '0', '10']);
    assert.deepEqual(expIds('', ['creation_time ASC']), ['0', '2', '1', '10']);
    assert.deepEqual(expIds('', ['experiment_id']), ['0', '1', '2', '10']);
    assert.deepEqual(expIds("experiment_id IN ('1', '10')"), ['1', '10']);
    assert.deepEqual(expIds('tags.team IS NULL', ['name']), ['0', '2', '10']); // code-point order: 'Default' < 'b'
  });

  test('registered models hide prompts unless asked; default order name ASC', () => {
    const model = (name: string, updated: number, tags: Record<string, string> = {}): RegisteredModel => ({
      name, lastUpdatedTimestamp: updated, latestVersions: [], aliases: [], tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
    });
    const models = [model('b', 1), model('a', 2, { stage: 'prod' }), model('p', 3, { 'mlflow.prompt.is_prompt': 'true' })];
    const names = (filter: string, orderBy: string[] = []) =>
      models.filter((m) => registeredModelMatches(m, parseRegisteredModelFilter(filter))).sort(compareRegisteredModels(parseRegisteredModelOrderBy(orderBy))).map((m) => m.name);
    assert.deepEqual(names(''), ['a', 'b']);
    assert.deepEqual(names('', ['timestamp DESC']), ['a', 'b']);
    assert.deepEqual(names("tags.`mlflow.prompt.is_prompt` = 'true'"), ['p']);
    assert.deepEqual(names("tags.stage != 'prod'"), []);
  });

  test('model versions: internal deleted stage excluded; default last_updated DESC, name ASC, version DESC', () => {
    const version = (name: string, v: string, updated: number, stage = 'None'): ModelVersion => ({
      name, version: v, lastUpdatedTimestamp: updated, currentStage: stage, status: 'READY', tags: [], aliases: [],
    });
    const versions = [version('m', '1', 5), version('m', '2', 5), version('m', '10', 5), version('n', '1', 9), version('m', '3', 9, 'Deleted_Internal')];
    const keys = (filter: string, orderBy: string[] = []) =>
      versions.filter((v) => modelVersionMatches(v, parseModelVersionFilter(filter))).sort(compareModelVersions(parseModelVersionOrderBy(orderBy))).map((v) => `${v.name}/${v.version}`);
    assert.deepEqual(keys(''), ['n/1', 'm/10', 'm/2', 'm/1']);
    assert.deepEqual(keys('version_number >= 2', ['version_number ASC']), ['m/2', 'm/10']);
  });
});
