// Differential tests of the search grammar against the real mlflow 3.18.0: python builds a varied
// sqlite:/// store and answers each case with MlflowClient; we answer the same cases (a) with our
// SQL compiler on the same file and (b) with the in-memory evaluator on the runs python dumped.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Experiment, RegisteredModel, Run, ViewType } from '../../src/shared/entities.ts';
import { MlflowError } from '../../src/shared/errors.ts';
import { parseExperimentFilter, parseExperimentOrderBy } from '../../src/store/search/experimentSearch.ts';
import { compareExperiments, compareRegisteredModels, compareRuns, experimentMatches, registeredModelMatches, runMatches } from '../../src/store/search/inMemory.ts';
import { parseModelVersionFilter, parseModelVersionOrderBy, parseRegisteredModelFilter, parseRegisteredModelOrderBy } from '../../src/store/search/registrySearch.ts';
import { parseRunFilter, parseRunOrderBy } from '../../src/store/search/runSearch.ts';
import { openDatabase, type SqliteDatabase } from '../../src/store/sqlite/driver.ts';
import { compileExperimentSearch, compileModelVersionSearch, compileRegisteredModelSearch, compileRunSearch } from '../../src/store/sqlite/searchSql.ts';
import { repoRoot, runPythonJson } from '../support/python.ts';

interface Case { filter?: string; order_by?: string[]; view?: ViewType }
type Answer = { ids: string[] } | { error_code: string };
interface Fixture {
  run_ids: Record<string, string>;
  runs: Run[];
  experiments: Experiment[];
  registered_models: RegisteredModel[];
  answers: { runs: Answer[]; experiments: Answer[]; registered_models: Answer[]; model_versions: Answer[] };
}

const RUN_CASES: Case[] = [
  {},
  { filter: 'metrics.acc > 0.6' },
  { filter: 'metrics.acc = 0.7' },
  { filter: 'metrics.acc != 0.7' },
  { filter: 'metric.acc <= 0.7 AND params.lr = \'0.1\'' },
  { filter: 'metrics.loss < 1e1 and metrics.acc >= -2' },
  { filter: "params.opt = 'adam'" },
  { filter: "params.opt LIKE 'a%'" },
  { filter: "params.opt ILIKE 'a%'" },
  { filter: 'parameters.opt != "adam"' },
  { filter: "params.`lr-rate` = '3'" },
  { filter: "tags.team ILIKE 'nlp'" },
  { filter: "tags.team LIKE '%i%'" },
  { filter: "tags.`my tag` = 'x'" },
  { filter: "attributes.status = 'FINISHED'" },
  { filter: "status != 'RUNNING'" },
  { filter: "run_name LIKE 'alpha%'" },
  { filter: "attributes.run_name ILIKE 'BETA%'" },
  { filter: "`Run name` = 'gamma'" },
  { filter: "run_name LIKE 'beta__'" },
  { filter: "run_id IN ('{r1}', '{r3}')" },
  { filter: "attr.run_id NOT IN ('{r1}')" },
  { filter: 'start_time >= 3000' },
  { filter: 'created < 3000' },
  { filter: 'end_time > 2400' },
  { filter: 'metrics.`f1 score` >= 0.5' },
  { filter: 'params.lr IS NULL' },
  { filter: 'tags.team IS NOT NULL' },
  { filter: "datasets.name = 'train-ds'" },
  { filter: "dataset.context = 'training'" },
  { filter: "dataset.digest IN ('abc123', 'def456')" },
  { filter: "dataset.name LIKE '%-ds'" },
  { order_by: ['metrics.acc DESC'] },
  { order_by: ['metrics.acc ASC'] },
  { order_by: ['metrics.loss'] },
  { order_by: ['params.lr DESC'] },
  { order_by: ['params.opt'] },
  { order_by: ['tags.team ASC'] },
  { order_by: ['start_time ASC'] },
  { order_by: ['attributes.run_name DESC'] },
  { order_by: ['status', 'metrics.acc DESC'] },
  { order_by: ['end_time'] },
  { order_by: ['end_time DESC'] },
  { filter: "params.lr = '0.1'", order_by: ['metrics.loss DESC'] },
  { view: 'ALL', order_by: ['created DESC'] },
  { view: 'DELETED_ONLY' },
  { view: 'ALL', filter: 'metrics.acc > 0.8', order_by: ['metrics.acc DESC'] },
];

// Every one of these is refused by mlflow; we must refuse each too.
const BAD_RUN_FILTERS = [
  'metrics.acc ~ 1', "metrics.acc > '1'", 'metrics.acc <> 1', 'metrics.acc == 1', 'metrics.acc LIKE 1', 'params.x = 5', 'params.x = abc',
  "foo.bar = 'x'", "experiment_id = '0'", "lifecycle_stage = 'active'", "status IN ('FINISHED')", "run_name IN ('x')",
  "metrics.acc > 1 OR params.x = 'a'", '(metrics.acc > 1)', "metrics.acc > 1 AND (params.x = 'a')", 'metrics.acc', 'metrics.acc >',
  'run_id IN ()', 'run_id IN (1, 2)', 'metrics.x IS NULL', "params.x NOT LIKE 'a'", "params.lr-rate = 'x'",
  "metrics.acc > 1; params.x = 'a'", "start_time > '5'", "dataset.foo = 'x'", "params.x = 'a", "params.x IN ('a')",
  "metrics.acc > 1 and not params.x = 'a'", "metrics.acc > 1and params.x = 'a'", 'metrics.acc > +1', '= 1', "run name = 'x'",
  'metrics.acc > 1.5.5', 'timestamp > 1', "\"metrics\".acc > 1", 'status = FINISHED',
];
const BAD_RUN_ORDER_BYS = [['metrics.acc DESCENDING'], ['foo'], ['datasets.name'], ['`Run name`'], ['metrics.acc,params.x'], ['metrics.acc DESC ASC'], ['created', 'start_time DESC'], ['experiment_id']];

const EXPERIMENT_CASES: Case[] = [
  {},
  { filter: "name LIKE 'search%'" },
  { filter: "name ILIKE 'SEARCH-A'" },
  { filter: "attribute.name != 'Other'" },
  { filter: "tags.team = 'nlp'" },
  { filter: 'tags.team IS NULL' },
  { filter: 'tags.area IS NOT NULL' },
  { filter: "experiment_id IN ('1', '2')" },
  { filter: "experiment_id = '3'" },
  { filter: 'creation_time > 0' },
  { order_by: ['name DESC'] },
  { order_by: ['name'] },
  { order_by: ['creation_time ASC'] },
  { order_by: ['last_update_time DESC'] },
  { order_by: ['experiment_id DESC'] },
  { view: 'ALL', order_by: ['name'] },
  { view: 'DELETED_ONLY' },
  { filter: 'metrics.a > 1' },
  { filter: "name IN ('a')" },
  { filter: 'creation_time > 1.5' },
  { filter: "experiment_id = 'abc'" },
  { filter: "attr.name = 'x'" },
  { order_by: ['tags.team'] },
  { order_by: ['start_time'] },
];

const REGISTERED_MODEL_CASES: Case[] = [
  {},
  { filter: "name LIKE 'model%'" },
  { filter: "name ILIKE 'model%'" },
  { filter: "tags.stage = 'prod'" },
  { filter: "tags.stage != 'prod'" },
  { filter: "name IN ('model-a', 'Model-C')" },
  { filter: "name NOT IN ('model-a')" },
  { filter: "tags.`mlflow.prompt.is_prompt` = 'true'" },
  { filter: "tags.`mlflow.prompt.is_prompt` = 'false'" },
  { filter: "tags.stage = 'dev' AND tags.owner = 'ann'" },
  { order_by: ['name DESC'] },
  { order_by: ['timestamp DESC'] },
  { order_by: ['last_updated_timestamp ASC'] },
  { filter: 'tags.stage IS NULL' },
  { filter: "attributes.name = 'x'" },
  { filter: 'name = 1' },
  { order_by: ['creation_timestamp'] },
  { order_by: ['attribute.name'] },
];

const MODEL_VERSION_CASES: Case[] = [
  {},
  { filter: "name = 'model-a'" },
  { filter: 'version_number > 1' },
  { filter: "run_id = '{r7}'" },
  { filter: "run_id IN ('{r1}', '{r7}')" },
  { filter: "source_path LIKE '/models/r%'" },
  { filter: "tags.origin = 'r2'" },
  { order_by: ['version_number ASC'] },
  { order_by: ['name DESC', 'version_number ASC'] },
  { filter: 'version_number > 1.5' },
  { filter: "source_path IN ('x')" },
  { filter: 'tags.origin IS NULL' },
];

const py = path.join(repoRoot, 'test', 'conformance', 'py', 'search_fixture.py');

function withIds(text: string | undefined, ids: Record<string, string>): string | undefined {
  return text?.replace(/\{(\w+)\}/g, (whole, alias: string) => ids[alias] ?? whole);
}

/** Our answer in the same shape as python's: ids, or the MlflowError code. */
function ours(run: () => string[]): Answer {
  try {
    return { ids: run() };
  } catch (error) {
    if (error instanceof MlflowError) return { error_code: error.code };
    throw error;
  }
}

function label(c: Case): string {
  return JSON.stringify(c);
}

describe('search grammar vs mlflow 3.18 (sqlite:///)', () => {
  let dir: string;
  let db: SqliteDatabase;
  let fixture: Fixture;
  let runs: Run[];

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-search-'));
    const casesFile = path.join(dir, 'cases.json');
    const badRunCases = [...BAD_RUN_FILTERS.map((filter) => ({ filter })), ...BAD_RUN_ORDER_BYS.map((order_by) => ({ order_by }))];
    writeFileSync(casesFile, JSON.stringify({ runs: [...RUN_CASES, ...badRunCases], experiments: EXPERIMENT_CASES, registered_models: REGISTERED_MODEL_CASES, model_versions: MODEL_VERSION_CASES }));
    fixture = await runPythonJson<Fixture>(py, [dir, casesFile]);
    runs = fixture.runs.map((run) => ({ ...run, data: { ...run.data, metrics: run.data.metrics.map((m) => ({ ...m, value: Number(m.value) })) } }));
    db = openDatabase(path.join(dir, 'mlflow.db'), { readonly: true });
  });

  after(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const experimentIds = () => fixture.experiments.map((e) => e.experimentId);

  function sqlRuns(c: Case): string[] {
    const query = compileRunSearch({
      experimentIds: experimentIds(), clauses: parseRunFilter(withIds(c.filter, fixture.run_ids)), orderBy: parseRunOrderBy(c.order_by),
      viewType: c.view ?? 'ACTIVE_ONLY', offset: 0, limit: 1000,
    });
    return (db.prepare(query.sql).all(...query.params) as { run_uuid: string }[]).map((r) => r.run_uuid);
  }

  function memoryRuns(c: Case): string[] {
    const clauses = parseRunFilter(withIds(c.filter, fixture.run_ids));
    const stages = c.view === 'ALL' ? ['active', 'deleted'] : c.view === 'DELETED_ONLY' ? ['deleted'] : ['active'];
    return runs.filter((r) => stages.includes(r.info.lifecycleStage) && runMatches(r, clauses))
      .sort(compareRuns(parseRunOrderBy(c.order_by))).map((r) => r.info.runId);
  }

  test(`${RUN_CASES.length} run searches: SQL and in-memory answer as mlflow, in order`, () => {
    assert.ok(RUN_CASES.length >= 25);
    RUN_CASES.forEach((c, i) => {
      const expected = fixture.answers.runs[i];
      assert.ok('ids' in expected, `python refused ${label(c)}: ${JSON.stringify(expected)}`);
      assert.deepEqual(ours(() => sqlRuns(c)), expected, `SQL ${label(c)}`);
      assert.deepEqual(ours(() => memoryRuns(c)), expected, `in-memory ${label(c)}`);
    });
  });

  test('every run filter and order_by mlflow refuses, we refuse with INVALID_PARAMETER_VALUE', () => {
    const badCases: Case[] = [...BAD_RUN_FILTERS.map((filter) => ({ filter })), ...BAD_RUN_ORDER_BYS.map((order_by) => ({ order_by }))];
    badCases.forEach((c, i) => {
      const expected = fixture.answers.runs[RUN_CASES.length + i];
      assert.ok('error_code' in expected, `python accepted ${label(c)}; pick a filter it refuses`);
      assert.deepEqual(ours(() => sqlRuns(c)), { error_code: 'INVALID_PARAMETER_VALUE' }, label(c));
    });
  });

  test('the SQL store pages the same order with LIMIT/OFFSET', () => {
    const c: Case = { order_by: ['metrics.acc DESC'], view: 'ALL' };
    const all = sqlRuns(c);
    const paged: string[] = [];
    for (let offset = 0; offset < all.length; offset += 2) {
      const query = compileRunSearch({ experimentIds: experimentIds(), clauses: [], orderBy: parseRunOrderBy(c.order_by), viewType: 'ALL', offset, limit: 2 });
      paged.push(...(db.prepare(query.sql).all(...query.params) as { run_uuid: string }[]).map((r) => r.run_uuid));
    }
    assert.deepEqual(paged, all);
  });

  test(`${EXPERIMENT_CASES.length} experiment searches answer as mlflow (SQL and in-memory)`, () => {
    EXPERIMENT_CASES.forEach((c, i) => {
      const expected = fixture.answers.experiments[i];
      const view = c.view ?? 'ACTIVE_ONLY';
      const sql = ours(() => {
        const query = compileExperimentSearch({ clauses: parseExperimentFilter(c.filter), orderBy: parseExperimentOrderBy(c.order_by), viewType: view, offset: 0, limit: 1000, workspace: 'default' });
        return (db.prepare(query.sql).all(...query.params) as { experiment_id: number }[]).map((r) => String(r.experiment_id));
      });
      assert.deepEqual(sql, expected, `SQL ${label(c)}`);
      const stages = view === 'ALL' ? ['active', 'deleted'] : view === 'DELETED_ONLY' ? ['deleted'] : ['active'];
      const memory = ours(() => {
        const clauses = parseExperimentFilter(c.filter);
        return fixture.experiments.filter((e) => stages.includes(e.lifecycleStage) && experimentMatches(e, clauses))
          .sort(compareExperiments(parseExperimentOrderBy(c.order_by))).map((e) => e.experimentId);
      });
      assert.deepEqual(memory, expected, `in-memory ${label(c)}`);
    });
  });

  test(`${REGISTERED_MODEL_CASES.length} registered-model searches answer as mlflow (SQL and in-memory)`, () => {
    REGISTERED_MODEL_CASES.forEach((c, i) => {
      const expected = fixture.answers.registered_models[i];
      const sql = ours(() => {
        const query = compileRegisteredModelSearch({ clauses: parseRegisteredModelFilter(c.filter), orderBy: parseRegisteredModelOrderBy(c.order_by), offset: 0, limit: 1000, workspace: 'default' });
        return (db.prepare(query.sql).all(...query.params) as { name: string }[]).map((r) => r.name);
      });
      assert.deepEqual(sql, expected, `SQL ${label(c)}`);
      const memory = ours(() => {
        const clauses = parseRegisteredModelFilter(c.filter);
        return fixture.registered_models.filter((m) => registeredModelMatches(m, clauses))
          .sort(compareRegisteredModels(parseRegisteredModelOrderBy(c.order_by))).map((m) => m.name);
      });
      assert.deepEqual(memory, expected, `in-memory ${label(c)}`);
    });
  });

  test(`${MODEL_VERSION_CASES.length} model-version searches answer as mlflow (SQL)`, () => {
    MODEL_VERSION_CASES.forEach((c, i) => {
      const expected = fixture.answers.model_versions[i];
      const sql = ours(() => {
        const query = compileModelVersionSearch({ clauses: parseModelVersionFilter(withIds(c.filter, fixture.run_ids)), orderBy: parseModelVersionOrderBy(c.order_by), offset: 0, limit: 1000, workspace: 'default' });
        return (db.prepare(query.sql).all(...query.params) as { name: string; version: number }[]).map((r) => `${r.name}/${r.version}`);
      });
      assert.deepEqual(sql, expected, `SQL ${label(c)}`);
    });
  });
});
