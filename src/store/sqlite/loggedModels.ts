// MLflow 3 logged models: the model entity with its own artifact folder, params, tags and metrics.
import { randomUUID } from 'node:crypto';
import type { LoggedModel, LoggedModelStatus, Page, Param, Tag } from '../../shared/entities.ts';
import { boundedJson, boundedQuote } from '../../shared/boundedQuote.ts';
import { MlflowError } from '../../shared/errors.ts';
import { generateRunName } from '../runNames.ts';
import { likeToGlob } from '../search/likePattern.ts';
import { LOGGED_MODEL_ALIASES, LOGGED_MODEL_COLUMNS, parseLoggedModelFilter, type LoggedModelComparison } from '../search/loggedModelSearch.ts';
import { decodeLoggedModelsPageToken, encodeLoggedModelsPageToken } from '../search/pageToken.ts';
import type { CreateLoggedModelRequest, LoggedModelOrderBy, SearchLoggedModelsQuery } from '../trackingStore.ts';
import { experimentIdNumber, validateMaxResults } from '../validation.ts';
import type { SqliteExperiments } from './experiments.ts';
import { appendToUri } from './rows.ts';
import { statement, writeTransaction, type SqliteContext } from './sqliteContext.ts';

const STATUS_BY_INT: LoggedModelStatus[] = ['LOGGED_MODEL_STATUS_UNSPECIFIED', 'LOGGED_MODEL_PENDING', 'LOGGED_MODEL_READY', 'LOGGED_MODEL_UPLOAD_FAILED'];

interface LoggedModelRow {
  model_id: string;
  experiment_id: number;
  name: string;
  artifact_location: string;
  creation_timestamp_ms: number;
  last_updated_timestamp_ms: number;
  status: number;
  lifecycle_stage: string;
  model_type: string | null;
  source_run_id: string | null;
  status_message: string | null;
}

/** mlflow's _validate_logged_model_name: a given name holds none of / : . % " '. */
export function validateLoggedModelName(name: string | undefined): void {
  if (name && /[/:.%"']/u.test(name)) {
    throw MlflowError.invalidParameter(`Invalid model name ('${boundedQuote(name)}') provided. Model name must be a non-empty string and cannot contain the following characters: ('/', ':', '.', '%', '"', "'")`);
  }
}

export function statusToInt(status: LoggedModelStatus | string): number {
  const index = STATUS_BY_INT.indexOf(status as LoggedModelStatus);
  if (index < 0) throw MlflowError.invalidParameter(`Invalid value '${boundedQuote(status)}' for parameter 'status': expected one of ${STATUS_BY_INT.join(', ')}`);
  return index;
}

export class SqliteLoggedModels {
  private readonly ctx: SqliteContext;
  private readonly experiments: SqliteExperiments;

  constructor(ctx: SqliteContext, experiments: SqliteExperiments) {
    this.ctx = ctx;
    this.experiments = experiments;
  }

  create(request: CreateLoggedModelRequest): LoggedModel {
    validateLoggedModelName(request.name);
    const modelId = `m-${randomUUID().replaceAll('-', '')}`;
    writeTransaction(this.ctx, () => {
      const experiment = this.experiments.row(request.experimentId);
      this.experiments.assertActive(experiment);
      const now = Date.now();
      statement(this.ctx,
        `INSERT INTO logged_models (model_id, experiment_id, name, artifact_location, creation_timestamp_ms, last_updated_timestamp_ms, status, lifecycle_stage, model_type, source_run_id, status_message)
         VALUES (?, ?, ?, ?, ?, ?, 1, 'active', ?, ?, NULL)`,
      ).run(modelId, experiment.experiment_id, request.name || generateRunName(), appendToUri(experiment.artifact_location ?? '', 'models', modelId, 'artifacts'),
        now, now, request.modelType ?? null, request.sourceRunId ?? null);
      this.writeParams(modelId, experiment.experiment_id, request.params ?? []);
      this.writeTags(modelId, experiment.experiment_id, request.tags ?? []);
    });
    return this.get(modelId);
  }

  private row(modelId: string, allowDeleted = true): LoggedModelRow {
    const row = statement(this.ctx, 'SELECT * FROM logged_models WHERE model_id = ?').get(modelId) as LoggedModelRow | undefined;
    if (!row || (!allowDeleted && row.lifecycle_stage === 'deleted')) throw MlflowError.notFound(`Logged model with ID '${boundedQuote(modelId)}' not found.`);
    return row;
  }

  get(modelId: string): LoggedModel {
    return this.toEntity(this.row(modelId, false));
  }

  finalize(modelId: string, status: LoggedModelStatus): LoggedModel {
    const code = statusToInt(status);
    writeTransaction(this.ctx, () => {
      this.row(modelId);
      statement(this.ctx, 'UPDATE logged_models SET status = ?, last_updated_timestamp_ms = ? WHERE model_id = ?').run(code, Date.now(), modelId);
    });
    return this.get(modelId);
  }

  delete(modelId: string): void {
    writeTransaction(this.ctx, () => {
      this.row(modelId);
      statement(this.ctx, "UPDATE logged_models SET lifecycle_stage = 'deleted', last_updated_timestamp_ms = ? WHERE model_id = ?").run(Date.now(), modelId);
    });
  }

  setTags(modelId: string, tags: Tag[]): void {
    writeTransaction(this.ctx, () => this.writeTags(modelId, this.row(modelId).experiment_id, tags));
  }

  deleteTag(modelId: string, key: string): void {
    writeTransaction(this.ctx, () => {
      this.row(modelId);
      const { changes } = statement(this.ctx, 'DELETE FROM logged_model_tags WHERE model_id = ? AND tag_key = ?').run(modelId, key);
      if (changes === 0) throw MlflowError.notFound(`No tag with key '${boundedQuote(key)}' found for model with ID '${boundedQuote(modelId)}'.`);
    });
  }

  logParams(modelId: string, params: Param[]): void {
    writeTransaction(this.ctx, () => this.writeParams(modelId, this.row(modelId).experiment_id, params));
  }

  search(query: SearchLoggedModelsQuery): Page<LoggedModel> {
    const limit = validateMaxResults(query.maxResults, 100, 1000);
    const experimentIds = query.experimentIds.map(String);
    const offset = decodeLoggedModelsPageToken(query.pageToken, experimentIds, query.filter, query.orderBy);
    const ids = experimentIds.map((id) => experimentIdNumber(id));
    const where = [`experiment_id IN (${ids.map(() => '?').join(',') || 'NULL'})`, "lifecycle_stage = 'active'"];
    const params: (string | number)[] = [...ids];
    for (const clause of parseLoggedModelFilter(query.filter)) {
      const { sql, args } = comparisonSql(clause);
      where.push(sql);
      params.push(...args);
    }
    const order = orderBySql(query.orderBy);
    const rows = this.ctx.db.prepare(`SELECT * FROM logged_models WHERE ${where.join(' AND ')} ORDER BY ${order.sql} LIMIT ? OFFSET ?`)
      .all(...params, ...order.args, limit + 1, offset) as LoggedModelRow[];
    return {
      items: rows.slice(0, limit).map((row) => this.toEntity(row)),
      nextPageToken: rows.length > limit ? encodeLoggedModelsPageToken(offset + limit, experimentIds, query.filter, query.orderBy) : undefined,
    };
  }

  private writeParams(modelId: string, experimentId: number, params: Param[]): void {
    const insert = statement(this.ctx, 'INSERT OR REPLACE INTO logged_model_params (model_id, experiment_id, param_key, param_value) VALUES (?, ?, ?, ?)');
    for (const p of params) insert.run(modelId, experimentId, p.key, p.value);
  }

  private writeTags(modelId: string, experimentId: number, tags: Tag[]): void {
    const upsert = statement(this.ctx, 'INSERT OR REPLACE INTO logged_model_tags (model_id, experiment_id, tag_key, tag_value) VALUES (?, ?, ?, ?)');
    for (const t of tags) upsert.run(modelId, experimentId, t.key, t.value);
  }

  private toEntity(row: LoggedModelRow): LoggedModel {
    const tags = statement(this.ctx, 'SELECT tag_key AS key, tag_value AS value FROM logged_model_tags WHERE model_id = ? ORDER BY tag_key').all(row.model_id) as Tag[];
    const params = statement(this.ctx, 'SELECT param_key AS key, param_value AS value FROM logged_model_params WHERE model_id = ? ORDER BY param_key').all(row.model_id) as Param[];
    const metrics = statement(this.ctx,
      'SELECT metric_name, metric_value, metric_timestamp_ms, metric_step, run_id, dataset_name, dataset_digest FROM logged_model_metrics WHERE model_id = ? ORDER BY metric_name, metric_step',
    ).all(row.model_id) as { metric_name: string; metric_value: number | null; metric_timestamp_ms: number; metric_step: number; run_id: string; dataset_name: string | null; dataset_digest: string | null }[];
    return {
      modelId: row.model_id,
      experimentId: String(row.experiment_id),
      name: row.name,
      artifactUri: row.artifact_location,
      creationTimestampMs: row.creation_timestamp_ms,
      lastUpdatedTimestampMs: row.last_updated_timestamp_ms,
      status: STATUS_BY_INT[row.status] ?? 'LOGGED_MODEL_STATUS_UNSPECIFIED',
      statusMessage: row.status_message ?? undefined,
      modelType: row.model_type ?? undefined,
      sourceRunId: row.source_run_id ?? undefined,
      lifecycleStage: row.lifecycle_stage === 'deleted' ? 'deleted' : 'active',
      tags,
      params,
      metrics: metrics.map((m) => ({
        key: m.metric_name, value: m.metric_value ?? NaN, timestamp: m.metric_timestamp_ms, step: m.metric_step,
        runId: m.run_id, datasetName: m.dataset_name ?? undefined, datasetDigest: m.dataset_digest ?? undefined,
      })),
    };
  }
}

/**
 * mlflow's ordering: each attribute or `metrics.<key>` (its latest value) with nulls last, then
 * creation time descending and model id unless named. An unknown field is refused as mlflow does.
 */
function orderBySql(orderBy: LoggedModelOrderBy[] | undefined): { sql: string; args: string[] } {
  const terms: string[] = [];
  const args: string[] = [];
  let hasCreation = false;
  let hasModelId = false;
  for (const ob of orderBy ?? []) {
    const field = ob.field_name;
    if (typeof field !== 'string') throw MlflowError.invalidParameter(`Invalid order by field name: ${boundedJson(field ?? null)}`);
    const direction = ob.ascending === false ? 'DESC' : 'ASC';
    if (!field.includes('.')) {
      const column = LOGGED_MODEL_ALIASES[field] ?? field;
      if (!LOGGED_MODEL_COLUMNS.has(column)) throw MlflowError.invalidParameter(`Invalid order by field name: ${boundedQuote(field)}`);
      hasCreation ||= column === 'creation_timestamp_ms';
      hasModelId ||= column === 'model_id';
      terms.push(`(${column} IS NULL)`, `${column} ${direction}`);
      continue;
    }
    const [entity, key] = [field.slice(0, field.indexOf('.')), field.slice(field.indexOf('.') + 1)];
    if (entity !== 'metrics') throw MlflowError.invalidParameter(`Invalid order by field name: ${boundedQuote(field)}. Only metrics are supported.`);
    const datasetSql = (ob.dataset_name ? ' AND dataset_name = ?' : '') + (ob.dataset_digest ? ' AND dataset_digest = ?' : '');
    const latest = `(SELECT metric_value FROM logged_model_metrics m WHERE m.model_id = logged_models.model_id AND m.metric_name = ?${datasetSql}
      ORDER BY metric_step DESC, metric_timestamp_ms DESC, metric_value DESC LIMIT 1)`;
    const latestArgs = [key, ...(ob.dataset_name ? [ob.dataset_name] : []), ...(ob.dataset_digest ? [ob.dataset_digest] : [])];
    terms.push(`(${latest} IS NULL)`, `${latest} ${direction}`);
    args.push(...latestArgs, ...latestArgs);
  }
  if (!hasCreation) terms.push('creation_timestamp_ms DESC');
  if (!hasModelId) terms.push('model_id ASC');
  return { sql: terms.join(', '), args };
}

/** One comparison as SQL: LIKE is case-sensitive (mlflow sets case_sensitive_like), ILIKE is not. */
function comparisonSql(clause: LoggedModelComparison): { sql: string; args: (string | number)[] } {
  let { value } = clause;
  if (clause.entity === 'attribute' && clause.key === 'status') {
    if (!['=', '!=', 'IN', 'NOT IN'].includes(clause.op)) throw MlflowError.invalidParameter(`Invalid comparison operator for status: ${clause.op}`);
    value = (Array.isArray(value) ? value : [String(value)]).map((status) => {
      const index = STATUS_BY_INT.indexOf(status as LoggedModelStatus);
      if (index < 0) throw MlflowError.invalidParameter(`Unknown model status in filter: '${boundedQuote(status)}'`);
      return String(index);
    });
    if (clause.op === '=' || clause.op === '!=') value = value[0];
  }
  const compare = (column: string): { sql: string; args: (string | number)[] } => {
    if (Array.isArray(value)) return { sql: `${column} ${clause.op} (${value.map(() => '?').join(',') || 'NULL'})`, args: value };
    if (clause.op === 'LIKE') return { sql: `${column} GLOB ?`, args: [likeToGlob(String(value))] };
    if (clause.op === 'ILIKE') return { sql: `lower(${column}) LIKE lower(?)`, args: [value] };
    return { sql: `${column} ${clause.op} ?`, args: [value] };
  };
  switch (clause.entity) {
    case 'attribute':
      return compare(clause.key);
    case 'param': {
      const inner = compare('param_value');
      return { sql: `model_id IN (SELECT model_id FROM logged_model_params WHERE param_key = ? AND ${inner.sql})`, args: [clause.key, ...inner.args] };
    }
    case 'tag': {
      const inner = compare('tag_value');
      return { sql: `model_id IN (SELECT model_id FROM logged_model_tags WHERE tag_key = ? AND ${inner.sql})`, args: [clause.key, ...inner.args] };
    }
    case 'metric': {
      // The latest value: highest step, then timestamp, then value (mlflow's ranking).
      const inner = compare('metric_value');
      return {
        sql: `model_id IN (SELECT model_id FROM (SELECT model_id, metric_value, row_number() OVER (PARTITION BY model_id ORDER BY metric_step DESC, metric_timestamp_ms DESC, metric_value DESC) AS rn
          FROM logged_model_metrics WHERE metric_name = ?) WHERE rn = 1 AND ${inner.sql})`,
        args: [clause.key, ...inner.args],
      };
    }
  }
}
