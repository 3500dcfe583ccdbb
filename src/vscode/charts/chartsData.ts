// The charts' data on the host side: metric histories loaded from the store, shaped to the page's
// pixel budget, re-shaped on zoom, and the points logged since (live updates). No vscode here.
// Local stores (SQLite, mlruns/) give full histories, kept column-wise in memory; remote stores
// answer with MLflow's bulk-interval sampling, re-queried for each zoomed step range.
import type { ChartRun, PackedSeries, XRange } from '../../shared/chartsProtocol.ts';
import { bucketBudget, packSeries } from '../../shared/chartsProtocol.ts';
import type { Metric, Run } from '../../shared/entities.ts';
import {
  assignRunColors, MetricColumns, metricsCsv, shapeSeries, sortedSeries, xOf,
  type LivePoint, type MetricCsvRow, type SortedSeries, type XAxis,
} from '../../shared/seriesShaping.ts';
import { MAX_RESULTS_PER_RUN, MAX_RUNS_PER_BULK_INTERVAL } from '../../store/bulkIntervalQuery.ts';
import type { StoreCallOptions, TrackingStore } from '../../store/trackingStore.ts';

/** A series as drawn so far: where live polling continues from. */
interface LoadedSeries {
  columns: MetricColumns;
  sorted: Map<XAxis, SortedSeries>;
}

/** Tags longer than this are not offered to group runs by. */
const MAX_GROUPING_TAG_LENGTH = 250;

const seriesId = (runId: string, key: string) => `${runId}\u0000${key}`;

export class ChartsData {
  private readonly tracking: TrackingStore;
  readonly remote: boolean;
  private runs: Run[];
  private readonly experimentNames: Map<string, string>;
  private readonly loaded = new Map<string, Promise<LoadedSeries>>();
  /** Store calls carry it: closing the panel stops a load in the store worker, not just the wait for it. */
  private readonly call: StoreCallOptions | undefined;

  constructor(tracking: TrackingStore, remote: boolean, runs: Run[], experimentNames: Map<string, string>, signal?: AbortSignal) {
    this.tracking = tracking;
    this.remote = remote;
    this.runs = runs;
    this.experimentNames = experimentNames;
    this.call = signal ? { signal } : undefined;
  }

  get runIds(): string[] {
    return this.runs.map((r) => r.info.runId);
  }

  /** Runs as the page shows them, each with its stable colour. */
  chartRuns(): ChartRun[] {
    const colors = assignRunColors(this.runIds);
    return this.runs.map((run) => ({
      runId: run.info.runId,
      name: run.info.runName || run.info.runId,
      experimentName: this.experimentNames.get(run.info.experimentId) ?? run.info.experimentId,
      status: run.info.status,
      colorIndex: colors.get(run.info.runId) ?? 0,
      params: Object.fromEntries(run.data.params.map((p) => [p.key, p.value])),
      // Long tags (notes, model histories) are no grouping value and would only weigh on the message.
      tags: Object.fromEntries(run.data.tags.filter((t) => t.value.length <= MAX_GROUPING_TAG_LENGTH).map((t) => [t.key, t.value])),
    }));
  }

  /** Every metric key any of the runs logged, sorted. */
  keys(): string[] {
    return [...new Set(this.runs.flatMap((r) => r.data.metrics.map((m) => m.key)))].sort();
  }

  private runStart(run: Run, columns: MetricColumns): number {
    return run.info.startTime ?? (columns.length > 0 ? columns.timestamps[0] : 0);
  }

  private runsWith(key: string): Run[] {
    return this.runs.filter((r) => r.data.metrics.some((m) => m.key === key));
  }

  /** The series of `key` for every run that logged it, shaped for a chart `pixelWidth` wide. */
  async shape(key: string, axis: XAxis, pixelWidth: number, range?: XRange): Promise<PackedSeries[]> {
    const runs = this.runsWith(key);
    const hasSteps = axis !== 'step';
    const buckets = bucketBudget(pixelWidth, runs.length, hasSteps);
    if (this.remote) return this.shapeRemote(runs, key, axis, buckets, hasSteps, range);
    return Promise.all(runs.map(async (run) => {
      const series = await this.series(run, key);
      const shaped = shapeSeries(this.sorted(run, series, axis), { buckets, min: range?.min, max: range?.max });
      return packSeries(run.info.runId, key, shaped, hasSteps);
    }));
  }

  private sorted(run: Run, series: LoadedSeries, axis: XAxis): SortedSeries {
    let sorted = series.sorted.get(axis);
    if (!sorted) {
      sorted = sortedSeries(series.columns, axis, this.runStart(run, series.columns));
      series.sorted.set(axis, sorted);
    }
    return sorted;
  }

  /** A local run's full history of a key, loaded once (then kept up to date by poll()). */
  private series(run: Run, key: string): Promise<LoadedSeries> {
    const id = seriesId(run.info.runId, key);
    let loading = this.loaded.get(id);
    if (!loading) {
      loading = this.loadColumns(run.info.runId, key).then((columns) => ({ columns, sorted: new Map() }));
      loading.catch(() => this.loaded.delete(id));
      this.loaded.set(id, loading);
    }
    return loading;
  }

  /** A run's whole history of a key: as columns where the store offers them (local stores), else as pages of points. */
  private async loadColumns(runId: string, key: string): Promise<MetricColumns> {
    if (this.tracking.getMetricHistoryColumns) {
      const { steps, timestamps, values } = await this.tracking.getMetricHistoryColumns(runId, key, 0, this.call);
      return MetricColumns.of(steps, timestamps, values);
    }
    return MetricColumns.from(await this.fetchHistory(runId, key, 0));
  }

  /** The points after the first `skip` in store order. */
  private async fetchHistory(runId: string, key: string, skip: number): Promise<Metric[]> {
    const points: Metric[] = [];
    let page = await this.tracking.getMetricHistory(runId, key, { offset: skip }, this.call);
    for (;;) {
      for (const p of page.items) points.push(p);
      if (!page.nextPageToken) break;
      page = await this.tracking.getMetricHistory(runId, key, { pageToken: page.nextPageToken }, this.call);
    }
    return points;
  }

  private async shapeRemote(runs: Run[], key: string, axis: XAxis, buckets: number, hasSteps: boolean, range?: XRange): Promise<PackedSeries[]> {
    // Steps bound a bulk-interval query; on a time axis the full-range sample maps times to steps.
    let steps: XRange | undefined;
    if (range && axis === 'step') steps = { min: Math.floor(range.min), max: Math.ceil(range.max) };
    else if (range) steps = await this.stepsForTimeRange(runs, key, axis, range);
    const maxResults = Math.min(MAX_RESULTS_PER_RUN, Math.max(buckets, 2 * buckets));
    const byRun = await this.bulkInterval(runs.map((r) => r.info.runId), key, maxResults, steps);
    return runs.map((run) => {
      const points = byRun.get(run.info.runId) ?? [];
      const columns = MetricColumns.from(points);
      const shaped = shapeSeries(sortedSeries(columns, axis, this.runStart(run, columns)), { buckets, min: range?.min, max: range?.max });
      return packSeries(run.info.runId, key, shaped, hasSteps, points.length >= maxResults);
    });
  }

  private async bulkInterval(runIds: string[], key: string, maxResults: number, steps?: XRange): Promise<Map<string, Metric[]>> {
    const byRun = new Map<string, Metric[]>();
    for (let i = 0; i < runIds.length; i += MAX_RUNS_PER_BULK_INTERVAL) {
      const points = await this.tracking.getMetricHistoryBulkInterval({
        runIds: runIds.slice(i, i + MAX_RUNS_PER_BULK_INTERVAL), metricKey: key, maxResults, startStep: steps?.min, endStep: steps?.max,
      }, this.call);
      for (const p of points) {
        let list = byRun.get(p.runId);
        if (!list) byRun.set(p.runId, (list = []));
        list.push(p);
      }
    }
    return byRun;
  }

  private async stepsForTimeRange(runs: Run[], key: string, axis: XAxis, range: XRange): Promise<XRange | undefined> {
    const sample = await this.bulkInterval(runs.map((r) => r.info.runId), key, MAX_RESULTS_PER_RUN);
    let min = Infinity;
    let max = -Infinity;
    for (const run of runs) {
      const points = sample.get(run.info.runId) ?? [];
      const start = run.info.startTime ?? points[0]?.timestamp ?? 0;
      // Widen by one sampled point each side: the true edges lie between samples.
      points.forEach((p, i) => {
        const x = xOf(axis, p.step, p.timestamp, start);
        const prev = points[i - 1];
        const next = points[i + 1];
        const inside = x >= range.min && x <= range.max;
        const nextInside = next !== undefined && xOf(axis, next.step, next.timestamp, start) >= range.min && x < range.min;
        const prevInside = prev !== undefined && xOf(axis, prev.step, prev.timestamp, start) <= range.max && x > range.max;
        if (inside || nextInside || prevInside) {
          min = Math.min(min, p.step);
          max = Math.max(max, p.step);
        }
      });
    }
    return min <= max ? { min, max } : undefined;
  }

  /**
   * Points of RUNNING runs logged since the last call, on `axis`, for the series the page has.
   * Local stores continue their cached histories; remote stores ask for steps after the last seen.
   */
  async poll(axis: XAxis, keys: readonly string[], lastSteps: Map<string, number>): Promise<{ runId: string; key: string; points: LivePoint[] }[]> {
    const statuses = await Promise.all(this.runs.map((run) => this.tracking.getRun(run.info.runId).catch(() => run)));
    const wasRunning = new Set(this.runs.filter((r) => r.info.status === 'RUNNING').map((r) => r.info.runId));
    this.runs = statuses;
    const out: { runId: string; key: string; points: LivePoint[] }[] = [];
    for (const run of this.runs) {
      // A run that just finished gets one last poll for the points it logged before ending.
      if (run.info.status !== 'RUNNING' && !wasRunning.has(run.info.runId)) continue;
      for (const key of keys) {
        if (!run.data.metrics.some((m) => m.key === key)) continue;
        const points = this.remote ? await this.pollRemote(run, key, lastSteps) : await this.pollLocal(run, key);
        if (points.length > 0) out.push({ runId: run.info.runId, key, points: points.map((p) => ({ x: xOf(axis, p.step, p.timestamp, run.info.startTime ?? p.timestamp), step: p.step, value: p.value })) });
      }
    }
    return out;
  }

  private async pollLocal(run: Run, key: string): Promise<Metric[]> {
    // A series the page never asked for (a key new since it opened) comes with its next request.
    if (!this.loaded.has(seriesId(run.info.runId, key))) return [];
    const series = await this.series(run, key);
    const fresh = await this.fetchHistory(run.info.runId, key, series.columns.length);
    for (const p of fresh) series.columns.push(p.step, p.timestamp, p.value);
    if (fresh.length > 0) series.sorted.clear();
    return fresh;
  }

  private async pollRemote(run: Run, key: string, lastSteps: Map<string, number>): Promise<Metric[]> {
    const id = seriesId(run.info.runId, key);
    const after = lastSteps.get(id);
    const points = await this.tracking.getMetricHistoryBulkInterval({
      runIds: [run.info.runId], metricKey: key, maxResults: MAX_RESULTS_PER_RUN,
      ...(after === undefined ? {} : { startStep: after + 1, endStep: Number.MAX_SAFE_INTEGER }),
    }, this.call);
    if (points.length > 0) lastSteps.set(id, points[points.length - 1].step);
    return points;
  }

  /** Re-reads the runs (names, statuses, keys) and forgets cached histories. */
  async reload(): Promise<void> {
    this.runs = await Promise.all(this.runs.map((run) => this.tracking.getRun(run.info.runId).catch(() => run)));
    this.loaded.clear();
  }

  /** Every point of `keys` of every run, straight from the store, as CSV. */
  async csv(keys: readonly string[], signal?: AbortSignal): Promise<{ text: string; rows: number }> {
    const rows: MetricCsvRow[] = [];
    for (const key of keys) {
      for (const run of this.runsWith(key)) {
        signal?.throwIfAborted();
        const runName = run.info.runName || run.info.runId;
        for (const p of await this.fetchHistory(run.info.runId, key, 0)) rows.push({ runId: run.info.runId, runName, key, step: p.step, timestamp: p.timestamp, value: p.value });
      }
    }
    return { text: metricsCsv(rows), rows: rows.length };
  }
}

/** Last step per series from packed series (where remote polling continues). */
export function lastStepsOf(series: readonly PackedSeries[], into: Map<string, number>): void {
  for (const s of series) {
    if (s.count === 0) continue;
    const view = new Float32Array(s.data);
    const lastStep = s.hasSteps ? view[5 * s.count - 1] + s.stepBase : view[s.count - 1] + s.xBase;
    const id = seriesId(s.runId, s.key);
    into.set(id, Math.max(into.get(id) ?? -Infinity, Math.round(lastStep)));
  }
}
