// Answers repeated run searches over large experiments from memory. MLflow's schema has no index
// holding metric or param values, so SQL must probe every run on every query. Here the runs of an
// experiment set and the metric / param / tag columns a query names are read once per data
// generation, and filtered and ordered with the in-memory evaluator's comparison rules.
import type { RunInfo, ViewType } from '../../shared/entities.ts';
import { compareByKey, compareValue, effectiveRunOrder, keyValueMatches, runInfoAttribute, type Scalar } from '../search/inMemory.ts';
import type { Clause, OrderKey } from '../search/searchAst.ts';
import { RUN_COLUMNS, runInfoFromRow, type RunRow } from './rows.ts';
import { dataGeneration, statement, type SqliteContext } from './sqliteContext.ts';

/** Below this many runs SQL answers fast enough, and nothing is held in memory. */
export const CACHE_MIN_RUNS = 5000;

interface CachedRuns {
  key: string;
  generation: string;
  infos: RunInfo[];
  indexById: Map<string, number>;
  /** `metric:loss` → one value per run (undefined when the run lacks the key). */
  columns: Map<string, Scalar[]>;
}

const STAGES: Record<ViewType, string[]> = { ACTIVE_ONLY: ['active'], DELETED_ONLY: ['deleted'], ALL: ['active', 'deleted'] };

export class RunSearchCache {
  private readonly ctx: SqliteContext;
  // One experiment set at a time: the runs table and charts look at one experiment.
  private entry?: CachedRuns;
  /** Sets asked for once in this generation: the second ask builds the cache. */
  private seen = new Set<string>();
  private seenGeneration = '';
  private counts = new Map<string, number>();

  constructor(ctx: SqliteContext) {
    this.ctx = ctx;
  }

  /** Ordered run ids for the page, or undefined when SQL should answer (first ask, small sets, datasets). */
  search(experimentIds: string[], viewType: ViewType, clauses: Clause[], orderBy: OrderKey[], offset: number, limit: number): string[] | undefined {
    if (clauses.some((c) => c.entity === 'dataset') || orderBy.some((k) => k.entity === 'dataset')) return undefined;
    const ids = experimentIds.map(Number).filter(Number.isSafeInteger);
    if (ids.length === 0) return undefined;
    const key = ids.join(',');
    const generation = dataGeneration(this.ctx);
    if (this.entry?.key !== key || this.entry.generation !== generation) {
      if (generation !== this.seenGeneration) {
        this.seen.clear();
        this.counts.clear();
        this.seenGeneration = generation;
      }
      // A one-off query is cheaper in SQL than building the cache; a repeated one is not.
      if (!this.seen.has(key)) {
        this.seen.add(key);
        return undefined;
      }
      if (this.runCount(ids, key) < CACHE_MIN_RUNS) return undefined;
      this.entry = this.load(ids, key, generation);
    }
    return this.answer(this.entry, STAGES[viewType], clauses, orderBy, offset + limit).slice(offset);
  }

  private answer(entry: CachedRuns, stages: string[], clauses: Clause[], orderBy: OrderKey[], wanted: number): string[] {
    const tests = clauses.map((clause) => this.clauseTest(entry, clause));
    const keys = effectiveRunOrder(orderBy).map((k) => ({ read: this.reader(entry, k.entity, k.key), ascending: k.ascending }));
    const compare = (a: number, b: number): number => {
      for (const k of keys) {
        const order = compareByKey(k.read(a), k.read(b), k.ascending);
        if (order !== 0) return order;
      }
      return 0;
    };
    const top: number[] = [];
    for (let i = 0; i < entry.infos.length; i++) {
      if (!stages.includes(entry.infos[i].lifecycleStage) || !tests.every((test) => test(i))) continue;
      if (top.length === wanted && compare(i, top[wanted - 1]) >= 0) continue;
      // Keep the best `wanted` runs in order: a bounded insertion instead of sorting every match.
      let lo = 0;
      let hi = top.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compare(top[mid], i) <= 0) lo = mid + 1;
        else hi = mid;
      }
      top.splice(lo, 0, i);
      if (top.length > wanted) top.pop();
    }
    return top.map((i) => entry.infos[i].runId);
  }

  private clauseTest(entry: CachedRuns, clause: Clause): (i: number) => boolean {
    const read = this.reader(entry, clause.entity, clause.key);
    if (clause.entity === 'param' || clause.entity === 'tag') return (i) => keyValueMatches(read(i) as string | undefined, clause);
    return (i) => compareValue(read(i), clause);
  }

  private reader(entry: CachedRuns, entity: Clause['entity'], key: string): (i: number) => Scalar {
    if (entity === 'attribute') return (i) => runInfoAttribute(entry.infos[i], key);
    const column = this.column(entry, entity, key);
    return (i) => column[i];
  }

  private runCount(ids: number[], key: string): number {
    let count = this.counts.get(key);
    if (count === undefined) {
      count = (this.ctx.db.prepare(`SELECT COUNT(*) AS n FROM runs WHERE experiment_id IN (${ids.map(() => '?').join(',')})`).get(...ids) as { n: number }).n;
      this.counts.set(key, count);
    }
    return count;
  }

  private load(ids: number[], key: string, generation: string): CachedRuns {
    const rows = this.ctx.db.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE experiment_id IN (${ids.map(() => '?').join(',')})`).all(...ids) as RunRow[];
    const infos = rows.map(runInfoFromRow);
    return { key, generation, infos, indexById: new Map(infos.map((info, i) => [info.runId, i])), columns: new Map() };
  }

  /** One metric / param / tag key's values for every cached run, read on first use. */
  private column(entry: CachedRuns, entity: Clause['entity'], key: string): Scalar[] {
    const name = `${entity}:${key}`;
    let column = entry.columns.get(name);
    if (column) return column;
    column = new Array<Scalar>(entry.infos.length).fill(undefined);
    if (entity === 'metric') {
      for (const row of statement(this.ctx, 'SELECT run_uuid, value, is_nan FROM latest_metrics WHERE key = ?').iterate(key) as Iterable<{ run_uuid: string; value: number; is_nan: number }>) {
        const i = entry.indexById.get(row.run_uuid);
        if (i !== undefined) column[i] = row.is_nan ? NaN : row.value;
      }
    } else {
      const table = entity === 'param' ? 'params' : 'tags';
      for (const row of statement(this.ctx, `SELECT run_uuid, value FROM ${table} WHERE key = ?`).iterate(key) as Iterable<{ run_uuid: string; value: string | null }>) {
        const i = entry.indexById.get(row.run_uuid);
        if (i !== undefined) column[i] = row.value ?? '';
      }
    }
    entry.columns.set(name, column);
    return column;
  }
}
