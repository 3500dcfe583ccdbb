// Random access into an experiment's search results for the runs table: every store takes a
// query's `offset`, so any row range is one query away. No vscode.
import type { ComparedRun } from '../../shared/compareProtocol.ts';
import type { Run } from '../../shared/entities.ts';
import { orderByTerm } from '../../shared/runsTableColumns.ts';
import type { RunsQuery, RunsTableHostMessage } from '../../shared/runsTableProtocol.ts';
import type { SearchRunsQuery, TrackingStore } from '../../store/trackingStore.ts';
import { toComparedRun } from '../compare/comparedRuns.ts';
import { filterProblem } from '../experiments/runListOptions.ts';

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

export async function fetchRows(tracking: TrackingStore, query: SearchRunsQuery, start: number, count: number, experimentName: string): Promise<ComparedRun[]> {
  const page = await tracking.searchRuns(at(query, start, Math.min(count, FULL_PAGE)));
  return page.items.map((run) => toComparedRun(run, experimentName));
}

/** Every matching run, page by page (group-by and CSV export); stops early when aborted. */
export async function allRuns(tracking: TrackingStore, query: SearchRunsQuery, signal?: AbortSignal, onPage?: (loaded: number) => void): Promise<Run[]> {
  const runs: Run[] = [];
  let pageToken: string | undefined;
  do {
    signal?.throwIfAborted();
    const page = await tracking.searchRuns({ ...query, maxResults: FULL_PAGE, pageToken });
    runs.push(...page.items);
    onPage?.(runs.length);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return runs;
}
