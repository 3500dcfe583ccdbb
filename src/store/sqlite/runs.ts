// Runs: create, read (singly and in bulk for search), update, soft delete and restore.
import { randomUUID } from 'node:crypto';
import type { Page, Run, RunInfo, Tag, ViewType } from '../../shared/entities.ts';
import { RUN_STATUSES } from '../../shared/entities.ts';
import { MlflowError } from '../../shared/errors.ts';
import { generateRunName } from '../runNames.ts';
import { encodePageToken, queryOffset } from '../search/pageToken.ts';
import { parseRunFilter, parseRunOrderBy } from '../search/runSearch.ts';
import type { Clause, OrderKey } from '../search/searchAst.ts';
import type { CreateRunRequest, SearchRunsQuery, UpdateRunRequest } from '../trackingStore.ts';
import { LIMITS, validateMaxResults, validateTag } from '../validation.ts';
import type { SqliteExperiments } from './experiments.ts';
import { appendToUri, metricFromRow, RUN_COLUMNS, runInfoFromRow, type MetricRow, type RunRow } from './rows.ts';
import type { SqliteRunInputs } from './runInputs.ts';
import { RunSearchCache } from './runSearchCache.ts';
import { compileRunSearch } from './searchSql.ts';
import { statement, writeTransaction, type SqliteContext } from './sqliteContext.ts';

export const RUN_NAME_TAG = 'mlflow.runName';
// SQLite allows 999 bound parameters in older builds; stay well below when loading runs in bulk.
const BULK_CHUNK = 500;

export class SqliteRuns {
  private readonly ctx: SqliteContext;
  private readonly experiments: SqliteExperiments;
  private readonly inputs: SqliteRunInputs;
  private readonly searchCache: RunSearchCache;

  constructor(ctx: SqliteContext, experiments: SqliteExperiments, inputs: SqliteRunInputs) {
    this.ctx = ctx;
    this.experiments = experiments;
    this.inputs = inputs;
    this.searchCache = new RunSearchCache(ctx);
  }

  row(runId: string): RunRow {
    const row = statement(this.ctx, `SELECT ${RUN_COLUMNS} FROM runs WHERE run_uuid = ?`).get(runId) as RunRow | undefined;
    if (!row) throw MlflowError.notFound(`Run with id=${runId} not found`);
    return row;
  }

  /** The run, which must be active for any write. */
  activeRow(runId: string): RunRow {
    const row = this.row(runId);
    if (row.lifecycle_stage !== 'active') {
      throw MlflowError.invalidParameter(`The run ${runId} must be in the 'active' state. Current state is ${row.lifecycle_stage}.`);
    }
    return row;
  }

  create(request: CreateRunRequest): Run {
    const tags = (request.tags ?? []).map((t, i) => validateTag(t, `tags[${i}]`));
    const nameTag = tags.find((t) => t.key === RUN_NAME_TAG)?.value;
    if (request.runName && nameTag && request.runName !== nameTag) {
      throw MlflowError.invalidParameter(`Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='${request.runName}', mlflow.runName='${nameTag}').`);
    }
    const runName = request.runName || nameTag || generateRunName();
    if (!nameTag) tags.push({ key: RUN_NAME_TAG, value: runName });
    const runId = randomUUID().replaceAll('-', '');
    writeTransaction(this.ctx, () => {
      const experiment = this.experiments.row(request.experimentId);
      this.experiments.assertActive(experiment);
      const artifactUri = appendToUri(experiment.artifact_location ?? '', runId, 'artifacts');
      statement(this.ctx,
        `INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time, source_version, lifecycle_stage, artifact_uri, experiment_id)
         VALUES (?, ?, 'UNKNOWN', '', '', ?, 'RUNNING', ?, NULL, '', 'active', ?, ?)`,
      ).run(runId, runName, request.userId ?? '', request.startTime ?? Date.now(), artifactUri, experiment.experiment_id);
      const insertTag = statement(this.ctx, 'INSERT OR REPLACE INTO tags (key, value, run_uuid) VALUES (?, ?, ?)');
      for (const tag of tags) insertTag.run(tag.key, tag.value, runId);
    });
    return this.get(runId);
  }

  get(runId: string): Run {
    const run = this.load([this.row(runId)])[0];
    return run;
  }

  update(runId: string, update: UpdateRunRequest): RunInfo {
    if (update.status !== undefined && !RUN_STATUSES.includes(update.status)) {
      throw MlflowError.invalidParameter(`Invalid value '${String(update.status)}' for parameter 'status': expected one of ${RUN_STATUSES.join(', ')}`);
    }
    writeTransaction(this.ctx, () => {
      this.activeRow(runId);
      if (update.status !== undefined) statement(this.ctx, 'UPDATE runs SET status = ? WHERE run_uuid = ?').run(update.status, runId);
      if (update.endTime !== undefined && update.endTime !== null) statement(this.ctx, 'UPDATE runs SET end_time = ? WHERE run_uuid = ?').run(update.endTime, runId);
      if (update.runName) this.writeRunName(runId, update.runName);
    });
    return runInfoFromRow(this.row(runId));
  }

  /** The name lives in both runs.name and the mlflow.runName tag; they move together. */
  writeRunName(runId: string, runName: string): void {
    statement(this.ctx, 'UPDATE runs SET name = ? WHERE run_uuid = ?').run(runName, runId);
    statement(this.ctx, 'INSERT OR REPLACE INTO tags (key, value, run_uuid) VALUES (?, ?, ?)').run(RUN_NAME_TAG, runName, runId);
  }

  setLifecycle(runId: string, stage: 'active' | 'deleted'): void {
    writeTransaction(this.ctx, () => {
      this.row(runId);
      if (this.ctx.features.runDeletedTime) {
        statement(this.ctx, 'UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE run_uuid = ?').run(stage, stage === 'deleted' ? Date.now() : null, runId);
      } else {
        statement(this.ctx, 'UPDATE runs SET lifecycle_stage = ? WHERE run_uuid = ?').run(stage, runId);
      }
    });
  }

  search(query: SearchRunsQuery): Page<Run> {
    const limit = validateMaxResults(query.maxResults, 1000, LIMITS.runsPerPage);
    const offset = queryOffset(query);
    const experimentIds = query.experimentIds.map(String);
    const clauses = parseRunFilter(query.filter);
    const orderBy = parseRunOrderBy(query.orderBy);
    const viewType = query.runViewType ?? 'ACTIVE_ONLY';
    const ids = this.searchCache.search(experimentIds, viewType, clauses, orderBy, offset, limit + 1) ?? this.searchSql(experimentIds, viewType, clauses, orderBy, offset, limit + 1);
    const pageIds = ids.slice(0, limit);
    const rows = this.rowsByIds(pageIds);
    return { items: this.load(rows), nextPageToken: ids.length > limit ? encodePageToken(offset + limit) : undefined };
  }

  private searchSql(experimentIds: string[], viewType: ViewType, clauses: Clause[], orderBy: OrderKey[], offset: number, limit: number): string[] {
    const compiled = compileRunSearch({ experimentIds, clauses, orderBy, viewType, offset, limit });
    return (this.ctx.db.prepare(compiled.sql).all(...compiled.params) as { run_uuid: string }[]).map((r) => r.run_uuid);
  }

  private rowsByIds(ids: string[]): RunRow[] {
    const byId = new Map<string, RunRow>();
    for (let i = 0; i < ids.length; i += BULK_CHUNK) {
      const chunk = ids.slice(i, i + BULK_CHUNK);
      const rows = this.ctx.db.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE run_uuid IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as RunRow[];
      for (const row of rows) byId.set(row.run_uuid, row);
    }
    return ids.map((id) => byId.get(id)).filter((r): r is RunRow => r !== undefined);
  }

  /** Full runs (latest metrics, params, tags, inputs, outputs) for rows, with one query per table per chunk. */
  load(rows: RunRow[]): Run[] {
    const runs: Run[] = [];
    for (let i = 0; i < rows.length; i += BULK_CHUNK) {
      const chunk = rows.slice(i, i + BULK_CHUNK);
      const ids = chunk.map((r) => r.run_uuid);
      const marks = ids.map(() => '?').join(',');
      const metrics = groupBy(this.ctx.db.prepare(`SELECT run_uuid, key, value, timestamp, step, is_nan FROM latest_metrics WHERE run_uuid IN (${marks}) ORDER BY key`).all(...ids) as (MetricRow & { run_uuid: string })[]);
      const params = groupBy(this.ctx.db.prepare(`SELECT run_uuid, key, value FROM params WHERE run_uuid IN (${marks}) ORDER BY key`).all(...ids) as (Tag & { run_uuid: string })[]);
      const tags = groupBy(this.ctx.db.prepare(`SELECT run_uuid, key, value FROM tags WHERE run_uuid IN (${marks}) ORDER BY key`).all(...ids) as (Tag & { run_uuid: string })[]);
      const inputs = this.inputs.forRuns(ids);
      for (const row of chunk) {
        const id = row.run_uuid;
        runs.push({
          info: runInfoFromRow(row),
          data: {
            metrics: (metrics.get(id) ?? []).map(metricFromRow),
            params: (params.get(id) ?? []).map(({ key, value }) => ({ key, value })),
            tags: (tags.get(id) ?? []).map(({ key, value }) => ({ key, value: value ?? '' })),
          },
          inputs: { datasetInputs: inputs.datasets.get(id) ?? [], modelInputs: inputs.modelInputs.get(id) ?? [] },
          outputs: { modelOutputs: inputs.modelOutputs.get(id) ?? [] },
        });
      }
    }
    return runs;
  }
}

function groupBy<T extends { run_uuid: string }>(rows: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const list = groups.get(row.run_uuid);
    if (list) list.push(row);
    else groups.set(row.run_uuid, [row]);
  }
  return groups;
}
