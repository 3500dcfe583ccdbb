// Writing metrics, params and tags to a run: validation first, then one transaction per call.
import type { Metric, Param, Tag } from '../../shared/entities.ts';
import { MlflowError } from '../../shared/errors.ts';
import type { LogBatchRequest } from '../trackingStore.ts';
import { validateBatch, validateKey, validateMetric, validateParam, validateTag } from '../validation.ts';
import { storedMetricValue } from './rows.ts';
import { RUN_NAME_TAG, type SqliteRuns } from './runs.ts';
import { statement, writeTransaction, type SqliteContext } from './sqliteContext.ts';

interface StoredMetric {
  key: string;
  value: number;
  isNan: 0 | 1;
  timestamp: number;
  step: number;
}

/** MLflow's "latest" is the greatest (step, timestamp, stored value). */
function isNewer(a: StoredMetric, b: StoredMetric): boolean {
  if (a.step !== b.step) return a.step > b.step;
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp;
  return a.value > b.value;
}

export class SqliteRunLogging {
  private readonly ctx: SqliteContext;
  private readonly runs: SqliteRuns;

  constructor(ctx: SqliteContext, runs: SqliteRuns) {
    this.ctx = ctx;
    this.runs = runs;
  }

  logMetric(runId: string, metric: Metric): void {
    const valid = validateMetric(metric);
    writeTransaction(this.ctx, () => {
      this.runs.activeRow(runId);
      this.writeMetrics(runId, [valid]);
    });
  }

  logParam(runId: string, param: Param): void {
    const valid = validateParam(param);
    writeTransaction(this.ctx, () => {
      this.runs.activeRow(runId);
      this.writeParams(runId, [valid]);
    });
  }

  setTag(runId: string, tag: Tag): void {
    const valid = validateTag(tag);
    writeTransaction(this.ctx, () => {
      this.runs.activeRow(runId);
      this.writeTags(runId, [valid]);
    });
  }

  deleteTag(runId: string, key: string): void {
    validateKey(key, 'key', 'Tag');
    writeTransaction(this.ctx, () => {
      this.runs.activeRow(runId);
      const { changes } = statement(this.ctx, 'DELETE FROM tags WHERE run_uuid = ? AND key = ?').run(runId, key);
      if (changes === 0) throw MlflowError.notFound(`No tag with name: ${key} in run with id ${runId}`);
    });
  }

  /** All or nothing: a bad entity or a changed param rolls the whole batch back. */
  logBatch(runId: string, batch: LogBatchRequest): void {
    const valid = validateBatch(batch.metrics, batch.params, batch.tags);
    writeTransaction(this.ctx, () => {
      this.runs.activeRow(runId);
      this.writeParams(runId, valid.params);
      this.writeMetrics(runId, valid.metrics);
      this.writeTags(runId, valid.tags);
    });
  }

  private writeMetrics(runId: string, metrics: Metric[]): void {
    if (metrics.length === 0) return;
    const insert = statement(this.ctx, 'INSERT OR IGNORE INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, ?, ?)');
    const newest = new Map<string, StoredMetric>();
    for (const metric of metrics) {
      const { value, isNan } = storedMetricValue(metric.value);
      const stored: StoredMetric = { key: metric.key, value, isNan, timestamp: metric.timestamp, step: metric.step };
      insert.run(stored.key, stored.value, stored.timestamp, runId, stored.step, stored.isNan);
      const best = newest.get(stored.key);
      if (!best || isNewer(stored, best)) newest.set(stored.key, stored);
    }
    const upsert = statement(this.ctx,
      `INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (key, run_uuid) DO UPDATE SET value = excluded.value, timestamp = excluded.timestamp, step = excluded.step, is_nan = excluded.is_nan
       WHERE (excluded.step, excluded.timestamp, excluded.value) > (latest_metrics.step, latest_metrics.timestamp, latest_metrics.value)`);
    for (const m of newest.values()) upsert.run(m.key, m.value, m.timestamp, m.step, m.isNan, runId);
  }

  /** Params are immutable: the same value again is fine, a different one is refused. */
  private writeParams(runId: string, params: Param[]): void {
    if (params.length === 0) return;
    const existing = statement(this.ctx, 'SELECT value FROM params WHERE run_uuid = ? AND key = ?');
    const insert = statement(this.ctx, 'INSERT INTO params (key, value, run_uuid) VALUES (?, ?, ?)');
    const conflicts: { key: string; old_value: string; new_value: string }[] = [];
    for (const param of params) {
      const old = existing.get(runId, param.key) as { value: string } | undefined;
      if (!old) insert.run(param.key, param.value, runId);
      else if (old.value !== param.value) conflicts.push({ key: param.key, old_value: old.value, new_value: param.value });
    }
    if (conflicts.length > 0) {
      const shown = conflicts.map((c) => `key='${c.key}' was already logged with value='${c.old_value}', attempted new value '${c.new_value}'`).join('; ');
      throw MlflowError.invalidParameter(`Changing param values is not allowed. For run ID='${runId}': ${shown}.`);
    }
  }

  private writeTags(runId: string, tags: Tag[]): void {
    const upsert = statement(this.ctx, 'INSERT OR REPLACE INTO tags (key, value, run_uuid) VALUES (?, ?, ?)');
    for (const tag of tags) {
      if (tag.key === RUN_NAME_TAG) this.runs.writeRunName(runId, tag.value);
      else upsert.run(tag.key, tag.value, runId);
    }
  }
}
