// Metric history reads: the full or paged history of one key, and MLflow's bulk-interval sampling.
import type { Metric, Page, RunMetric } from '../../shared/entities.ts';
import { MlflowError } from '../../shared/errors.ts';
import { collectCancellable, throwIfCancelled } from '../cancellation.ts';
import { encodePageToken, queryOffset } from '../search/pageToken.ts';
import { validateBulkIntervalQuery } from '../bulkIntervalQuery.ts';
import type { BulkIntervalQuery, MetricHistoryColumns, MetricHistoryQuery } from '../trackingStore.ts';
import { metricFromRow, type MetricRow } from './rows.ts';
import { statement, type SqliteContext } from './sqliteContext.ts';

export class SqliteMetricHistory {
  private readonly ctx: SqliteContext;

  constructor(ctx: SqliteContext) {
    this.ctx = ctx;
  }

  history(runId: string, key: string, query: MetricHistoryQuery = {}, signal?: AbortSignal): Page<Metric> {
    // MLflow's SQL store answers an unknown run's history with an empty list, not an error.
    const offset = queryOffset(query);
    const max = query.maxResults;
    if (max !== undefined && (!Number.isInteger(max) || max <= 0)) {
      throw MlflowError.invalidParameter(`Invalid value ${max} for parameter 'max_results' supplied: it must be a positive integer.`);
    }
    const rows = collectCancellable<MetricRow>(statement(this.ctx,
      'SELECT key, value, timestamp, step, is_nan FROM metrics WHERE run_uuid = ? AND key = ? ORDER BY timestamp, step, value LIMIT ? OFFSET ?',
    ).iterate(runId, key, max === undefined ? -1 : max + 1, offset), signal);
    const hasMore = max !== undefined && rows.length > max;
    const items = (hasMore ? rows.slice(0, max) : rows).map(metricFromRow);
    return { items, nextPageToken: hasMore ? encodePageToken(offset + max) : undefined };
  }

  /** The history from its `offset`-th point (store order, as `history`) as columns, checking for cancellation as it goes. */
  columns(runId: string, key: string, offset = 0, signal?: AbortSignal): MetricHistoryColumns {
    if (!Number.isInteger(offset) || offset < 0) throw MlflowError.invalidParameter(`Invalid value ${offset} for parameter 'offset': it must be a non-negative integer.`);
    let capacity = 1024;
    let steps = new Float64Array(capacity);
    let timestamps = new Float64Array(capacity);
    let values = new Float64Array(capacity);
    let length = 0;
    throwIfCancelled(signal);
    const rows = statement(this.ctx,
      'SELECT step, timestamp, value, is_nan FROM metrics WHERE run_uuid = ? AND key = ? ORDER BY timestamp, step, value LIMIT -1 OFFSET ?',
    ).iterate(runId, key, offset) as Iterable<Pick<MetricRow, 'step' | 'timestamp' | 'value' | 'is_nan'>>;
    for (const row of rows) {
      if (length === capacity) {
        capacity *= 2;
        const grow = (from: Float64Array) => {
          const to = new Float64Array(capacity);
          to.set(from);
          return to;
        };
        [steps, timestamps, values] = [grow(steps), grow(timestamps), grow(values)];
        throwIfCancelled(signal);
      }
      steps[length] = row.step;
      timestamps[length] = row.timestamp ?? 0;
      values[length] = row.is_nan ? NaN : row.value;
      length++;
    }
    // Exact-length copies: each buffer then crosses to the caller's thread whole, without copying.
    return { steps: steps.slice(0, length), timestamps: timestamps.slice(0, length), values: values.slice(0, length) };
  }

  /**
   * Up to maxResults points per run, evenly spread over the rows ordered by (step, timestamp, value),
   * always ending with the run's last point: the same sample MLflow's SQL store returns.
   */
  bulkInterval(query: BulkIntervalQuery): RunMetric[] {
    const maxResults = validateBulkIntervalQuery(query);
    const { runIds, metricKey, startStep, endStep } = query;
    return runIds.flatMap((runId) => this.sampleRun(runId, metricKey, maxResults, startStep, endStep));
  }

  private sampleRun(runId: string, key: string, maxResults: number, startStep?: number, endStep?: number): RunMetric[] {
    const range = startStep !== undefined ? 'AND step >= ? AND step <= ?' : '';
    const args: (string | number)[] = [runId, key, ...(startStep !== undefined ? [startStep, endStep as number] : [])];
    const order = 'step, timestamp, value, is_nan';
    const sampled = statement(this.ctx,
      `SELECT key, value, timestamp, step, is_nan FROM (
         SELECT *, ROW_NUMBER() OVER (PARTITION BY bucket ORDER BY ${order}) AS rn FROM (
           SELECT key, value, timestamp, step, is_nan, NTILE(?) OVER (ORDER BY ${order}) AS bucket
           FROM metrics WHERE run_uuid = ? AND key = ? ${range}))
       WHERE rn = 1 ORDER BY ${order}`,
    ).all(maxResults, ...args) as MetricRow[];
    const last = statement(this.ctx,
      `SELECT key, value, timestamp, step, is_nan FROM metrics WHERE run_uuid = ? AND key = ? ${range}
       ORDER BY step DESC, timestamp DESC, value DESC, is_nan DESC LIMIT 1`,
    ).get(...args) as MetricRow | undefined;
    if (last && !sameRow(sampled[sampled.length - 1], last)) {
      if (sampled.length >= maxResults) sampled[sampled.length - 1] = last;
      else sampled.push(last);
    }
    return sampled.map((row) => ({ ...metricFromRow(row), runId }));
  }
}

function sameRow(a: MetricRow | undefined, b: MetricRow): boolean {
  return a !== undefined && a.step === b.step && a.timestamp === b.timestamp && a.is_nan === b.is_nan && (a.is_nan === 1 || a.value === b.value);
}
