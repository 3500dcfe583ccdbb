// The real mlflow 3.18.0 creates a database; createSchema creates another. Both must have the
// same schema fact for fact (columns, indexes, foreign keys, checks, triggers), the same alembic
// stamp and the same seed rows, and the real mlflow must work on ours as on its own.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, runPythonJson } from '../support/python.ts';
import { openDatabase } from '../../src/store/sqlite/driver.ts';
import type { SqliteDatabase } from '../../src/store/sqlite/driver.ts';
import { KNOWN_REVISIONS, PINNED_MLFLOW_VERSION } from '../../src/store/sqlite/knownRevisions.ts';
import { MLFLOW_TABLES, PINNED_ALEMBIC_HEAD, createSchema, isEmptyDatabase } from '../../src/store/sqlite/schema/createSchema.ts';
import { assertForeignKeyOrder } from '../../src/store/sqlite/schema/ddl.ts';
import { appendToArtifactUri } from '../../src/store/sqlite/schema/artifactLocation.ts';
import { extractCheckConstraints, snapshotSchema } from '../../src/store/sqlite/schema/schemaSnapshot.ts';
import type { SchemaSnapshot } from '../../src/store/sqlite/schema/schemaSnapshot.ts';
import { schemaDifferences, tableDifferences } from '../../src/store/sqlite/schema/schemaDiff.ts';

const pyDir = path.join(repoRoot, 'test', 'conformance', 'py');

interface CreateDbReport {
  mlflow_version: string;
  alembic_head: string;
  default_artifact_root: string;
}

// What schema_exercise.py reads back; only the parts the assertions name are typed.
interface ExerciseReport {
  db_log: string[];
  default_experiment: { name: string; lifecycle_stage: string };
  experiment: { name: string; tags: Record<string, string> };
  search_runs: { run_name: string; status: string; metrics: Record<string, number>; params: Record<string, string>; tags: Record<string, string>; datasets: unknown[] }[];
  deleted_runs: string[];
  loss_history: [number, number][];
  registry: { version: number; run_matches: boolean; aliases: Record<string, number>; version_tags: Record<string, string> };
  logged_models: { name: string; params: Record<string, string>; metrics: [string, number][] }[];
  traces: { state: string; spans: string[] }[];
}

// What schema_reflect.py reports: SQLAlchemy's reflection per table, and alembic's ORM drift.
interface Reflection {
  tables: Record<string, unknown>;
  orm_drift: string[];
}

function withDatabase<T>(file: string, use: (db: SqliteDatabase) => T): T {
  const db = openDatabase(file, { readonly: true });
  try {
    return use(db);
  } finally {
    db.close();
  }
}

function allRows(db: SqliteDatabase, table: string): Record<string, unknown>[] {
  return db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all() as Record<string, unknown>[];
}

describe('MLflow SQLite schema: createSchema against the real mlflow', () => {
  let dir = '';
  let mlflowDb = '';
  let oursDb = '';
  let report: CreateDbReport;
  let theirs: SchemaSnapshot;
  let ours: SchemaSnapshot;
  let createdFrom = 0;
  let createdUntil = 0;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runlens-schema-'));
    mlflowDb = path.join(dir, 'mlflow-made.db');
    oursDb = path.join(dir, 'runlens-made.db');
    // mlflow resolves its default artifact root (./mlruns) against the working directory.
    report = await runPythonJson<CreateDbReport>(path.join(pyDir, 'create_db.py'), [mlflowDb], {}, dir);
    const db = openDatabase(oursDb);
    createdFrom = Date.now();
    createSchema(db, report.default_artifact_root);
    createdUntil = Date.now();
    db.close();
    theirs = withDatabase(mlflowDb, snapshotSchema);
    ours = withDatabase(oursDb, snapshotSchema);
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the pinned alembic head is the head of the installed mlflow', () => {
    assert.equal(report.mlflow_version, PINNED_MLFLOW_VERSION, 'the venv holds a different mlflow than the pinned one');
    assert.equal(PINNED_ALEMBIC_HEAD, report.alembic_head);
    assert.ok(KNOWN_REVISIONS.has(PINNED_ALEMBIC_HEAD), 'knownRevisions.ts should list the pinned head');
  });

  test('both databases have the same tables', () => {
    const theirNames = Object.keys(theirs.tables).sort();
    assert.deepEqual(Object.keys(ours.tables).sort(), theirNames);
    assert.deepEqual(MLFLOW_TABLES.map((t) => t.name).sort(), theirNames, 'MLFLOW_TABLES should describe exactly mlflow\'s tables');
  });

  for (const { name } of MLFLOW_TABLES) {
    test(`table ${name}: columns, indexes, foreign keys and checks match mlflow's`, () => {
      const want = theirs.tables[name];
      assert.ok(want, `mlflow's database has no table ${name}`);
      assert.deepEqual(tableDifferences(name, want, ours.tables[name]), []);
      // The differences above are readable; this also guards fields they might not name.
      assert.deepEqual(ours.tables[name], want);
    });
  }

  test('triggers match mlflow\'s', () => {
    assert.ok(Object.keys(theirs.triggers).length > 0, 'mlflow 3.18.0 is expected to create at least one trigger');
    assert.deepEqual(ours.triggers, theirs.triggers);
  });

  test('the whole schema has no difference at all', () => {
    assert.deepEqual(schemaDifferences(theirs, ours), []);
  });

  test('SQLAlchemy reflects the same constraint names on both, and the same drift from mlflow\'s ORM', async () => {
    // PRAGMAs do not report constraint names; alembic migrations address constraints by them.
    const reflect = path.join(pyDir, 'schema_reflect.py');
    const [fromTheirs, fromOurs] = await Promise.all([
      runPythonJson<Reflection>(reflect, [mlflowDb]),
      runPythonJson<Reflection>(reflect, [oursDb]),
    ]);
    assert.deepEqual(Object.keys(fromOurs.tables), Object.keys(fromTheirs.tables));
    for (const [table, expected] of Object.entries(fromTheirs.tables)) {
      assert.deepEqual(fromOurs.tables[table], expected, `${table}: reflected constraints differ`);
    }
    assert.deepEqual(fromOurs.orm_drift, fromTheirs.orm_drift);
  });

  test('tables are created after the tables they reference', () => {
    assert.doesNotThrow(() => assertForeignKeyOrder(MLFLOW_TABLES));
  });

  test('every seed row matches mlflow\'s: alembic stamp, default workspace, experiment 0', () => {
    const timeColumns = new Set(['creation_time', 'last_update_time']);
    const withoutTimes = (rows: Record<string, unknown>[]) =>
      rows.map((row) => Object.fromEntries(Object.entries(row).filter(([column]) => !timeColumns.has(column))));
    withDatabase(mlflowDb, (mlflow) =>
      withDatabase(oursDb, (runlens) => {
        for (const { name } of MLFLOW_TABLES) {
          const expected = allRows(mlflow, name);
          const actual = allRows(runlens, name);
          if (name === 'experiments') {
            assert.deepEqual(withoutTimes(actual), withoutTimes(expected), 'experiments: seed rows differ');
          } else {
            assert.deepEqual(actual, expected, `${name}: seed rows differ`);
          }
        }
        assert.deepEqual(allRows(runlens, 'alembic_version'), [{ version_num: report.alembic_head }]);
        const [theirExperiment] = allRows(mlflow, 'experiments');
        const [ourExperiment] = allRows(runlens, 'experiments');
        assert.equal(theirExperiment.creation_time, theirExperiment.last_update_time, 'mlflow stamps both times alike');
        assert.equal(ourExperiment.creation_time, ourExperiment.last_update_time);
        const created = Number(ourExperiment.creation_time);
        assert.ok(created >= createdFrom && created <= createdUntil, `experiment 0 creation_time ${created} is not the creation instant`);
      }),
    );
  });

  test('experiment 0\'s artifact location joins the root as mlflow\'s append_to_uri_path does', async () => {
    const roots = ['/srv/mlruns', '/srv/mlruns/', 'relative/dir', 'file:///tmp/x', 'file:///tmp/x/', 'file:rel', 's3://bucket', 's3://bucket/', 's3://bucket/p?x=1', 'http://h:5000/api#f', 'mlflow-artifacts:/', 'mlflow-artifacts:', 'gs://b/p/q', '/'];
    const expected = await runPythonJson<string[]>(path.join(pyDir, 'schema_uri_join.py'), [JSON.stringify(roots), '0']);
    roots.forEach((root, i) => assert.equal(appendToArtifactUri(root, '0'), expected[i], `root ${JSON.stringify(root)}`));
  });

  test('the comparison notices a changed schema (it is not vacuous)', () => {
    const altered = path.join(dir, 'altered.db');
    fs.copyFileSync(oursDb, altered);
    const db = openDatabase(altered);
    db.exec('DROP INDEX idx_webhooks_status');
    db.exec('ALTER TABLE runs ADD COLUMN extra TEXT');
    db.exec('CREATE TABLE stray (id INTEGER PRIMARY KEY, CONSTRAINT positive CHECK (id > 0))');
    const differences = schemaDifferences(theirs, snapshotSchema(db));
    db.close();
    assert.ok(differences.includes('webhooks: index idx_webhooks_status is missing'), differences.join('\n'));
    assert.ok(differences.includes('runs: unexpected column #14 extra'), differences.join('\n'));
    assert.ok(differences.includes('table stray is unexpected'), differences.join('\n'));
  });

  test('CHECK extraction finds named and anonymous checks and ignores quoted text', () => {
    const sql = `CREATE TABLE t (a TEXT DEFAULT 'CHECK (x)', "check" INT CHECK ("check" > 0),\n CONSTRAINT "named one" CHECK (a IN ('x', 'y')))`;
    assert.deepEqual(extractCheckConstraints(sql), [`(unnamed): "check" > 0`, `named one: a IN ('x', 'y')`]);
  });

  test('isEmptyDatabase and createSchema refuse to touch a database that has tables', () => {
    const fresh = path.join(dir, 'fresh.db');
    const db = openDatabase(fresh);
    try {
      assert.equal(isEmptyDatabase(db), true);
      db.exec('CREATE TABLE something (x INTEGER)');
      assert.equal(isEmptyDatabase(db), false);
      assert.throws(() => createSchema(db, '/tmp/mlruns'), { name: 'MlflowError', code: 'INVALID_STATE' });
    } finally {
      db.close();
    }
    withDatabase(oursDb, (runlens) => assert.equal(isEmptyDatabase(runlens), false));
  });

  test('the real mlflow works on a database createSchema made, exactly as on its own', async () => {
    // Copies, so the comparisons above always see the databases as first created.
    const theirCopy = path.join(dir, 'exercise-mlflow.db');
    const ourCopy = path.join(dir, 'exercise-runlens.db');
    fs.copyFileSync(mlflowDb, theirCopy);
    fs.copyFileSync(oursDb, ourCopy);
    const exercise = path.join(pyDir, 'schema_exercise.py');
    const onTheirs = await runPythonJson<ExerciseReport>(exercise, [theirCopy], {}, dir);
    const onOurs = await runPythonJson<ExerciseReport>(exercise, [ourCopy], {}, dir);

    assert.deepEqual(onOurs.db_log, [], 'mlflow should find the schema complete and neither create nor migrate tables');
    assert.deepEqual(onOurs, onTheirs, 'mlflow should behave on our database exactly as on its own');

    assert.deepEqual(onOurs.default_experiment, { name: 'Default', lifecycle_stage: 'active' });
    assert.deepEqual(onOurs.experiment.tags, { team: 'runlens' });
    assert.equal(onOurs.search_runs.length, 1, 'search_runs should find the one matching run');
    const [run] = onOurs.search_runs;
    assert.equal(run.run_name, 'first');
    assert.equal(run.status, 'FINISHED');
    assert.deepEqual(run.metrics, { acc: 0.75, loss: 0.2 });
    assert.deepEqual(run.params, { epochs: '3', lr: '0.01' });
    assert.deepEqual(run.tags, { batch: 'yes', note: 'hello', stage: 'dev' });
    assert.equal(run.datasets.length, 1);
    assert.deepEqual(onOurs.deleted_runs, ['second']);
    assert.deepEqual(onOurs.loss_history, [[0, 0.9], [1, 0.5], [2, 0.2]]);
    assert.deepEqual(onOurs.registry.aliases, { champion: 1 });
    assert.equal(onOurs.registry.version, 1);
    assert.equal(onOurs.registry.run_matches, true);
    assert.deepEqual(onOurs.registry.version_tags, { validated: 'true' });
    assert.equal(onOurs.logged_models.length, 1);
    assert.deepEqual(onOurs.logged_models[0].metrics, [['val_loss', 0.3]]);
    assert.deepEqual(onOurs.traces, [{ state: 'OK', spans: ['child', 'root'] }]);

    withDatabase(ourCopy, (db) => {
      assert.deepEqual(schemaDifferences(ours, snapshotSchema(db)), [], 'mlflow changed the schema of our database');
      assert.deepEqual(allRows(db, 'alembic_version'), [{ version_num: PINNED_ALEMBIC_HEAD }]);
      assert.deepEqual(db.prepare('PRAGMA foreign_key_check').all(), [], 'rows written by mlflow break a foreign key');
    });
  });
});
