// Compiles parsed searches to parameterised SQL over MLflow's SQLite schema, selecting and ordering
// rows exactly as MLflow's SqlAlchemyStore / registry store do. Filters on metrics, params and tags
// are correlated EXISTS probes on their (key, run_uuid) primary keys; order keys are LEFT JOINs on
// the same keys, so both are served by MLflow's own indexes.
import type { ViewType } from '../../shared/entities.ts';
import { MlflowError } from '../../shared/errors.ts';
import { effectiveExperimentOrder } from '../search/experimentSearch.ts';
import { effectiveModelVersionOrder, effectiveRegisteredModelOrder, IS_PROMPT_TAG_KEY, queriesPrompts } from '../search/registrySearch.ts';
import type { Clause, OrderKey } from '../search/searchAst.ts';
import { comparisonSql, lifecycleStages, orderSql, pagingSql, SqlBuilder, type SqlQuery } from './searchSqlParts.ts';

export type { SqlQuery } from './searchSqlParts.ts';

const RUN_NAME_TAG = 'mlflow.runName';
const DATASET_CONTEXT_TAG = 'mlflow.data.context';
const DELETED_INTERNAL_STAGE = 'Deleted_Internal';

const RUN_COLUMNS: Record<string, string> = {
  run_id: 'runs.run_uuid', run_name: 'runs.name', status: 'runs.status', artifact_uri: 'runs.artifact_uri',
  user_id: 'runs.user_id', start_time: 'runs.start_time', end_time: 'runs.end_time',
};
const KEY_VALUE_TABLES = { metric: 'latest_metrics', param: 'params', tag: 'tags' } as const;

function column(columns: Record<string, string>, key: string): string {
  const name = columns[key];
  if (!name) throw MlflowError.invalidParameter(`Unsupported search key '${key}'`);
  return name;
}

function experimentIdsOf(ids: string[]): number[] {
  return ids.map((id) => {
    if (!/^\s*[+-]?\d+\s*$/.test(String(id))) {
      throw MlflowError.invalidParameter(`Invalid experiment ID '${id}'. Experiment ID must be a valid integer.`);
    }
    return Number(id);
  });
}

function runCondition(clause: Clause, sql: SqlBuilder): string {
  if (clause.entity === 'attribute') {
    if (clause.key !== 'run_name') return comparisonSql(column(RUN_COLUMNS, clause.key), clause, sql);
    // MLflow matches run names on the mlflow.runName tag (runs.name is empty for runs of MLflow ≤ 1.29).
    return `EXISTS (SELECT 1 FROM tags AS f WHERE f.run_uuid = runs.run_uuid AND f.key = ${sql.bind(RUN_NAME_TAG)} AND ${comparisonSql('f.value', clause, sql)})`;
  }
  if (clause.entity === 'dataset') {
    const probe = 'SELECT 1 FROM inputs AS i JOIN datasets AS d ON d.dataset_uuid = i.source_id';
    const link = `i.destination_type = ${sql.bind('RUN')} AND i.destination_id = runs.run_uuid AND i.source_type = ${sql.bind('DATASET')}`;
    if (clause.key === 'context') {
      return `EXISTS (${probe} JOIN input_tags AS it ON it.input_uuid = i.input_uuid WHERE ${link} AND it.name = ${sql.bind(DATASET_CONTEXT_TAG)} AND ${comparisonSql('it.value', clause, sql)})`;
    }
    return `EXISTS (${probe} WHERE ${link} AND ${comparisonSql(`d.${clause.key === 'name' ? 'name' : 'digest'}`, clause, sql)})`;
  }
  const table = KEY_VALUE_TABLES[clause.entity];
  const probe = `SELECT 1 FROM ${table} AS f WHERE f.key = ${sql.bind(clause.key)} AND f.run_uuid = runs.run_uuid`;
  if (clause.comparator === 'IS NULL') return `NOT EXISTS (${probe})`;
  if (clause.comparator === 'IS NOT NULL') return `EXISTS (${probe})`;
  const compare = comparisonSql('f.value', clause, sql);
  if (clause.entity !== 'metric') return `EXISTS (${probe} AND ${compare})`;
  // NaN is stored as value 0 with is_nan = 1: it satisfies only `!=`, and its placeholder 0 nothing.
  return clause.comparator === '!='
    ? `EXISTS (${probe} AND (${compare} OR f.is_nan = 1))`
    : `EXISTS (${probe} AND ${compare} AND f.is_nan = 0)`;
}

/** SELECT runs.run_uuid … in MLflow's order: the keys (missing values last, NaN before missing), start_time DESC, run_uuid. */
export function compileRunSearch(q: { experimentIds: string[]; clauses: Clause[]; orderBy: OrderKey[]; viewType: ViewType; offset: number; limit: number }): SqlQuery {
  const sql = new SqlBuilder();
  const joins: string[] = [];
  const order: string[] = [];
  q.orderBy.forEach((key, n) => {
    if (key.entity === 'attribute') {
      const col = column(RUN_COLUMNS, key.key);
      order.push(`(CASE WHEN ${col} IS NULL THEN 1 ELSE 0 END)`, orderSql(col, key));
      return;
    }
    if (key.entity === 'dataset') throw MlflowError.invalidParameter(`Runs cannot be ordered by dataset.${key.key}`);
    const alias = `o${n}`;
    joins.push(`LEFT JOIN ${KEY_VALUE_TABLES[key.entity]} AS ${alias} ON ${alias}.key = ${sql.bind(key.key)} AND ${alias}.run_uuid = runs.run_uuid`);
    order.push(key.entity === 'metric'
      ? `(CASE WHEN ${alias}.is_nan = 1 THEN 1 WHEN ${alias}.value IS NULL THEN 2 ELSE 0 END)`
      : `(CASE WHEN ${alias}.value IS NULL THEN 1 ELSE 0 END)`, orderSql(`${alias}.value`, key));
  });
  if (!q.orderBy.some((k) => k.entity === 'attribute' && k.key === 'start_time')) order.push('runs.start_time DESC');
  order.push('runs.run_uuid ASC');

  const where = [
    `runs.experiment_id IN (${sql.bindList(experimentIdsOf(q.experimentIds))})`,
    `runs.lifecycle_stage IN (${sql.bindList(lifecycleStages(q.viewType))})`,
    ...q.clauses.map((clause) => runCondition(clause, sql)),
  ];
  const paging = pagingSql(sql, q.limit, q.offset);
  return {
    sql: `SELECT runs.run_uuid FROM runs ${joins.join(' ')} WHERE ${where.join(' AND ')} ORDER BY ${order.join(', ')} ${paging}`,
    params: sql.params,
  };
}

const EXPERIMENT_COLUMNS: Record<string, string> = {
  experiment_id: 'experiments.experiment_id', name: 'experiments.name',
  creation_time: 'experiments.creation_time', last_update_time: 'experiments.last_update_time',
};

function experimentCondition(clause: Clause, sql: SqlBuilder): string {
  if (clause.entity === 'tag') {
    const probe = `SELECT 1 FROM experiment_tags AS t WHERE t.experiment_id = experiments.experiment_id AND t.key = ${sql.bind(clause.key)}`;
    if (clause.comparator === 'IS NULL') return `NOT EXISTS (${probe})`;
    if (clause.comparator === 'IS NOT NULL') return `EXISTS (${probe})`;
    return `EXISTS (${probe} AND ${comparisonSql('t.value', clause, sql)})`;
  }
  const toValue = clause.key === 'experiment_id' ? (v: string | number) => Number(v) : undefined;
  return comparisonSql(column(EXPERIMENT_COLUMNS, clause.key), clause, sql, toValue);
}

/** SELECT experiments.experiment_id …; default order creation_time DESC, experiment_id ASC. */
export function compileExperimentSearch(q: { clauses: Clause[]; orderBy: OrderKey[]; viewType: ViewType; offset: number; limit: number; workspace?: string }): SqlQuery {
  const sql = new SqlBuilder();
  const where = [`experiments.lifecycle_stage IN (${sql.bindList(lifecycleStages(q.viewType))})`];
  if (q.workspace !== undefined) where.push(`experiments.workspace = ${sql.bind(q.workspace)}`);
  where.push(...q.clauses.map((clause) => experimentCondition(clause, sql)));
  const order = effectiveExperimentOrder(q.orderBy).map((key) => orderSql(column(EXPERIMENT_COLUMNS, key.key), key));
  const paging = pagingSql(sql, q.limit, q.offset);
  return { sql: `SELECT experiments.experiment_id FROM experiments WHERE ${where.join(' AND ')} ORDER BY ${order.join(', ')} ${paging}`, params: sql.params };
}

interface RegistryTarget {
  table: 'registered_models' | 'model_versions';
  tagTable: 'registered_model_tags' | 'model_version_tags';
  /** How a tag row points at its owner (tags of versions also match the version). */
  tagLink: string;
  columns: Record<string, string>;
}

const REGISTERED_MODELS: RegistryTarget = {
  table: 'registered_models', tagTable: 'registered_model_tags', tagLink: 't.name = registered_models.name',
  columns: { name: 'registered_models.name', last_updated_timestamp: 'registered_models.last_updated_time' },
};
const MODEL_VERSIONS: RegistryTarget = {
  table: 'model_versions', tagTable: 'model_version_tags', tagLink: 't.name = model_versions.name AND t.version = model_versions.version',
  columns: {
    name: 'model_versions.name', version_number: 'model_versions.version', run_id: 'model_versions.run_id',
    source_path: 'model_versions.source', creation_timestamp: 'model_versions.creation_time', last_updated_timestamp: 'model_versions.last_updated_time',
  },
};

/** Filters, the workspace, and MLflow's prompt rule: entries tagged as prompts stay hidden unless asked for. */
function registryWhere(target: RegistryTarget, clauses: Clause[], workspace: string | undefined, sql: SqlBuilder): string[] {
  const where: string[] = [];
  const inWorkspace = (alias: string) => (workspace === undefined ? '' : ` AND ${alias}.workspace = ${target.table}.workspace`);
  if (workspace !== undefined) where.push(`${target.table}.workspace = ${sql.bind(workspace)}`);
  const wantsPrompts = queriesPrompts(clauses);
  for (const clause of clauses) {
    if (clause.entity === 'tag') {
      if (clause.key === IS_PROMPT_TAG_KEY && !wantsPrompts) continue;
      where.push(`EXISTS (SELECT 1 FROM ${target.tagTable} AS t WHERE ${target.tagLink}${inWorkspace('t')} AND t.key = ${sql.bind(clause.key)} AND ${comparisonSql('t.value', clause, sql)})`);
    } else {
      const toValue = clause.key === 'version_number' ? (v: string | number) => Number(v) : undefined;
      where.push(comparisonSql(column(target.columns, clause.key), clause, sql, toValue));
    }
  }
  if (!wantsPrompts) {
    // As MLflow: any tag row of the same name marks a prompt (for versions, any version's tag).
    where.push(`NOT EXISTS (SELECT 1 FROM ${target.tagTable} AS p WHERE p.name = ${target.table}.name${inWorkspace('p')} AND p.key = ${sql.bind(IS_PROMPT_TAG_KEY)} AND p.value = ${sql.bind('true')})`);
  }
  return where;
}

/** SELECT registered_models.name …; ordered by the keys then name ASC. */
export function compileRegisteredModelSearch(q: { clauses: Clause[]; orderBy: OrderKey[]; offset: number; limit: number; workspace?: string }): SqlQuery {
  const sql = new SqlBuilder();
  const where = registryWhere(REGISTERED_MODELS, q.clauses, q.workspace, sql);
  const order = effectiveRegisteredModelOrder(q.orderBy).map((key) => orderSql(column(REGISTERED_MODELS.columns, key.key), key));
  const paging = pagingSql(sql, q.limit, q.offset);
  return { sql: `SELECT registered_models.name FROM registered_models WHERE ${where.length > 0 ? where.join(' AND ') : '1'} ORDER BY ${order.join(', ')} ${paging}`, params: sql.params };
}

/** SELECT model_versions.name, model_versions.version …; versions in the internal deleted stage are never returned. */
export function compileModelVersionSearch(q: { clauses: Clause[]; orderBy: OrderKey[]; offset: number; limit: number; workspace?: string }): SqlQuery {
  const sql = new SqlBuilder();
  const where = registryWhere(MODEL_VERSIONS, q.clauses, q.workspace, sql);
  where.push(`model_versions.current_stage != ${sql.bind(DELETED_INTERNAL_STAGE)}`);
  const order = effectiveModelVersionOrder(q.orderBy).map((key) => orderSql(column(MODEL_VERSIONS.columns, key.key), key));
  const paging = pagingSql(sql, q.limit, q.offset);
  return { sql: `SELECT model_versions.name, model_versions.version FROM model_versions WHERE ${where.join(' AND ')} ORDER BY ${order.join(', ')} ${paging}`, params: sql.params };
}
