// Random access into an experiment's search results for the runs table: every store takes a
// query's `offset`, so any row range is one query away. No vscode.
import type { ComparedRun } from '../../shared/compareProtocol.ts';
import type { Run } from '../../shared/entities.ts';
import { csvLine } from '../../shared/csv.ts';
import { cellValue, ColumnCollector, orderByTerm, RunGrouper } from '../../shared/runsTableColumns.ts';
import type { RunGroup, RunsQuery, RunsTableHostMessage } from '../../shared/runsTableProtocol.ts';
import type { SearchRunsQuery, TrackingStore } from '../../store/trackingStore.ts';
import { comparedAtStep, toComparedRun } from '../../describe/comparedRuns.ts';
import { filterProblem } from '../experiments/runListOptions.ts';
import { yieldToHost } from '../yieldToHost.ts';

const FULL_PAGE = 1000;

export function searchQuery(experimentId: string, query: RunsQuery): SearchRunsQuery {
  return {
    experimentIds: [experimentId],
    filter: query.filter?.trim() || undefined,
    orderBy: query.sortColumn ? [orderByTerm(query.sortColumn, query.ascending ?? false)] : undefined,
    runViewType: 'ACTIVE_ONLY',
  };
}

function at(query: SearchRunsQuery, offset: number, maxResults: number): SearchRunsQuery {
  return { ...query, maxResults, offset };
}

/** How many runs match: one page when they fit, else a doubling then halving probe (≈ 2·log₂ n asks). */
export async function countRuns(tracking: TrackingStore, query: SearchRunsQuery): Promise<number> {
  const first = await tracking.searchRuns(at(query, 0, FULL_PAGE));
  if (!first.nextPageToken) return first.items.length;
  const hasRowAt = async (offset: number) => (await tracking.searchRuns(at(query, offset, 1))).items.length > 0;
  let present = FULL_PAGE - 1;
  let absent = FULL_PAGE * 2;
  while (await hasRowAt(absent)) {
    present = absent;
    absent *= 2;
  }
  while (absent - present > 1) {
    const middle = Math.floor((present + absent) / 2);
    if (await hasRowAt(middle)) present = middle;
    else absent = middle;
  }
  return absent;
}

/**
 * The page's answer to a query: its count, or an error tied to the query (a filter we or the
 * store reject), so the page settles instead of waiting for a count that never comes.
 */
export async function countAnswer(tracking: TrackingStore, experimentId: string, queryId: number, query: RunsQuery): Promise<RunsTableHostMessage & { type: 'count' | 'error' }> {
  const problem = query.filter ? filterProblem(query.filter) : undefined;
  if (problem) return { type: 'error', queryId, message: `Invalid filter: ${problem}` };
  try {
    return { type: 'count', queryId, total: await countRuns(tracking, searchQuery(experimentId, query)) };
  } catch (error) {
    return { type: 'error', queryId, message: (error as Error).message };
  }
}

/**
 * A row range as the table shows it. With `atStep`, the given metric keys hold each row's value at
 * that step: read for these rows only (one bulk call per key and 100 rows), never for the whole experiment.
 */
export async function fetchRows(tracking: TrackingStore, query: SearchRunsQuery, start: number, count: number, experimentName: string, signal?: AbortSignal, atStep?: { step: number; metricKeys: readonly string[] }): Promise<ComparedRun[]> {
  const page = await tracking.searchRuns(at(query, start, Math.min(count, FULL_PAGE)), signal ? { signal } : undefined);
  const rows = page.items.map((run) => toComparedRun(run, experimentName));
  return atStep ? comparedAtStep(tracking, rows, atStep.metricKeys, atStep.step, signal) : rows;
}

/**
 * Every matching run as the table shows it, one page at a time: a page is small enough to map on
 * the extension host, and the store call in between gives the thread back. Cancelling stops the
 * store's work too (the signal reaches the store worker).
 */
export async function* comparedPages(tracking: TrackingStore, query: SearchRunsQuery, experimentName: string, signal?: AbortSignal): AsyncGenerator<ComparedRun[]> {
  let pageToken: string | undefined;
  do {
    signal?.throwIfAborted();
    const page = await tracking.searchRuns({ ...query, maxResults: FULL_PAGE, pageToken }, { signal });
    yield page.items.map((run) => toComparedRun(run, experimentName));
    pageToken = page.nextPageToken;
  } while (pageToken);
}

/** Every matching run (tests, small experiments); group-by and CSV export stream pages instead. */
export async function allRuns(tracking: TrackingStore, query: SearchRunsQuery, signal?: AbortSignal, onPage?: (loaded: number) => void): Promise<Run[]> {
  const runs: Run[] = [];
  let pageToken: string | undefined;
  do {
    signal?.throwIfAborted();
    const page = await tracking.searchRuns({ ...query, maxResults: FULL_PAGE, pageToken }, { signal });
    runs.push(...page.items);
    onPage?.(runs.length);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return runs;
}

/** Groups every matching run by a param, page by page. */
export async function groupAllRuns(tracking: TrackingStore, query: SearchRunsQuery, experimentName: string, paramKey: string, signal?: AbortSignal): Promise<RunGroup[]> {
  const grouper = new RunGrouper(paramKey);
  for await (const page of comparedPages(tracking, query, experimentName, signal)) grouper.add(page);
  return grouper.result();
}

/** Every matching run as CSV (run_id, then every column), built a page at a time. */
export async function runsCsv(tracking: TrackingStore, query: SearchRunsQuery, experimentName: string, signal?: AbortSignal, onPage?: (loaded: number) => void): Promise<{ text: string; rows: number }> {
  const pages: ComparedRun[][] = [];
  const collector = new ColumnCollector();
  let rows = 0;
  for await (const page of comparedPages(tracking, query, experimentName, signal)) {
    pages.push(page);
    collector.add(page);
    onPage?.((rows += page.length));
  }
  const columns = ['run_id', ...collector.columns()];
  const lines = [csvLine(columns)];
  for (const page of pages) {
    for (const run of page) lines.push(csvLine(columns.map((c) => (c === 'run_id' ? run.runId : cellValue(run, c)))));
    signal?.throwIfAborted();
    await yieldToHost();
  }
  return { text: `${lines.join('\n')}\n`, rows };
}
